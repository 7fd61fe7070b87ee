"""Bad input, faults and hostile text (issue 7): clear errors, nothing lost, nothing injected.

Every input gets its specific outcome (the text it becomes, or the error naming the file and
line) while the rest of the corpus builds; a build that fails or is killed leaves docs/ as it
was (or, once the next run has finished an interrupted apply, as the new build made it);
the output does not depend on the machine; article text never becomes markup.
The cases are tabled in tests/samples/cases.py; RELIABILITY.md lists their outcomes.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator.build
from generator import write
from generator.cli import main
from generator.extract import Resources, extract
from generator.extract.people import split_vietnamese_name
from generator.legacy import load_font_encodings
from generator.link import link
from generator.model import Source, SourceError
from generator.read import MAX_ARTICLE_BYTES, decode_article, decode_bytes, read_source
from generator.render import article_path, escape_markdown, link_first_mentions, load_labels, render_shares
from generator.site_config import load_site_config

from conftest import BuiltSite, build_site, copy_project
from samples.cases import (
    ARTICLE,
    INPUT_CASES,
    LETTERS,
    SIDECAR_CASES,
    TCVN3_CAPITALS,
    TCVN3_LOWER,
    VNI_LOWER,
    VNI_UPPER,
    InputCase,
    SidecarCase,
    to_cp1258,
    to_tcvn3,
    to_vni,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = Path(__file__).parent / "samples"
RESOURCES = Resources.load()
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}


def generator_build(cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m generator build` in `cwd` (seeds/ and docs/ there, mkdocs.yml of the project)."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--project", str(ROOT), *args],
        cwd=cwd, env=env or ENV, capture_output=True, text=True, timeout=300,
    )


def snapshot(folder: Path, mtimes: bool = True) -> dict[str, tuple]:
    """Every file (bytes and mtime) and folder under `folder`: what "exactly as it was" compares."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns if mtimes else None)
        if path.is_file() else ("folder",)
        for path in sorted(folder.rglob("*"))
    }


# --- 1. decoding: every input its outcome ----------------------------------------------------


@pytest.mark.parametrize("case", INPUT_CASES, ids=lambda case: case.id)
def test_every_input_file_has_its_outcome(case: InputCase, tmp_path: Path) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.content())
    if case.text is not None:
        assert read_source(path).text == case.text
        return
    with pytest.raises(SourceError) as caught:
        read_source(path)
    where = f"{path}:{case.line}" if case.line else str(path)
    assert str(caught.value) == f"{where}: {case.error}"


def test_the_font_tables_convert_every_letter_in_both_cases() -> None:
    vni, tcvn3 = load_font_encodings()
    assert vni.convert(VNI_LOWER) == LETTERS
    assert vni.convert(VNI_UPPER) == LETTERS.upper()
    assert tcvn3.convert(TCVN3_LOWER) == LETTERS
    assert tcvn3.convert(" ".join(TCVN3_CAPITALS.values())) == " ".join(TCVN3_CAPITALS)
    # Capitals with a tone mark come from the .VnTimeH font at the lower-case codes.
    assert tcvn3.convert("CéNG HOµ X· HéI CHñ NGHÜA VIÖT NAM") == "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert tcvn3.convert("Hµ Néi, HµNH CHÝNH") == "Hà Nội, HÀNH CHÍNH"


# One real word for each of the 67 letters with a mark, in the order of LETTERS.
PANGRAM = (
    "và cả đã cá lạ ăn bằng chẳng ẵm bắc mặt dân cần ẩm vẫn đất lập đi chè trẻ sẽ bé mẹ đêm về để dễ tế "
    "việt gì tỉnh nghĩa chí thị hòa nhỏ rõ có học công đồng tổ chỗ quốc hội nơi người ở mỡ lớn hợp cùng "
    "của cũng phú vụ như từ sử những thứ tự kỳ kỷ mỹ ý lỵ"
)


@pytest.mark.parametrize(
    "encode, expected_encoding",
    [
        (lambda text: to_vni(text).encode("cp1252"), "VNI"),
        (lambda text: to_vni(text).encode("utf-8"), "VNI"),
        (lambda text: to_tcvn3(text).encode("cp1252"), "TCVN3 (ABC)"),
        (lambda text: to_tcvn3(text).encode("utf-8"), "TCVN3 (ABC)"),
        (to_cp1258, "Windows-1258"),
    ],
    ids=["vni-bytes", "vni-in-utf8", "tcvn3-bytes", "tcvn3-in-utf8", "windows-1258"],
)
def test_a_sentence_with_every_letter_and_tone_converts_back_exactly(encode, expected_encoding: str) -> None:
    assert all(any(letter in word for word in PANGRAM.split()) for letter in LETTERS.split())
    lines = [PANGRAM.capitalize(), PANGRAM.title(), PANGRAM.upper()]
    if expected_encoding.startswith("TCVN3"):
        # TCVN3 has no code for a capital with a tone mark ("Ẵm", "Ở"): only whole lines in capitals come back.
        lines.remove(PANGRAM.title())
    text = "".join(f"{line}.\n" for line in lines)
    assert decode_bytes(encode(text), Path("a.txt")) == (text, expected_encoding)


def test_every_bad_input_is_reported_by_name_and_the_rest_of_the_corpus_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for case in INPUT_CASES:
        (seeds / case.name).write_bytes(case.content())
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "docs"), "--project", str(ROOT)]) == 0
    out, err = capsys.readouterr()
    accepted = [case for case in INPUT_CASES if case.text is not None]
    refused = [case for case in INPUT_CASES if case.error is not None]
    assert f"built {len(accepted)} articles" in out and f"{len(refused)} articles skipped" in out
    for case in refused:
        where = f"{seeds / case.name}:{case.line}" if case.line else str(seeds / case.name)
        assert f"skipped {where}: {case.error}\n" in err
    for name, encoding in [("cp1258.txt", "Windows-1258"), ("vni.txt", "VNI"), ("tcvn3-utf8.txt", "TCVN3 (ABC)")]:
        assert f"converted {seeds / name} from {encoding} to Unicode; check its page, then save the file as UTF-8\n" in err
    manifest = json.loads((tmp_path / "docs" / write.MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert sum(1 for f in manifest if f.startswith("articles/") and f != "articles/index.md") == len(accepted)


def test_only_txt_files_are_read_and_the_others_are_reported_as_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "seeds"
    (seeds / "thu-muc-con").mkdir(parents=True)
    (seeds / "bai.txt").write_text(ARTICLE, encoding="utf-8")
    (seeds / "bai.yml").write_text("note: ngày lấy từ trang gốc\n", encoding="utf-8")
    (seeds / "khac.en.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (seeds / "README.md").write_text("# Bài viết\n", encoding="utf-8")
    (seeds / ".DS_Store").write_bytes(b"\x00\x01")
    for name in ("ghi-chu.docx", "bai-hoa.TXT", "ban-nhap.yaml", "bai.txt~"):
        (seeds / name).write_text(ARTICLE, encoding="utf-8")
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "docs"), "--project", str(ROOT)]) == 0
    out, err = capsys.readouterr()
    assert "built 1 articles" in out
    ignored = [line for line in err.splitlines() if line.startswith("ignored ")]
    assert ignored == [
        f"ignored {seeds / 'bai-hoa.TXT'}: a file that is not an article (articles are *.txt files; rename it to end in .txt)",
        f"ignored {seeds / 'bai.txt~'}: a file that is not an article (articles are *.txt files)",
        f"ignored {seeds / 'ban-nhap.yaml'}: a file that is not an article (articles are *.txt files)",
        f"ignored {seeds / 'ghi-chu.docx'}: a file that is not an article (articles are *.txt files)",
        f"ignored {seeds / 'thu-muc-con'}: a folder that is not an article (articles are *.txt files)",
    ]


def test_file_names_with_spaces_accents_or_decomposed_accents_build(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "bài viết mới.txt").write_text(ARTICLE, encoding="utf-8")
    decomposed = unicodedata.normalize("NFD", "Hà Nội đón khách.txt")
    (seeds / decomposed).write_text("Hà Nội đón khách quốc tế\n\nHà Nội đón đoàn khách quốc tế.\n", encoding="utf-8")
    report = generator.build.build(seeds, tmp_path / "docs", ROOT, RESOURCES)
    assert report.skipped == ()
    assert sorted(a.id for a in report.site.articles) == ["Hà Nội đón khách", "bài viết mới"]
    assert all(a.id == unicodedata.normalize("NFC", a.id) for a in report.site.articles)
    page = tmp_path / "docs" / "articles" / "doan-cong-tac-tinh-nghe-an-tham-huu-nghi-nuoc-ban-lao.md"
    assert "id: \"bài viết mới\"\n" in page.read_text(encoding="utf-8")


def test_a_one_megabyte_line_builds_in_seconds(tmp_path: Path) -> None:
    sentence = ARTICLE.split("\n")[2] + " "
    line = (sentence * (1_000_000 // len(sentence.encode()) + 1))[:1_000_000]
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "mot-dong.txt").write_text(f"Một dòng rất dài\n\n{line}\n", encoding="utf-8")
    start = time.monotonic()
    result = generator_build(tmp_path)
    elapsed = time.monotonic() - start
    assert result.returncode == 0, result.stderr
    assert "built 1 articles" in result.stdout
    assert elapsed < 30, f"a 1 MB line took {elapsed:.1f} s"
    page = (tmp_path / "docs" / "articles" / "mot-dong-rat-dai.md").read_text(encoding="utf-8")
    assert line.strip()[-60:] in page


def test_a_twenty_megabyte_file_is_refused_in_seconds_and_the_rest_builds(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    big = seeds / "qua-lon.txt"
    with big.open("wb") as stream:
        for _ in range(20_000_000 // len(ARTICLE.encode()) + 1):
            stream.write(ARTICLE.encode())
    (seeds / "bai.txt").write_text(ARTICLE, encoding="utf-8")
    start = time.monotonic()
    result = generator_build(tmp_path)
    elapsed = time.monotonic() - start
    size = big.stat().st_size
    assert size > 20_000_000
    assert result.returncode == 0 and "built 1 articles" in result.stdout
    assert (
        f"skipped {Path('seeds') / 'qua-lon.txt'}: is {size / 1e6:.1f} MB: an article is at most "
        f"{MAX_ARTICLE_BYTES / 1e6:g} MB (is this really one news article? split it, or cut what is not the article)"
    ) in result.stderr
    assert elapsed < 15, f"a 20 MB file took {elapsed:.1f} s"


# --- 2. sidecars and slugs ----------------------------------------------------------------


@pytest.mark.parametrize("case", SIDECAR_CASES, ids=lambda case: case.id)
def test_every_sidecar_mistake_names_the_file_and_line(case: SidecarCase, tmp_path: Path) -> None:
    (tmp_path / "bai.txt").write_text(ARTICLE, encoding="utf-8")
    sidecar = tmp_path / "bai.yml"
    sidecar.write_text(case.yaml, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_source(tmp_path / "bai.txt")
    assert str(caught.value) == f"{sidecar}:{case.line}: {case.error}"


def test_slug_collisions_are_errors_for_that_article_and_the_rest_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seeds.mkdir()
    (docs / "articles").mkdir(parents=True)
    hand_written = docs / "articles" / "gioi-thieu-so-ngoai-vu.md"
    hand_written.write_text("# Giới thiệu (viết tay)\n", encoding="utf-8")
    same = "Nghệ An đón đoàn công tác của Lào\n\n"
    (seeds / "a.txt").write_text(same + "Sáng 2/3/2024, tỉnh Nghệ An đón đoàn thứ nhất.\n", encoding="utf-8")
    (seeds / "b.txt").write_text(same + "Chiều 5/3/2024, tỉnh Nghệ An đón đoàn thứ hai.\n", encoding="utf-8")
    (seeds / "c.txt").write_text("Một bài khác hẳn\n\nNội dung của bài thứ ba.\n", encoding="utf-8")
    (seeds / "c.yml").write_text("note: đổi địa chỉ\nslug: nghe-an-don-doan-cong-tac-cua-lao\n", encoding="utf-8")
    (seeds / "d.txt").write_text("Bài thứ tư\n\nNội dung của bài thứ tư.\n", encoding="utf-8")
    (seeds / "d.yml").write_text("slug: dia-chi-rieng\n", encoding="utf-8")
    (seeds / "e.txt").write_text("Bài thứ năm\n\nNội dung của bài thứ năm.\n", encoding="utf-8")
    (seeds / "e.yml").write_text("title: Bài năm\nslug: dia-chi-rieng\n", encoding="utf-8")
    (seeds / "f.txt").write_text("Giới thiệu Sở Ngoại vụ\n\nNội dung của bài thứ sáu.\n", encoding="utf-8")
    assert main(["build", "--seeds", str(seeds), "--out", str(docs), "--project", str(ROOT)]) == 0
    out, err = capsys.readouterr()
    assert "built 3 articles" in out and "3 articles skipped" in out
    skipped = sorted(line for line in err.splitlines() if line.startswith("skipped "))
    assert skipped == [
        f"skipped {seeds / 'c.yml'}:2: slug 'nghe-an-don-doan-cong-tac-cua-lao' is also the slug of "
        f"{seeds / 'a.txt'}, {seeds / 'b.txt'}; two articles cannot share a page: choose another slug",
        f"skipped {seeds / 'e.yml'}:2: slug 'dia-chi-rieng' is already pinned by {seeds / 'd.yml'} (article d); "
        "two articles cannot share a page: give one of them another slug",
        f"skipped {seeds / 'f.txt'}: its page {docs / 'articles' / 'gioi-thieu-so-ngoai-vu.md'} would replace a "
        "hand-written page (slug 'gioi-thieu-so-ngoai-vu'); set another `slug:` in its sidecar, or rename the hand-written page",
    ]
    assert hand_written.read_text(encoding="utf-8") == "# Giới thiệu (viết tay)\n"
    # Two seeds with the same headline: both built, with distinct slugs (the smaller id keeps the plain one).
    articles = sorted(p.name for p in (docs / "articles").glob("*.md") if p.name != "index.md")
    assert "nghe-an-don-doan-cong-tac-cua-lao.md" in articles and "dia-chi-rieng.md" in articles
    twin = [name for name in articles if name.startswith("nghe-an-don-doan-cong-tac-cua-lao-")]
    assert len(twin) == 1 and "id: \"b\"\n" in (docs / "articles" / twin[0]).read_text(encoding="utf-8")


def test_a_removed_seed_loses_its_pages_and_hand_written_pages_stay(tmp_path: Path) -> None:
    seeds, docs = tmp_path / "seeds", tmp_path / "docs"
    seeds.mkdir()
    hand_written = {
        "about.md": "# Giới thiệu\n",
        "en/about.md": "# About\n",
        "articles/ghi-chu.md": "# Ghi chú viết tay\n",
    }
    for relative, text in hand_written.items():
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(text, encoding="utf-8")
    (seeds / "giu.txt").write_text(ARTICLE, encoding="utf-8")
    (seeds / "bo.txt").write_text(
        "Bộ trưởng Bùi Thanh Sơn thăm Hàn Quốc\n\nBộ trưởng Ngoại giao Bùi Thanh Sơn thăm Hàn Quốc.\n", encoding="utf-8"
    )
    first = generator_build(tmp_path)
    assert first.returncode == 0, first.stderr
    removed_pages = [
        "articles/bo-truong-bui-thanh-son-tham-han-quoc.md",
        "en/articles/bo-truong-bui-thanh-son-tham-han-quoc.md",
        "people/bui-thanh-son.md",
        "partners/han-quoc.md",
    ]
    assert all((docs / page).is_file() for page in removed_pages)
    before = snapshot(docs)
    (seeds / "bo.txt").unlink()
    second = generator_build(tmp_path)
    assert second.returncode == 0, second.stderr
    assert re.search(r"built 1 articles .* [1-9]\d* removed", second.stdout)
    assert not any((docs / page).exists() for page in removed_pages)
    after = snapshot(docs)
    for relative in hand_written:
        assert after[relative] == before[relative]  # same bytes, same mtime
    assert (docs / "articles" / "doan-cong-tac-tinh-nghe-an-tham-huu-nghi-nuoc-ban-lao.md").is_file()


# --- 3. faults: an exception or a kill leaves docs/ as it was ---------------------------------


def _corpus(seeds: Path, version: int) -> None:
    """A small corpus, and a second version of it that changes, removes and adds articles."""
    if seeds.exists():
        shutil.rmtree(seeds)
    seeds.mkdir(parents=True)
    (seeds / "a.txt").write_text(ARTICLE if version == 1 else ARTICLE.replace("giai đoạn mới", "giai đoạn 2025–2030"), encoding="utf-8")
    if version == 1:
        (seeds / "b.txt").write_text(
            "Bộ trưởng Bùi Thanh Sơn thăm Hàn Quốc\n\nBộ trưởng Ngoại giao Bùi Thanh Sơn thăm Hàn Quốc.\n", encoding="utf-8"
        )
    title = "Nghệ An ký kết hợp tác với Lào" if version == 1 else "Nghệ An và Lào ký kết hợp tác"
    (seeds / "c.txt").write_text(f"{title}\n\nSáng 4/4/2024, tỉnh Nghệ An ký kết hợp tác với tỉnh Xiêng Khoảng (Lào).\n", encoding="utf-8")
    if version == 2:
        (seeds / "d.txt").write_text(
            "Thái Lan và Nghệ An\n\nĐoàn doanh nghiệp Thái Lan đến tìm hiểu cơ hội đầu tư tại Nghệ An.\n", encoding="utf-8"
        )


def _hand_written(docs: Path) -> None:
    for relative, text in {"about.md": "# Giới thiệu\n", "en/about.md": "# About\n", "articles/ghi-chu.md": "# Ghi chú\n"}.items():
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(text, encoding="utf-8")


@pytest.fixture
def two_versions(tmp_path: Path) -> tuple[Path, dict, dict]:
    """(project root with docs/ built from version 1 and seeds/ at version 2, docs before, docs after a good build)."""
    root = tmp_path / "project"
    _hand_written(root / "docs")
    _corpus(root / "seeds", 1)
    generator.build.build(root / "seeds", root / "docs", ROOT, RESOURCES)
    reference = tmp_path / "reference"
    shutil.copytree(root, reference)
    _corpus(root / "seeds", 2)
    _corpus(reference / "seeds", 2)
    generator.build.build(reference / "seeds", reference / "docs", ROOT, RESOURCES)
    before, after = snapshot(root / "docs"), snapshot(reference / "docs", mtimes=False)
    assert {k for k in before} != {k for k in after}  # the second version creates and removes pages
    return root, before, after


def _then_fail(original):
    def wrapper(*args, **kwargs):
        original(*args, **kwargs)
        raise OSError(28, "No space left on device (injected)")

    return wrapper


def _fail_on_call(original, number: int):
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == number:
            raise OSError(28, "No space left on device (injected)")
        return original(*args, **kwargs)

    return wrapper


@pytest.mark.parametrize(
    "where",
    ["render", "drawing", "staging", "commit", "apply", "apply-backup"],
)
def test_an_exception_midway_leaves_docs_exactly_as_it_was(
    where: str, two_versions, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, before, after = two_versions
    if where == "render":
        monkeypatch.setattr(generator.build, "render_shares", _fail_on_call(generator.build.render_shares, 1))
    elif where == "drawing":
        monkeypatch.setattr(generator.build, "draw_card", _fail_on_call(generator.build.draw_card, 1))
    elif where == "staging":
        monkeypatch.setattr(write, "_write_file", _fail_on_call(write._write_file, 5))
    elif where == "commit":
        monkeypatch.setattr(write, "_write_journal", _fail_on_call(write._write_journal, 1))
    elif where == "apply":  # call 1 renames the journal (the commit); the others move pages in
        monkeypatch.setattr(write.os, "replace", _fail_on_call(os.replace, 8))
    else:
        monkeypatch.setattr(write.os, "link", _fail_on_call(os.link, 3))
        monkeypatch.setattr(write.shutil, "copy2", _fail_on_call(shutil.copy2, 1))
    with pytest.raises(OSError, match="injected"):
        generator.build.build(root / "seeds", root / "docs", ROOT, RESOURCES)
    monkeypatch.undo()
    assert snapshot(root / "docs") == before
    assert not write.staging_dir(root / "docs").exists()
    generator.build.build(root / "seeds", root / "docs", ROOT, RESOURCES)
    assert snapshot(root / "docs", mtimes=False) == after


def test_an_undo_keeps_the_folders_that_were_there_and_removes_those_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "articles").mkdir()  # an empty folder made by hand
    # os.replace: call 1 commits the journal, 2 moves articles/a.md in (the new folders people/ and
    # topics/ moved in whole before it), 3 would move the manifest in
    monkeypatch.setattr(write.os, "replace", _fail_on_call(os.replace, 3))
    with pytest.raises(OSError, match="injected"):
        write.write_pages({"articles/a.md": "a", "people/b.md": "b", "topics/c.md": "c"}, tmp_path)
    monkeypatch.undo()
    assert snapshot(tmp_path) == {"articles": ("folder",)}


def test_a_second_build_cannot_write_while_one_is_writing(tmp_path: Path) -> None:
    with write._locked(tmp_path):
        with pytest.raises(write.WriteError, match="another build is writing it right now"):
            write.write_pages({"index.md": "x"}, tmp_path)
    assert write.write_pages({"index.md": "x"}, tmp_path).written == ("index.md",)


def test_a_tampered_manifest_cannot_make_the_generator_delete_outside_docs(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (docs / write.MANIFEST_NAME).write_text(json.dumps({"files": ["../mkdocs.yml"]}), encoding="utf-8")
    with pytest.raises(write.WriteError, match="the manifest lists '../mkdocs.yml', outside the folder"):
        write.write_pages({"index.md": "x"}, docs)
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: x\n"


# Runs `python -m generator build` with a SIGKILL (or an error, then a SIGKILL) at a chosen call.
KILLER = """
import os, signal, sys
import generator.write as write
from generator.cache import CACHE_SUFFIX
from generator.cli import main

where, number = sys.argv[1], int(sys.argv[2])
calls = []

def fault(original):
    def wrapper(*args, **kwargs):
        calls.append(1)
        if where == "undo" and len(calls) == number:
            raise OSError(28, "No space left on device (injected)")
        if len(calls) == (number + 2 if where == "undo" else number):
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)
    return wrapper

if where == "staging":
    write._write_file = fault(write._write_file)
elif where == "rename":  # os.rename moves the new folders in, after the commit
    rename, counted = os.rename, fault(os.rename)
    write.os.rename = lambda source, target: (counted if write.STAGING_SUFFIX in os.fspath(source) else rename)(source, target)
else:  # os.replace: call 1 renames the journal (the commit), the next ones move pages in
    replace, counted = os.replace, fault(os.replace)
    # the extraction cache's own renames (before the write begins) are not counted
    write.os.replace = lambda source, target: (replace if CACHE_SUFFIX in os.fspath(target) else counted)(source, target)
sys.exit(main(["build", "--project", sys.argv[3]]))
"""


@pytest.fixture
def first_build(tmp_path: Path) -> tuple[Path, dict]:
    """(project root with hand-written docs/ and seeds/ never built, docs after a good build)."""
    root = tmp_path / "project"
    _hand_written(root / "docs")
    _corpus(root / "seeds", 1)
    reference = tmp_path / "reference"
    shutil.copytree(root, reference)
    generator.build.build(reference / "seeds", reference / "docs", ROOT, RESOURCES)
    return root, snapshot(reference / "docs", mtimes=False)


def test_a_first_build_killed_while_its_new_folders_move_in_is_finished_by_the_next_run(first_build) -> None:
    root, after = first_build
    docs = root / "docs"
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, "rename", "2", str(ROOT)], cwd=root, env=ENV, capture_output=True, text=True
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert json.loads((write.staging_dir(docs) / write.JOURNAL_NAME).read_text(encoding="utf-8"))["state"] == "apply"
    assert write.recover(docs) == "rolled forward"
    assert snapshot(docs, mtimes=False) == after


def test_a_new_folder_that_cannot_move_in_whole_moves_in_file_by_file(first_build, monkeypatch: pytest.MonkeyPatch) -> None:
    root, after = first_build
    monkeypatch.setattr(write.os, "rename", _fail_on_call(os.rename, 1))
    generator.build.build(root / "seeds", root / "docs", ROOT, RESOURCES)
    assert snapshot(root / "docs", mtimes=False) == after


def test_an_exception_after_new_folders_moved_in_takes_them_out_again(first_build, monkeypatch: pytest.MonkeyPatch) -> None:
    root, _ = first_build
    before = snapshot(root / "docs")
    monkeypatch.setattr(write, "_move_new_folders", _then_fail(write._move_new_folders))
    with pytest.raises(OSError, match="injected"):
        generator.build.build(root / "seeds", root / "docs", ROOT, RESOURCES)
    assert snapshot(root / "docs") == before
    assert not write.staging_dir(root / "docs").exists()


@pytest.mark.parametrize(
    "where, number, outcome",
    [
        ("staging", 4, "before"),  # killed while staging: docs/ untouched, staging removed by the next run
        ("replace", 1, "before"),  # killed renaming the journal into place: not committed
        ("replace", 2, "after"),  # killed just after the commit: the next run rolls forward
        ("replace", 9, "after"),  # killed in the middle of the apply: rolled forward
        ("undo", 6, "before"),  # an error in the apply, then killed while undoing it: the next run finishes the undo
    ],
)
def test_a_kill_at_any_step_leaves_docs_as_before_or_finished_by_the_next_run(
    where: str, number: int, outcome: str, two_versions
) -> None:
    root, before, after = two_versions
    docs = root / "docs"
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, where, str(number), str(ROOT)], cwd=root, env=ENV, capture_output=True, text=True
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    journal = write.staging_dir(docs) / write.JOURNAL_NAME
    if outcome == "before" and not journal.exists():
        assert snapshot(docs) == before  # bytes and mtimes: not a file touched
    else:
        state = json.loads(journal.read_text(encoding="utf-8"))["state"]
        assert state == ("apply" if outcome == "after" else "undo")
    write.recover(docs)
    assert not write.staging_dir(docs).exists()
    if outcome == "before":
        assert snapshot(docs) == before
    else:
        assert snapshot(docs, mtimes=False) == after
    generator.build.build(root / "seeds", docs, ROOT, RESOURCES)  # the rerun completes
    assert snapshot(docs, mtimes=False) == after


def test_a_real_build_killed_at_random_moments_never_leaves_a_mix(tmp_path: Path) -> None:
    """SIGKILL an unmodified `python -m generator build` of a larger corpus as soon as it starts writing."""
    root = tmp_path / "project"
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    _hand_written(root / "docs")
    for index in range(16):
        (seeds / f"bai-{index:02d}.txt").write_text(f"Bài số {index} của tỉnh Nghệ An\n\n" + ARTICLE, encoding="utf-8")
    generator.build.build(seeds, root / "docs", ROOT, RESOURCES)
    for index in range(16):
        (seeds / f"bai-{index:02d}.txt").write_text(f"Tin số {index} về hợp tác với Lào\n\n" + ARTICLE, encoding="utf-8")
    saved = tmp_path / "saved-docs"
    shutil.copytree(root / "docs", saved)
    reference = tmp_path / "reference"
    shutil.copytree(root, reference)
    generator.build.build(reference / "seeds", reference / "docs", ROOT, RESOURCES)
    after = snapshot(reference / "docs", mtimes=False)
    docs = root / "docs"
    outcomes = []
    staging = write.staging_dir(docs)
    # Kill when the staging folder appears (the build starts writing) or the journal does (it commits), or a little later.
    for signal_file, delay in ((staging, 0.0), (staging, 0.01), (staging / write.JOURNAL_NAME, 0.0), (staging / write.JOURNAL_NAME, 0.002)):
        shutil.rmtree(docs)
        shutil.copytree(saved, docs)
        before = snapshot(docs)
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--project", str(ROOT)], cwd=root, env=ENV,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        while process.poll() is None and not signal_file.exists():
            time.sleep(0.0002)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        journal = write.staging_dir(docs) / write.JOURNAL_NAME
        if process.returncode == 0:
            outcomes.append("finished")
            assert snapshot(docs, mtimes=False) == after
        elif journal.exists():
            outcomes.append("killed during apply")
            assert write.recover(docs) == "rolled forward"
            assert snapshot(docs, mtimes=False) == after
        elif snapshot(docs) == before:
            outcomes.append("killed before commit")
        else:  # killed after the apply, while deleting the staging folder: the new build is complete
            outcomes.append("killed after apply")
            assert snapshot(docs, mtimes=False) == after
        generator.build.build(seeds, docs, ROOT, RESOURCES)
        assert snapshot(docs, mtimes=False) == after
    print("kill outcomes:", outcomes)
    assert any(outcome.startswith("killed") for outcome in outcomes), outcomes


# --- 4. determinism -------------------------------------------------------------------------


def test_output_is_byte_identical_whatever_the_order_hash_seed_locale_or_time_zone(tmp_path: Path) -> None:
    sources = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
    extra = {
        "bài viết mới.txt": ARTICLE.encode(),
        "vni.txt": to_vni(ARTICLE).encode("cp1252"),
        "trung-tieu-de.txt": ARTICLE.replace("Sáng 15/3/2024", "Chiều 16/3/2024").encode(),
    }
    variants = [
        {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
        {"PYTHONHASHSEED": "4242", "TZ": "KIR-14", "LC_ALL": "C", "LANG": "C"},
        {"PYTHONHASHSEED": "random", "TZ": "HST+10", "LC_ALL": "POSIX", "LANGUAGE": "vi"},
    ]
    outputs = []
    for number, variant in enumerate(variants):
        root = tmp_path / f"build-{number}"
        seeds = root / "seeds"
        seeds.mkdir(parents=True)
        order = list(range(len(sources) + len(extra)))
        random.Random(number).shuffle(order)  # files created in a different order each time
        for index in order:
            if index < len(sources):
                shutil.copy(sources[index], seeds / sources[index].name)
            else:
                name = list(extra)[index - len(sources)]
                (seeds / name).write_bytes(extra[name])
        result = generator_build(root, env={**ENV, **variant})
        assert result.returncode == 0, result.stderr
        outputs.append(snapshot(root / "docs", mtimes=False))
    assert len(outputs[0]) > 100
    assert outputs[1] == outputs[0] and outputs[2] == outputs[0]


# --- 5. hostile article text ----------------------------------------------------------------

HOSTILE_LINES = [line for line in (SAMPLES / "hostile.txt").read_text(encoding="utf-8").splitlines()[2:-1] if line]
HOSTILE_SLUG = "bai-thu-nghiem-noi-dung-doc-hai"
# Elements and attributes the article body may hold: the generator's own, never the article's.
BODY_TAGS = {("p", ""), ("p", ' class="lead"'), ("/p", "")}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    shutil.copy(SAMPLES / "hostile.txt", root / "seeds" / "zz_hostile.txt")
    return build_site(root)


def _body_paragraphs(page: str) -> str:
    """The article body between its title and the share block, as the HTML the theme wrote."""
    return page[page.index("</h1>") + 5 : page.index('<div class="share"')]


@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_markup_in_article_text_appears_as_plain_text(hostile_site: BuiltSite, line: str) -> None:
    page = (hostile_site.site / "articles" / HOSTILE_SLUG / "index.html").read_text(encoding="utf-8")
    body = _body_paragraphs(page)
    paragraphs = [html.unescape(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", body, re.S)]
    assert line in paragraphs  # shown, character for character, as one paragraph of text


def test_markup_in_article_text_changes_no_structure_and_reads_no_file(hostile_site: BuiltSite) -> None:
    page = (hostile_site.site / "articles" / HOSTILE_SLUG / "index.html").read_text(encoding="utf-8")
    body = _body_paragraphs(page)
    tags = {(m[1], m[2]) for m in re.finditer(r"<(/?[a-zA-Z][a-zA-Z0-9]*)([^>]*)>", body)}
    assert tags <= BODY_TAGS
    assert len(re.findall(r"<p[ >]", body)) == len(HOSTILE_LINES) + 2  # the lead, each line, the last paragraph
    assert page.count("<h1") == 1 and "<table" not in page and "<hr" not in body and 'class="footnote' not in page
    assert "root:x:0:0" not in page and "markdown_extensions" not in page  # snippets read nothing
    title = re.search(r"<title>(.*?)</title>", page, re.S)[1]
    assert title.startswith("Bài thử nghiệm nội dung độc hại")


# A script the theme or the project's own assets put in pages: by where it comes from, or,
# inline, by its code (the same on every page once the relative base address is set aside).
ALLOWED_SCRIPT_SOURCES = re.compile(r"^(?:assets/javascripts/[\w.-]+\.js|pagefind/pagefind-ui\.js)$")
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
URL_ATTRIBUTE = re.compile(r"""\s(?:href|src|action|formaction|data|poster|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def _normalise_script(body: str) -> str:
    """The script with the page's own address of the site root set aside (it depends on the page's depth)."""
    body = re.sub(r'new URL\("[^"]*"', 'new URL("BASE"', body)
    body = re.sub(r'"base":\s*"[^"]*"', '"base": "BASE"', body)
    return re.sub(r'"[^"]*?(assets/javascripts/[\w./-]+)"', r'"\1"', body)


def _check_scripts_and_urls(site: Path) -> int:
    references = [site / "about" / "index.html", site / "en" / "about" / "index.html"]  # hand-written pages
    allowed_inline = {
        (attrs.strip(), _normalise_script(body))
        for reference in references if reference.is_file()
        for attrs, body in SCRIPT.findall(reference.read_text(encoding="utf-8")) if "src=" not in attrs
    }
    assert len(allowed_inline) >= 3
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert text.lower().count("<script") == len(SCRIPT.findall(text)), f"{page}: a <script> that does not close"
        for attrs, body in SCRIPT.findall(text):
            source = re.search(r'src="([^"]+)"', attrs)
            if source:
                path = re.sub(r"^(?:\.\./|\./)*/?(?:[\w-]+/)*?(?=assets/javascripts/|pagefind/)", "", source[1])
                assert ALLOWED_SCRIPT_SOURCES.match(path), f"{page}: <script src={source[1]}>"
                assert (site / path).is_file(), f"{page}: {source[1]}"
            else:
                assert (attrs.strip(), _normalise_script(body)) in allowed_inline, f"{page}: inline <script>{body[:80]}"
        for match in URL_ATTRIBUTE.finditer(text):
            url = html.unescape(next(g for g in match.groups() if g is not None))
            compact = re.sub(r"[\x00-\x20]", "", url).lower()
            assert not compact.startswith(("javascript:", "vbscript:", "data:text/html")), f"{page}: {url}"
    return len(pages)


@pytest.mark.parametrize("which", ["seeds", "seeds and hostile article"])
def test_no_script_but_the_themes_and_no_javascript_url_anywhere_in_the_site(
    which: str, built_site: BuiltSite, hostile_site: BuiltSite
) -> None:
    site = built_site if which == "seeds" else hostile_site
    assert _check_scripts_and_urls(site.site) > 50


def test_a_quote_in_the_headline_or_lead_cannot_open_markup_in_the_page_head(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    for seed in (root / "seeds").iterdir():
        seed.unlink()
    (root / "seeds" / "dau-trang.txt").write_text(
        'Tiêu đề "><script>alert(1)</script></title><script>alert(2)</script>\n\n'
        'Đoạn mở đầu "><img src=x onerror=alert(3)> của bài.\n\nĐoạn hai.\n',
        encoding="utf-8",
    )
    built = build_site(root)
    page = next((built.site / "articles").glob("tieu-de-*/index.html")).read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    feed = (built.site / "feed.xml").read_text(encoding="utf-8")
    assert "&lt;img src=x" not in feed  # a feed reader decodes once and must still see text, not a tag


# --- 6. any text at all ---------------------------------------------------------------------

_TOKENS = [
    "<script>", "</p>", "<img src=x onerror=alert(1)>", "[", "]", "](", "javascript:", "{{", "}}", "{%", "{:",
    "--8<--", ":smile:", "[^1]", "#", "---", "|", "&amp;", "&#60;", "*", "_", "`", ">", "\n", "\n\n", "\r\n",
    "Việt Nam", "Nghệ An", "Bộ trưởng Bùi Thanh Sơn", "Lào", "Ông", " ", "Ảnh: TTXVN", "(TTXVN)", "20/02/2023",
    "Sáng 2/3/2024,", "\u200b", "\ufeff", "\u0301", "Vieät", "ViÖt", "BÌNH LUẬN", "Theo Báo Nghệ An", ".",
]
ARTICLE_TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(_TOKENS), st.text(max_size=8)), max_size=80).map("".join),
)
_LABELS = load_labels()
_CONFIG = load_site_config(ROOT)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARTICLE_TEXT)
def test_any_text_gives_an_article_or_a_clear_error_and_never_raw_html(text: str) -> None:
    path = Path("seeds/bat-ky.txt")
    try:
        source = Source(id="bat-ky", path=path, text=decode_article(text.encode("utf-8"), path))
        article = extract(source, RESOURCES)
    except SourceError as error:
        assert error.path == path
        return
    assert extract(source, RESOURCES) == article  # deterministic
    names = {p.name: "people/x.md" for p in article.people} | {p.name: "provinces/x.md" for p in article.provinces}
    for block in article.blocks:
        for shown in (escape_markdown(block.text), escape_markdown(block.credit or ""), link_first_mentions(block.text, dict(names), "articles/x.md")):
            assert "<" not in shown and ">" not in shown
            assert "[" not in re.sub(r"\[[^\[\]]*\]\((?:\.\./)?(?:people|provinces)/x\.md\)", "", shown)
    site = link([article], RESOURCES.gazetteer, RESOURCES.topics, lambda name: split_vietnamese_name(name, RESOURCES.people))
    pages = {path: page for share in render_shares(site, _LABELS, RESOURCES, _CONFIG) for path, page in share.pages.items()}
    page = pages[article_path(site.articles[0])].decode("utf-8")
    body = page.split("\n---\n", 1)[1]  # the front matter is YAML for the theme (its title and description are HTML-escaped text)
    for position in (m.start() for m in re.finditer("<", body)):
        tag = TEMPLATE_TAG.match(body, position)
        assert tag and not re.search(r"\son\w+\s*=|javascript:", tag[0], re.I), body[position : position + 60]
    assert ">" not in TEMPLATE_TAG.sub("", body).replace("&gt;", "")


# The HTML the page templates write around the escaped text (generator/templates/*.j2, the share block).
TEMPLATE_TAG = re.compile(r"</?(?:p|div|span|time|strong|a|button|figure|figcaption|img)(?:\s[^<>]*)?/?>")
