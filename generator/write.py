"""Write stage: {path: text} -> files under docs/, touching only what the generator owns.

The generator shares `docs/` with hand-written pages, so it keeps a manifest of the files it
wrote. It never overwrites a file that is not in the manifest, removes only files that are,
and leaves a file whose content is unchanged untouched (its mtime too, so `mkdocs serve`
does not rebuild the world).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MANIFEST_NAME = ".generator-manifest.json"


class WriteError(Exception):
    """Writing would damage a file the generator does not own."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What a write changed under the output folder (docs-relative paths)."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def _read_manifest(out_dir: Path) -> set[str]:
    path = out_dir / MANIFEST_NAME
    if not path.exists():
        return set()
    try:
        return set(json.loads(path.read_text(encoding="utf-8"))["files"])
    except (ValueError, KeyError, TypeError) as error:
        raise WriteError(f"{path}: unreadable manifest ({error}); delete it only if docs/ holds no hand-written page") from None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file and rename, so a reader never sees half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_history(path: Path, text: str) -> None:
    """Write a file the generator both reads and writes (the slug history), only when it changed.

    It is not in the manifest: it is committed with the project, so a fresh clone has it
    before any build, and it must survive builds that own nothing yet.
    """
    data = text.encode("utf-8")
    if not path.is_file() or path.read_bytes() != data:
        _write_atomically(path, data)


def _check_relative(relative: str) -> None:
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise WriteError(f"refusing to write outside the output folder: {relative!r}")


def write_pages(pages: Mapping[str, str | bytes], out_dir: Path) -> WriteResult:
    """Make `out_dir` hold exactly `pages` (text or, for images, bytes) among the generator's files."""
    owned = _read_manifest(out_dir)
    for relative in pages:
        _check_relative(relative)
        if relative not in owned and (out_dir / relative).exists():
            raise WriteError(f"{out_dir / relative}: exists and was not written by the generator; rename one of them")
    written, unchanged = [], []
    for relative in sorted(pages):
        path = out_dir / relative
        content = pages[relative]
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        if path.is_file() and path.read_bytes() == data:
            unchanged.append(relative)
            continue
        _write_atomically(path, data)
        written.append(relative)
    removed = sorted(owned - set(pages))
    for relative in removed:
        path = out_dir / relative
        path.unlink(missing_ok=True)
        for parent in path.parents:
            if parent == out_dir or not parent.is_relative_to(out_dir) or any(parent.iterdir()):
                break
            parent.rmdir()
    manifest = json.dumps({"files": sorted(pages)}, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    manifest_path = out_dir / MANIFEST_NAME
    if not manifest_path.is_file() or manifest_path.read_bytes() != manifest:
        _write_atomically(manifest_path, manifest)
    return WriteResult(tuple(written), tuple(unchanged), tuple(removed))
