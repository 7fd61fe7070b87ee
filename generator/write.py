"""Write stage: {path: content} -> files under docs/, touching only what the generator owns, all or nothing.

Ownership. The generator shares `docs/` with hand-written pages, so it keeps a manifest of
the files it wrote (`docs/.generator-manifest.json`). It never overwrites a file that is not
in the manifest, removes only files that are, and leaves a file whose content is unchanged
untouched (its mtime too, so `mkdocs serve` does not rebuild the world).

All or nothing. A build must never leave `docs/` half old and half new, whether it fails
with an exception or is killed. The generated files are spread among hand-written ones, so
no single rename can swap them all; instead the write is a small transaction with a
write-ahead journal, in a staging folder beside `docs/` (`.docs.generator-staging/`: the same
file system, so renames are atomic, and outside `docs/`, so `docs/` holds nothing extra):

1. Plan, writing nothing: compare every page with the disk. Unchanged files are left alone;
   the others become operations: "create", "replace", and "remove" for owned files no
   longer generated. A path outside `docs/`, or an existing file not in the manifest, is refused.
2. Stage: write each new or changed file (the new manifest last) into `files/` of the
   staging folder, then flush them to disk (one `syncfs`, so that a power cut cannot leave a
   journal pointing to files that never reached the disk). An exception or a kill here leaves `docs/` untouched;
   the next run deletes the stale staging folder (roll back).
3. Commit: write `journal.json`, the list of operations, through a temporary file and an
   atomic rename. From this instant the new build is decided.
4. Apply: per operation, hard-link the old file into `backup/`, then `os.replace` the staged
   file over it (a reader sees the old page or the new one, never half of one); removed
   files are moved into `backup/`; the manifest goes last. Then the journal is deleted (the
   end of the transaction) and the staging folder with it.
5. Recover, at the start of every build and of every write: a journal left by a kill during
   step 4 is rolled forward, idempotently (a staged file still there has not been moved in
   yet; a missing one has). An exception during step 4 in the same process is undone at
   once: the journal is marked "undo", backups go back, new files go away, so `docs/` is
   exactly as before (mtimes too: the backups are the old files themselves); a kill during
   the undo is finished by the next run.

So after any failure, `docs/` is the previous build; after a kill, it is the previous build,
or the new one once the next run (or `recover`) has finished an interrupted apply. An advisory
lock on `docs/` (POSIX `flock`) keeps two builds from writing at the same time.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; one build at a time is then the user's care
    fcntl = None

MANIFEST_NAME = ".generator-manifest.json"
STAGING_SUFFIX = ".generator-staging"
JOURNAL_NAME = "journal.json"
JOURNAL_VERSION = 1


class WriteError(Exception):
    """Writing would damage a file the generator does not own, or cannot go on safely."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What a write changed under the output folder (docs-relative paths)."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def _check_relative(relative: str) -> None:
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or "\\" in relative or "\x00" in relative:
        raise WriteError(f"refusing to write outside the output folder: {relative!r}")


def _read_manifest(out_dir: Path) -> set[str]:
    path = out_dir / MANIFEST_NAME
    if not path.exists():
        return set()
    try:
        files = set(json.loads(path.read_text(encoding="utf-8"))["files"])
    except (ValueError, KeyError, TypeError) as error:
        raise WriteError(f"{path}: unreadable manifest ({error}); delete it only if docs/ holds no hand-written page") from None
    for relative in files:
        if not isinstance(relative, str):
            raise WriteError(f"{path}: unreadable manifest (entry {relative!r} is not a path)")
        try:
            _check_relative(relative)
        except WriteError:
            raise WriteError(f"{path}: the manifest lists {relative!r}, outside the folder; restore it") from None
    return files


def foreign_paths(pages: Mapping[str, object], out_dir: Path) -> list[str]:
    """Return the paths among `pages` that exist under `out_dir` and were not written by the generator."""
    recover(out_dir)
    owned = _read_manifest(out_dir)
    return sorted(p for p in pages if p not in owned and (out_dir / p).exists())


def staging_dir(out_dir: Path) -> Path:
    """The staging folder of `out_dir`: beside it on the same file system, else hidden inside it."""
    out_dir = out_dir.absolute()
    beside = out_dir.parent / f".{out_dir.name}{STAGING_SUFFIX}"
    try:
        if os.stat(out_dir.parent).st_dev != os.stat(out_dir).st_dev:
            return out_dir / STAGING_SUFFIX
    except FileNotFoundError:
        pass
    return beside


# --- durable small steps ------------------------------------------------------------------


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes, durable: bool = True) -> None:
    with open(path, "xb") as stream:
        stream.write(data)
        if durable:
            stream.flush()
            os.fsync(stream.fileno())


def _sync_filesystem(path: Path) -> None:
    """Flush everything written under `path` to disk in one call (syncfs on Linux), not one fsync per file."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(path, os.O_RDONLY)
        try:
            if libc.syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    except (OSError, AttributeError):
        pass
    if hasattr(os, "sync"):
        os.sync()
    else:  # pragma: no cover - Windows
        for file in path.rglob("*"):
            if file.is_file():
                with open(file, "rb+") as stream:
                    os.fsync(stream.fileno())


def _write_journal(staging: Path, journal: dict) -> None:
    temp = staging / (JOURNAL_NAME + ".tmp")
    temp.unlink(missing_ok=True)
    _write_file(temp, json.dumps(journal, ensure_ascii=False, indent=1).encode("utf-8"))
    os.replace(temp, staging / JOURNAL_NAME)
    _fsync_dir(staging)


def _prune_empty_parents(path: Path, out_dir: Path) -> None:
    for parent in path.parents:
        if parent == out_dir or not parent.is_relative_to(out_dir):
            break
        try:
            parent.rmdir()
        except OSError:  # not empty (or gone): stop here
            break


def _keep_backup(target: Path, backup: Path) -> None:
    """Keep the old file at `backup` without moving it: a hard link, or a copy where links fail."""
    if backup.exists() or not target.exists():
        return
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)


# --- the transaction -------------------------------------------------------------------------


def _apply(out_dir: Path, staging: Path, operations: list[list]) -> None:
    """Carry out the journal's operations; safe to repeat after a kill (roll forward)."""
    files, backups = staging / "files", staging / "backup"
    backups.mkdir(exist_ok=True)
    for index, (operation, relative, *_) in enumerate(operations):
        target, backup = out_dir / relative, backups / str(index)
        if operation == "remove":
            if target.exists():
                os.replace(target, backup)
            _prune_empty_parents(target, out_dir)
            continue
        staged = files / str(index)
        if not staged.exists():  # moved in before the interruption
            continue
        if operation == "replace":
            _keep_backup(target, backup)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)


def _undo(out_dir: Path, staging: Path, operations: list[list]) -> None:
    """Put back what `_apply` changed, newest first; safe to repeat after a kill."""
    files, backups = staging / "files", staging / "backup"
    for index in reversed(range(len(operations))):
        operation, relative, *new_folders = operations[index]
        target, backup = out_dir / relative, backups / str(index)
        if operation in ("replace", "remove"):
            if backup.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(backup, target)
        else:
            if not (files / str(index)).exists():  # a created file that was moved in
                target.unlink(missing_ok=True)
            for folder in new_folders[0] if new_folders else ():  # only the folders the apply made (if empty)
                with contextlib.suppress(OSError):
                    (out_dir / folder).rmdir()


def _finish(staging: Path) -> None:
    """End the transaction: without its journal the staging folder is only garbage, then gone."""
    (staging / JOURNAL_NAME).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def _recover_unlocked(out_dir: Path) -> str | None:
    staging = staging_dir(out_dir)
    if not staging.exists():
        return None
    journal_path = staging / JOURNAL_NAME
    if not journal_path.exists():
        shutil.rmtree(staging)
        return "rolled back"
    try:
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        operations = journal["operations"]
        state = journal["state"]
    except (ValueError, KeyError, TypeError) as error:
        raise WriteError(f"{journal_path}: unreadable journal of an interrupted build ({error}); check docs/ by hand") from None
    for operation in operations:
        _check_relative(operation[1])
    if state == "undo":
        _undo(out_dir.absolute(), staging, operations)
        _finish(staging)
        return "rolled back"
    _apply(out_dir.absolute(), staging, operations)
    _finish(staging)
    return "rolled forward"


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold the advisory lock on `out_dir` (created if missing) while writing."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WriteError(f"{out_dir}: another build is writing it right now; run again when it has finished") from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


def recover(out_dir: Path) -> str | None:
    """Finish or undo a write that a kill interrupted; return "rolled forward", "rolled back" or None.

    Called at the start of every build, before anything reads `out_dir`.
    """
    if not out_dir.exists() and not staging_dir(out_dir).exists():
        return None
    with _locked(out_dir):
        return _recover_unlocked(out_dir)


def _plan(
    pages: Mapping[str, bytes], out_dir: Path, owned: set[str], shared: Mapping[str, bytes]
) -> tuple[list[list], list[str]]:
    """Return (operations, unchanged paths); refuse to touch a file the generator does not own."""
    operations: list[list] = []
    unchanged: list[str] = []
    for relative in sorted(pages):
        _check_relative(relative)
        target = out_dir / relative
        if relative not in owned and (target.exists() or target.is_symlink()):
            raise WriteError(f"{target}: exists and was not written by the generator; rename one of them")
        if target.is_file() and target.read_bytes() == pages[relative]:
            unchanged.append(relative)
        else:
            operations.append(_write_operation(out_dir, relative))
    operations.extend(["remove", relative] for relative in sorted(owned - set(pages)))
    for relative in sorted(shared):
        _check_relative(relative)
        target = out_dir / relative
        if relative in pages or relative in owned:
            raise WriteError(f"{target}: cannot be both a generated page and a shared file")
        if not target.is_file() or target.read_bytes() != shared[relative]:
            operations.append(_write_operation(out_dir, relative))
    return operations, unchanged


def _write_operation(out_dir: Path, relative: str) -> list:
    """["replace", path], or ["create", path, [the folders it needs that do not exist yet, deepest first]]."""
    target = out_dir / relative
    if target.exists():
        return ["replace", relative]
    missing = [p for p in target.parents if p != out_dir and p.is_relative_to(out_dir) and not p.exists()]
    return ["create", relative, [p.relative_to(out_dir).as_posix() for p in missing]]


def _encoded(files: Mapping[str, str | bytes]) -> dict[str, bytes]:
    return {relative: content if isinstance(content, bytes) else content.encode("utf-8") for relative, content in files.items()}


def write_pages(
    pages: Mapping[str, str | bytes], out_dir: Path, shared: Mapping[str, str | bytes] | None = None
) -> WriteResult:
    """Make `out_dir` hold exactly `pages` (text or, for images, bytes) among the generator's files.

    `shared` are files the generator rewrites but does not own, such as the slug history that
    is committed with the project: written in the same transaction when they changed, never
    listed in the manifest nor removed. All or nothing (see the module's docstring): on an
    exception `out_dir` is left as it was.
    """
    data, extra = _encoded(pages), _encoded(shared or {})
    manifest = json.dumps({"files": sorted(data)}, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
    with _locked(out_dir):
        _recover_unlocked(out_dir)
        owned = _read_manifest(out_dir)
        operations, unchanged = _plan(data, out_dir, owned, extra)
        manifest_path = out_dir / MANIFEST_NAME
        if not manifest_path.is_file() or manifest_path.read_bytes() != manifest:
            operations.append(_write_operation(out_dir, MANIFEST_NAME))
        if operations:
            _transact(out_dir.absolute(), {**data, **extra, MANIFEST_NAME: manifest}, operations)
    written = tuple(op[1] for op in operations if op[0] != "remove" and op[1] in data)
    removed = tuple(op[1] for op in operations if op[0] == "remove")
    return WriteResult(written, tuple(unchanged), removed)


def _transact(out_dir: Path, data: Mapping[str, bytes], operations: list[list]) -> None:
    staging = staging_dir(out_dir)
    staging.mkdir()
    try:
        files = staging / "files"
        files.mkdir()
        for index, (operation, relative, *_) in enumerate(operations):
            if operation != "remove":
                _write_file(files / str(index), data[relative], durable=False)
        _sync_filesystem(files)  # the staged files reach the disk before the journal that points to them
        journal = {"version": JOURNAL_VERSION, "state": "apply", "operations": operations}
        _write_journal(staging, journal)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # nothing under out_dir was touched
        raise
    try:
        _apply(out_dir, staging, operations)
    except BaseException:
        _write_journal(staging, {**journal, "state": "undo"})
        _undo(out_dir, staging, operations)
        _finish(staging)
        raise
    _finish(staging)
