"""Incremental and parallel builds: unchanged input writes nothing, one edit rewrites only what
depends on it, and the parallel build is byte-identical to the serial one."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

import generator.build
from conftest import ROOT, copy_project, run
from generator.parallel import PARALLEL_MIN_ITEMS, iter_parallel

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import generate_corpus  # noqa: E402

BUILD = [sys.executable, "-m", "generator", "build"]


def snapshot(docs: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(docs).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in docs.rglob("*") if p.is_file()}


def test_an_unchanged_corpus_writes_no_file(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    run(BUILD, cwd=root)
    before = snapshot(root / "docs")
    result = run(BUILD, cwd=root)
    assert "0 files written" in result.stdout
    assert snapshot(root / "docs") == before  # same bytes and the same mtimes


def test_editing_one_paragraph_rewrites_only_that_article_in_both_languages(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    run(BUILD, cwd=root)
    before = snapshot(root / "docs")
    seed = root / "seeds" / "004_e0a7eaabf4e30ef7.txt"
    text = seed.read_text(encoding="utf-8")
    last_paragraph = "cụ thể hơn nữa./."
    assert last_paragraph in text
    seed.write_text(text.replace(last_paragraph, "cụ thể hơn nữa, ông nói thêm./."), encoding="utf-8")
    result = run(BUILD, cwd=root)
    after = snapshot(root / "docs")
    changed = {p for p in after if before.get(p, (None,))[0] != after[p][0]}
    touched = {p for p in after if before.get(p) != after[p]}
    slug = "day-manh-ket-noi-giua-dia-phuong-voi-cac-co-quan-dai-dien-o-nuoc-ngoai"
    assert changed == {f"articles/{slug}.md", f"en/articles/{slug}.md", ".generator-inputs"}
    assert touched == changed  # nothing else was rewritten, not even with the same bytes
    assert "2 files written" in result.stdout


def test_parallel_build_is_byte_identical_to_the_serial_one(tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        (tmp_path / f"jobs-{jobs}").mkdir()
        root = copy_project(tmp_path / f"jobs-{jobs}")
        for seed in (root / "seeds").glob("*.txt"):
            seed.unlink()
        generate_corpus(PARALLEL_MIN_ITEMS + 10, root / "seeds")
        run([*BUILD, "--jobs", jobs], cwd=root)
        outputs.append({path: data for path, (data, _) in snapshot(root / "docs").items()})
    assert len(outputs[0]) > 500
    assert outputs[0] == outputs[1]


def test_a_build_pauses_the_garbage_collector_only_while_it_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    collecting = []

    def stopping_extraction(*args, **kwargs):
        collecting.append(gc.isenabled())
        raise RuntimeError("stopped")

    monkeypatch.setattr(generator.build, "extract_all", stopping_extraction)
    root = copy_project(tmp_path)
    with pytest.raises(RuntimeError):
        generator.build.build(root / "seeds", root / "docs", project_dir=root)
    assert collecting == [False]
    assert gc.isenabled()


def test_workers_collect_garbage_when_their_parent_does_not() -> None:
    gc.disable()
    try:
        assert list(iter_parallel(lambda _: gc.isenabled(), range(4), workers=2, min_items=1, chunk_size=1)) == [True] * 4
    finally:
        gc.enable()


def test_workers_use_the_tables_built_when_the_resources_were_loaded() -> None:
    """Loading the resources builds every table an article needs, so that a build's workers,
    forked after the load, share them rather than each build them on its first article."""
    from generator import legacy
    from generator.extract import Resources, extract_many
    from generator.extract.people import _place_tables
    from generator.read import read_source

    resources = Resources.load()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))

    def builds_while_extracting(path: Path) -> tuple[int, int, set[str]]:
        misses = _place_tables.cache_info().misses, legacy.load_font_encodings.cache_info().misses
        lexicon_tables = set(vars(resources.people))
        extract_many([read_source(path)], resources)
        after = _place_tables.cache_info().misses, legacy.load_font_encodings.cache_info().misses
        return after[0] - misses[0], after[1] - misses[1], set(vars(resources.people)) - lexicon_tables

    assert list(iter_parallel(builds_while_extracting, seeds, workers=2, min_items=1, chunk_size=1)) == [(0, 0, set())] * len(seeds)
