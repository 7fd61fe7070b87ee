"""The extraction cache: an entry is used only for the very inputs it was made from, an edit
re-extracts only the edited article, and a build from the cache is the build without it."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

import generator.build
from conftest import SEEDS
from generator.build import build
from generator.cache import ExtractionCache
from generator.extract import Resources, extract
from generator.fingerprint import generator_fingerprint
from generator.read import find_source_paths, read_inputs, read_source, source_from_inputs


def corpus(tmp_path: Path) -> Path:
    """A copy of the seeds, sidecars and translations included."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    return seeds


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the articles each build extracts (serial builds: the count is in this process)."""
    calls: list[str] = []
    original = generator.build.extract_many

    def counting(sources, resources):
        calls.extend(source.id for source in sources)
        return original(sources, resources)

    monkeypatch.setattr(generator.build, "extract_many", counting)
    return calls


def test_an_extraction_comes_back_whole_from_its_pickle() -> None:
    """Entries and the workers' results are pickles made by the model's own pickling (`model._pickled_as_values`)."""
    resources = Resources.load()
    for path in find_source_paths(SEEDS):
        source = read_source(path)
        article = extract(source, resources)
        back = pickle.loads(pickle.dumps((source, article)))
        assert back == (source, article)
        assert [block.role for block in back[1].blocks] == [block.role for block in article.blocks]
        assert all(a.role is b.role for a, b in zip(back[1].blocks, article.blocks))


def test_the_key_is_the_files_name_bytes_and_sidecar_and_the_generator(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Nội dung", encoding="utf-8")
    cache = ExtractionCache(tmp_path / "docs", "generator 1")

    def key(path: Path, of: ExtractionCache = cache) -> str:
        return of.key(path, read_inputs(path))

    first = key(article)
    assert key(article) == first
    assert key(article, ExtractionCache(tmp_path / "docs", "generator 2")) != first
    sidecar = tmp_path / "a.yml"
    sidecar.write_text("", encoding="utf-8")
    with_empty_sidecar = key(article)
    assert with_empty_sidecar != first  # an empty sidecar is not no sidecar
    sidecar.write_text("title: Khác\n", encoding="utf-8")
    assert key(article) not in (first, with_empty_sidecar)
    sidecar.unlink()
    renamed = tmp_path / "b.txt"
    article.rename(renamed)
    assert key(renamed) != first
    renamed.write_text("Nội dung.", encoding="utf-8")
    assert key(renamed) != first


def test_what_is_extracted_is_what_the_key_was_made_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An article edited while the build reads it: its entry is the extraction of the very bytes its key hashes."""
    seeds = corpus(tmp_path)
    edited = sorted(seeds.glob("*.txt"))[0]
    read_before = read_inputs(edited)
    original = generator.build.source_from_inputs

    def edit_meanwhile(path, inputs, notify=None):
        if path == edited:
            path.write_text("Một bài viết khác hẳn, viết lại trong lúc đang đọc.\n", encoding="utf-8")
        return original(path, inputs, notify)

    monkeypatch.setattr(generator.build, "source_from_inputs", edit_meanwhile)
    build(seeds, tmp_path / "docs", workers=1)
    monkeypatch.undo()
    cache = ExtractionCache(tmp_path / "docs", generator_fingerprint())
    [(_, entry)] = cache.get_many([cache.key(edited, read_before)])
    assert pickle.loads(entry)[1] == extract(source_from_inputs(edited, read_before), Resources.load())
    assert cache.get_many([cache.key(edited, read_inputs(edited))]) == [None]  # the new text was never extracted


def test_the_cache_lives_beside_the_output_and_prunes_only_its_own_files(tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "docs", "salt")
    assert cache.folder == tmp_path / ".docs.generator-cache"
    kept, dropped, other = "a" * 40, "b" * 40, "e" * 40
    pack = cache.put_many({kept: b"kept", other: b"other"})
    unused = cache.put_many({dropped: b"dropped"})
    (cache.folder / f"{'c' * 40}.123.tmp").write_bytes(b"left by a killed build")
    (cache.folder / f"{'f' * 40}.pickle").write_bytes(b"an entry of the layout before packs")
    (cache.folder / "notes.txt").write_bytes(b"someone's file")
    (cache.folder / f"{'d' * 40}.txt").write_bytes(b"not an entry either")
    cache.keep_only({kept: pack})
    again = ExtractionCache(tmp_path / "docs", "salt")  # the next build reads the index
    assert again.get_many([kept, other, dropped, None]) == [(pack, b"kept"), None, None, None]
    assert sorted(p.name for p in cache.folder.iterdir()) == sorted(
        [f"{pack}.pack", "index.pickle", f"{'d' * 40}.txt", "notes.txt"]
    )
    assert unused != pack


def test_a_batch_of_articles_extracted_together_is_kept_in_one_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seeds = corpus(tmp_path)
    monkeypatch.setattr(generator.build, "EXTRACT_BATCH", 2)
    build(seeds, tmp_path / "docs", workers=1)
    cache = ExtractionCache(tmp_path / "docs", generator_fingerprint())
    articles = sorted(seeds.glob("*.txt"))
    assert len(cache.index) == len(articles)
    packs = sorted(p.stem for p in cache.folder.glob("*.pack"))
    assert packs == sorted(set(cache.index.values())) and len(packs) == -(-len(articles) // 2)


def test_an_edit_re_extracts_only_the_edited_article_and_the_output_is_the_uncached_one(tmp_path: Path, extracted: list[str]) -> None:
    seeds = corpus(tmp_path)
    build(seeds, tmp_path / "docs", workers=1)
    count = len(extracted)
    assert count == len(list(seeds.glob("*.txt")))
    edited = sorted(seeds.glob("*.txt"))[2]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nMột đoạn văn mới được thêm vào bài viết.\n", encoding="utf-8")
    build(seeds, tmp_path / "docs", workers=1)
    assert extracted[count:] == [edited.stem]
    # an entry in use for each article, and only the packs that hold them
    cache = ExtractionCache(tmp_path / "docs", generator_fingerprint())
    assert len(cache.index) == count
    assert {p.stem for p in cache.folder.glob("*.pack")} == set(cache.index.values())
    build(seeds, tmp_path / "fresh", workers=1)
    assert files(tmp_path / "docs") == files(tmp_path / "fresh")


def test_a_sidecar_edit_re_extracts_its_article(tmp_path: Path, extracted: list[str]) -> None:
    seeds = corpus(tmp_path)
    build(seeds, tmp_path / "docs", workers=1)
    count = len(extracted)
    article = sorted(seeds.glob("*.txt"))[0]
    article.with_suffix(".yml").write_text("title: Một tiêu đề do biên tập viên đặt\n", encoding="utf-8")
    build(seeds, tmp_path / "docs", workers=1)
    assert extracted[count:] == [article.stem]
    pages = (tmp_path / "docs" / "articles").glob("*.md")
    assert any("Một tiêu đề do biên tập viên đặt" in page.read_text(encoding="utf-8") for page in pages)


def test_a_damaged_entry_is_extracted_again(tmp_path: Path, extracted: list[str]) -> None:
    seeds = corpus(tmp_path)
    build(seeds, tmp_path / "docs", workers=1)
    before = files(tmp_path / "docs")
    cache_folder = tmp_path / ".docs.generator-cache"
    for damaged in ("entries", "*.pack", "index.pickle"):
        for file in cache_folder.glob("*.pack" if damaged == "entries" else damaged):
            if damaged == "entries":  # a whole pack of damaged entries
                entries = pickle.loads(file.read_bytes())
                file.write_bytes(pickle.dumps({key: entry[:100] for key, entry in entries.items()}))
            else:
                file.write_bytes(file.read_bytes()[:100])
        count = len(extracted)
        for _ in range(2):
            (tmp_path / "docs" / ".generator-inputs").unlink()  # so that the build does its work again
            build(seeds, tmp_path / "docs", workers=1)
            assert files(tmp_path / "docs") == before
        # extracted again once, and kept again whole
        assert len(extracted) - count == len(list(seeds.glob("*.txt")))
