"""Write stage: the generator touches only the files it owns."""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import write
from generator.write import MANIFEST_NAME, WriteError, write_pages


def test_writes_pages_and_a_manifest(tmp_path: Path) -> None:
    result = write_pages({"index.md": "a", "articles/x.md": "b"}, tmp_path)
    assert (tmp_path / "articles/x.md").read_text() == "b"
    assert set(result.written) == {"index.md", "articles/x.md"}
    assert (tmp_path / MANIFEST_NAME).exists()


def test_hand_written_page_survives_and_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "about.md").write_text("hand-written")
    write_pages({"index.md": "a"}, tmp_path)
    write_pages({"index.md": "b"}, tmp_path)
    assert (tmp_path / "about.md").read_text() == "hand-written"
    with pytest.raises(WriteError, match="not written by the generator"):
        write_pages({"about.md": "generated"}, tmp_path)
    assert (tmp_path / "about.md").read_text() == "hand-written"


def test_unchanged_pages_are_not_rewritten(tmp_path: Path) -> None:
    write_pages({"index.md": "a"}, tmp_path)
    page = tmp_path / "index.md"
    os.utime(page, (1_000_000, 1_000_000))
    result = write_pages({"index.md": "a"}, tmp_path)
    assert result.written == () and result.unchanged == ("index.md",)
    assert page.stat().st_mtime == 1_000_000


def test_pages_of_a_removed_article_disappear_with_their_empty_folder(tmp_path: Path) -> None:
    write_pages({"index.md": "a", "articles/old/x.md": "b"}, tmp_path)
    result = write_pages({"index.md": "a"}, tmp_path)
    assert result.removed == ("articles/old/x.md",)
    assert not (tmp_path / "articles").exists()


def test_paths_outside_the_output_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="outside"):
        write_pages({"../evil.md": "x"}, tmp_path / "docs")


def test_a_journal_left_by_the_previous_version_is_rolled_forward(tmp_path: Path) -> None:
    """Version 1 named staged files by their operation's index; a build killed under it is finished by this one."""
    write_pages({"index.md": "old", "articles/a.md": "a"}, tmp_path)
    staging = write.staging_dir(tmp_path)
    (staging / "files").mkdir(parents=True)
    (staging / "files" / "0").write_text("new", encoding="utf-8")
    (staging / "files" / "1").write_text("created", encoding="utf-8")
    operations = [["replace", "index.md"], ["create", "people/b.md", ["people"]], ["remove", "articles/a.md"]]
    journal = {"version": 1, "state": "apply", "operations": operations}
    (staging / write.JOURNAL_NAME).write_text(json.dumps(journal), encoding="utf-8")
    assert write.recover(tmp_path) == "rolled forward"
    assert (tmp_path / "index.md").read_text(encoding="utf-8") == "new"
    assert (tmp_path / "people" / "b.md").read_text(encoding="utf-8") == "created"
    assert not (tmp_path / "articles" / "a.md").exists()
    assert not staging.exists()


def test_a_journal_that_named_staged_files_by_a_hash_is_rolled_forward(tmp_path: Path) -> None:
    """Version 2 named staged files by a hash of their path; a build killed under it is finished by this one."""
    write_pages({"index.md": "old"}, tmp_path)
    staging = write.staging_dir(tmp_path)
    (staging / "files").mkdir(parents=True)
    for relative, content in (("index.md", "new"), ("people/b.md", "created")):
        name = hashlib.blake2b(relative.encode("utf-8"), digest_size=16).hexdigest()
        (staging / "files" / name).write_text(content, encoding="utf-8")
    operations = [["replace", "index.md"], ["create", "people/b.md", ["people"]]]
    journal = {"version": 2, "state": "apply", "operations": operations}
    (staging / write.JOURNAL_NAME).write_text(json.dumps(journal), encoding="utf-8")
    assert write.recover(tmp_path) == "rolled forward"
    assert (tmp_path / "index.md").read_text(encoding="utf-8") == "new"
    assert (tmp_path / "people" / "b.md").read_text(encoding="utf-8") == "created"
    assert not staging.exists()


def test_a_first_write_moves_each_new_folder_in_with_one_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renamed, rename = [], os.rename
    monkeypatch.setattr(write.os, "rename", lambda source, target: renamed.append(target) or rename(source, target))
    pages = {"index.md": "a", "articles/x.md": "b", "articles/y.md": "c", "assets/social/z.png": b"d"}
    result = write_pages(pages, tmp_path)
    assert sorted(renamed) == [os.path.join(tmp_path, "articles"), os.path.join(tmp_path, "assets")]
    assert {relative: (tmp_path / relative).read_bytes() for relative in pages} == {r: write._encoded(c) for r, c in pages.items()}
    assert set(result.written) == set(pages)


def test_a_journal_of_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    write_pages({"index.md": "old"}, tmp_path)
    staging = write.staging_dir(tmp_path)
    staging.mkdir()
    (staging / write.JOURNAL_NAME).write_text(json.dumps({"version": 99, "state": "apply", "operations": []}), encoding="utf-8")
    with pytest.raises(WriteError, match="version 99"):
        write.recover(tmp_path)
    assert (staging / write.JOURNAL_NAME).exists()
    assert (tmp_path / "index.md").read_text(encoding="utf-8") == "old"


@given(st.lists(st.sampled_from(["", ".", "..", "a", "b.md", "...", "..a", "\\", "x\x00", " "]), max_size=5).map("/".join))
def test_a_path_is_refused_exactly_when_it_could_leave_the_output_folder(relative: str) -> None:
    """The string check reads a path as PurePosixPath does: absolute, with "..", empty, a backslash or NUL is refused."""
    pure = PurePosixPath(relative)
    unsafe = pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in relative or "\x00" in relative
    if unsafe:
        with pytest.raises(WriteError, match="refusing to write outside the output folder"):
            write._check_relative(relative)
    else:
        write._check_relative(relative)


def test_the_commit_waits_for_a_flush_started_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    events = []

    def sync_filesystem(path: Path, syncfs=None) -> None:
        if threading.current_thread() is threading.main_thread():
            events.append("flushed")
        else:
            time.sleep(0.2)
            events.append("flushed ahead")

    monkeypatch.setattr(write, "_sync_filesystem", sync_filesystem)
    monkeypatch.setattr(write, "_syncfs", lambda: lambda fd: 0)  # a syncfs to flush ahead with, as on Linux
    with write.PageWriter(tmp_path / "docs") as writer:
        writer.add("a.md", "x")
        writer.flush_ahead()
        writer.add("b.md", "y")
        writer.commit()
    assert events == ["flushed ahead", "flushed"]
    assert (tmp_path / "docs" / "a.md").read_text() == "x" and (tmp_path / "docs" / "b.md").read_text() == "y"
