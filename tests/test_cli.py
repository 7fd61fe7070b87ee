"""The command line through `main(argv)`: exit codes and messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_extract_json_prints_one_object_per_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    outside = tmp_path / "bai moi.text"
    outside.write_text("Nghệ An đón đoàn Lào\n\nSáng 2/3/2024, Phó Chủ tịch UBND tỉnh Nghệ An Lê Văn Bảy đón đoàn Lào.\n", encoding="utf-8")
    assert main(["extract", str(ROOT / "seeds" / "003_c2d60fe8b1e516ac.txt"), str(outside), "--json"]) == 0
    lines = capsys.readouterr().out.strip().split("\n")
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    for record in (first, second):
        assert {"id", "title", "title_source", "date", "date_precision", "people", "credits", "provinces",
                "countries", "foreign_localities", "topics"} <= set(record)
    assert first["date"] == "2025-10-06" and first["date_precision"] == "day"
    assert second["id"] == "bai moi" and second["date"] == "2024-03-02"
    assert second["people"] == [{"name": "Lê Văn Bảy", "role": "Phó Chủ tịch UBND tỉnh Nghệ An"}]
    assert second["provinces"] == [{"name": "Nghệ An", "id": "nghe-an", "name_en": "Nghe An", "current_id": "nghe-an"}]
    assert [c["id"] for c in second["countries"]] == ["lao"]


def test_extract_of_a_broken_file_names_it_and_fails(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "hong.txt"
    broken.write_bytes(b"Ti\xc3\x28u \xe1 not text")
    assert main(["extract", str(broken), "--json"]) == 1
    assert str(broken) in capsys.readouterr().err


def test_report_lists_doubts_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--seeds", str(ROOT / "seeds")]) == 0
    out = capsys.readouterr().out
    assert "003_c2d60fe8b1e516ac" in out and "date-conflict" in out
    assert "derived-headline" in out and "dropped-line" in out


def test_build_skips_a_broken_article_and_builds_the_rest(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "tot.txt").write_text("Tiêu đề tốt\n\nNội dung bài viết tốt.\n", encoding="utf-8")
    (seeds / "hong.txt").write_bytes(b"\xff\xff")
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "docs")]) == 0
    captured = capsys.readouterr()
    assert "hong.txt" in captured.err and "built 1 articles" in captured.out
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "docs"), "--strict"]) == 1


def test_build_of_a_missing_folder_fails_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["build", "--seeds", str(tmp_path / "nothing"), "--out", str(tmp_path / "docs")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "nothing" in err


def test_report_lines_shows_the_role_of_every_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--seeds", str(ROOT / "seeds"), "--lines"]) == 0
    out = capsys.readouterr().out
    assert "caption" in out and "byline" in out and "[credit: An Chu]" in out
