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
   staging folder, at its own path there (so render workers stage the pages they render, in
   parallel, and the writing process only records them), then flush them to
   disk (one `syncfs`, so that a power cut cannot leave a journal pointing to files that
   never reached the disk; `flush_ahead` starts flushing what is staged so far while the
   build still works). An exception or a kill here leaves `docs/` untouched; the next
   run deletes the stale staging folder (roll back).
3. Commit: write `journal.json`, the list of operations, through a temporary file and an
   atomic rename. From this instant the new build is decided.
4. Apply: a folder that is new, such as every folder of a first build, moves in whole with
   one rename; then, per operation, hard-link the old file into `backup/` and `os.replace`
   the staged file over it (a reader sees the old page or the new one, never half of one);
   removed files are moved into `backup/`; the manifest goes last. Then the journal is deleted (the
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
import hashlib
import json
import os
import posixpath
import shutil
import stat
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; one build at a time is then the user's care
    fcntl = None

MANIFEST_NAME = ".generator-manifest.json"
STAGING_SUFFIX = ".generator-staging"
JOURNAL_NAME = "journal.json"
# Journals name the staged files: version 1 by the operation's index, 2 by a hash of the path,
# 3 by the path itself (so that a staged folder can move in whole). Older ones are still finished.
JOURNAL_VERSION = 3


class WriteError(Exception):
    """Writing would damage a file the generator does not own, or cannot go on safely."""


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What a write changed under the output folder (docs-relative paths)."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def _check_relative(relative: str) -> None:
    """Refuse a path that could reach outside the output folder (read as PurePosixPath reads it).

    Plain string operations: it is asked for each of tens of thousands of pages.
    """
    parts = [part for part in relative.split("/") if part not in ("", ".")]
    if relative.startswith("/") or ".." in parts or not parts or "\\" in relative or "\x00" in relative:
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
    with open(path, "wb") as stream:
        stream.write(data)
        if durable:
            stream.flush()
            os.fsync(stream.fileno())


def _syncfs() -> Callable[[int], int] | None:
    """libc's `syncfs` (Linux): it flushes one file system, where `os.sync` flushes them all. None elsewhere."""
    try:
        return ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None


def _sync_filesystem(path: Path, syncfs: Callable[[int], int] | None = None) -> None:
    """Flush everything written under `path` to disk in one call (syncfs on Linux), not one fsync per file.

    `syncfs` is `_syncfs()` when the caller has it already (looked up in this thread otherwise).
    """
    syncfs = syncfs or _syncfs()
    if syncfs:
        try:
            fd = os.open(path, os.O_RDONLY)
            try:
                if syncfs(fd) == 0:
                    return
            finally:
                os.close(fd)
        except OSError:
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
    _write_file(temp, json.dumps(journal, ensure_ascii=False).encode("utf-8"))
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


def _keep_backup(target: str, backup: str) -> None:
    """Keep the old file at `backup` without moving it: a hard link, or a copy where links fail."""
    if os.path.exists(backup) or not os.path.exists(target):
        return
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)


# --- the transaction -------------------------------------------------------------------------


def _staged(files: Path, index: int, relative: str, version: int) -> str:
    """The staged file of operation `index` of a journal of `version` (see `JOURNAL_VERSION`).

    Found by the path, not by the order of staging, so that any process can stage a file
    without asking the others (render workers stage the pages they render).
    """
    if version == 1:
        return os.path.join(files, str(index))
    if version == 2:
        return os.path.join(files, hashlib.blake2b(relative.encode("utf-8"), digest_size=16).hexdigest())
    return os.path.join(files, relative)


def _new_top_folder(operation: list) -> str | None:
    """The outermost folder a "create" operation needs that was missing, if any.

    Its operation lists those folders deepest first.
    """
    return operation[2][-1] if operation[0] == "create" and operation[2:] and operation[2] else None


def _move_new_folders(out_dir: Path, files: Path, operations: list[list]) -> set[str]:
    """Move each staged folder that `out_dir` did not have when the write was planned in with one rename; return those moved.

    Such a folder holds created files only, and a first build's are nearly all of them: tens
    of thousands of files then move in with a few renames. One already moved (a roll forward)
    is not staged any more; one that cannot move (it appeared meanwhile) is left to the moves
    of its files.
    """
    moved = set()
    for folder in sorted(set(map(_new_top_folder, operations)) - {None}):
        staged = os.path.join(files, folder)
        if os.path.isdir(staged) and not os.path.lexists(os.path.join(out_dir, folder)):
            with contextlib.suppress(OSError):
                os.rename(staged, os.path.join(out_dir, folder))
                moved.add(folder)
    return moved


def _apply(out_dir: Path, staging: Path, operations: list[list], version: int = JOURNAL_VERSION) -> None:
    """Carry out the journal's operations; safe to repeat after a kill (roll forward).

    Paths are plain strings and each folder is made once: a first build moves tens of
    thousands of files in, and pathlib's objects and a failing `mkdir` per file took longer
    than the moves.
    """
    files, backups = staging / "files", staging / "backup"
    backups.mkdir(exist_ok=True)
    moved = _move_new_folders(out_dir, files, operations) if version >= 3 else set()
    folders_made: set[str] = set()
    for index, (operation, relative, *_) in enumerate(operations):
        if moved and _new_top_folder(operations[index]) in moved:
            continue  # moved in with its folder
        target, backup = os.path.join(out_dir, relative), os.path.join(backups, str(index))
        if operation == "remove":
            if os.path.exists(target):
                os.replace(target, backup)
            _prune_empty_parents(Path(target), out_dir)
            continue
        staged = _staged(files, index, relative, version)
        if not os.path.exists(staged):  # moved in before the interruption
            continue
        if operation == "replace":
            _keep_backup(target, backup)
        folder = os.path.dirname(target)
        if folder not in folders_made:
            os.makedirs(folder, exist_ok=True)
            folders_made.add(folder)
        os.replace(staged, target)


def _undo(out_dir: Path, staging: Path, operations: list[list], version: int = JOURNAL_VERSION) -> None:
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
            if not os.path.exists(_staged(files, index, relative, version)):  # a created file that was moved in
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
        version = journal.get("version", 1)
        if version not in range(1, JOURNAL_VERSION + 1):
            raise ValueError(f"version {version} is newer than this generator's")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise WriteError(f"{journal_path}: unreadable journal of an interrupted build ({error}); check docs/ by hand") from None
    for operation in operations:
        _check_relative(operation[1])
    if state == "undo":
        _undo(out_dir.absolute(), staging, operations, version)
        _finish(staging)
        return "rolled back"
    _apply(out_dir.absolute(), staging, operations, version)
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


def _encoded(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8")


def _holds(path: str, data: bytes) -> bool:
    """True if the regular file at `path` holds exactly `data` (its size is asked first: most changed pages differ in size)."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):  # as `os.path.isfile`: no such file is no file
        return False
    if not stat.S_ISREG(status.st_mode) or status.st_size != len(data):
        return False
    with open(path, "rb") as stream:
        return stream.read() == data


class PageWriter:
    """One write of the generator's files, handed over one at a time (see the module's docstring).

    Steps 1 and 2 happen as files arrive: a file equal to the one on disk is noted as
    unchanged, any other is staged at once, so a site of tens of thousands of pages is never
    held in memory whole. `commit` then removes what is no longer generated, writes the
    manifest and carries out steps 3-5. Use it as a context manager: leaving the block
    without `commit` (an exception, a clash) deletes the staging folder and leaves `out_dir`
    untouched. Paths that exist but were not written by the generator are not staged but
    collected in `foreign`; `commit` refuses to go on while there are any.
    """

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir.absolute()
        self.staging = staging_dir(out_dir)
        self.files = self.staging / "files"
        self.operations: list[list] = []
        self.unchanged: list[str] = []
        self.foreign: list[str] = []
        self._paths: set[str] = set()
        self._owned: set[str] = set()
        self._missing: dict[str, list[str]] = {}
        self._held = contextlib.ExitStack()
        self._flushing: threading.Thread | None = None

    def __enter__(self) -> PageWriter:
        with contextlib.ExitStack() as held:
            held.enter_context(_locked(self.out_dir))
            _recover_unlocked(self.out_dir)
            self._owned = _read_manifest(self.out_dir)
            self.files.mkdir(parents=True)  # before any worker stages a file in it
            self._held = held.pop_all()
        return self

    def __exit__(self, *exc_info) -> None:
        with self._held:
            if self.staging.exists() and not (self.staging / JOURNAL_NAME).exists():
                shutil.rmtree(self.staging, ignore_errors=True)  # not committed: nothing under out_dir was touched

    def _claim(self, relative: str) -> bool:
        """Note a generated path; False (and noted in `foreign`) if a hand-written file is there."""
        _check_relative(relative)
        if relative in self._paths:
            raise WriteError(f"{self.out_dir / relative}: generated twice in one build")
        self._paths.add(relative)
        if relative not in self._owned and os.path.lexists(os.path.join(self.out_dir, relative)):
            self.foreign.append(relative)
            return False
        return True

    def add(self, relative: str, content: str | bytes) -> None:
        """Make `relative` hold `content` (text or, for images, bytes): unchanged, or staged now."""
        self.record(relative, self.stage(relative, content))

    def stage(self, relative: str, content: str | bytes) -> bool:
        """Stage `content` for `relative` unless the file there holds it already; True if staged.

        It changes nothing in the writer, so worker processes may call it on the writer they
        were forked with; the process that commits must then `record` the answer.
        """
        _check_relative(relative)
        data = _encoded(content)
        if _holds(os.path.join(self.out_dir, relative), data):
            return False
        staged = _staged(self.files, 0, relative, JOURNAL_VERSION)
        try:
            _write_file(staged, data, durable=False)
        except FileNotFoundError:  # its folder's first file (another process may make the folder too)
            os.makedirs(os.path.dirname(staged), exist_ok=True)
            _write_file(staged, data, durable=False)
        return True

    def record(self, relative: str, staged: bool) -> None:
        """Note a generated path and what `stage` did with it (a file staged for a hand-written page is dropped)."""
        if not self._claim(relative):
            return
        if staged:
            self.operations.append(self._write_operation(relative))
        else:
            self.unchanged.append(relative)

    def keep(self, relative: str) -> bool:
        """Keep the generator's file at `relative` as it is, if it is there: for files named by their content.

        Returns False when there is no such file, and the caller must `add` it.
        """
        if relative in self._owned and (self.out_dir / relative).is_file():
            self.record(relative, staged=False)
            return True
        return False

    def flush_ahead(self) -> None:
        """Start flushing what is staged so far to the disk, in the background; `commit` waits for it.

        A build stages its pages, then draws its preview images for seconds while the disk is
        idle: flushed meanwhile, the pages no longer make the commit wait (its `syncfs` took
        0.8 s at 10,000 articles, 0.2 s after this). `syncfs` is looked up here: the thread then
        makes system calls only, and holds no lock that a worker forked meanwhile could inherit.
        """
        syncfs = _syncfs()
        if syncfs and self._flushing is None:
            self._flushing = threading.Thread(
                target=_sync_filesystem, args=(self.files, syncfs), name="flush-ahead", daemon=True
            )
            self._flushing.start()

    def _write_operation(self, relative: str) -> list:
        """["replace", path], or ["create", path, [the folders it needs that do not exist yet, deepest first]]."""
        if os.path.exists(os.path.join(self.out_dir, relative)):
            return ["replace", relative]
        return ["create", relative, self._missing_folders(posixpath.dirname(relative))]

    def _missing_folders(self, folder: str) -> list[str]:
        """`folder` and its parents under `out_dir` that do not exist, deepest first (asked once per folder)."""
        if folder not in self._missing:
            self._missing[folder] = (
                [folder, *self._missing_folders(posixpath.dirname(folder))]
                if folder and not os.path.isdir(os.path.join(self.out_dir, folder))
                else []
            )
        return self._missing[folder]

    def commit(self, shared: Mapping[str, str | bytes] | None = None) -> WriteResult:
        """Finish the write: remove what is no longer generated, write the manifest and `shared` files.

        `shared` are files the generator rewrites but does not own, such as the slug history
        that is committed with the project: written when they changed, never listed in the
        manifest nor removed.
        """
        if self.foreign:
            raise WriteError(f"{self.out_dir / self.foreign[0]}: exists and was not written by the generator; rename one of them")
        written = [op[1] for op in self.operations]
        removed = sorted(self._owned - self._paths)
        for relative in removed:
            self.operations.append(["remove", relative])
        for relative, content in sorted((shared or {}).items()):
            _check_relative(relative)
            if relative in self._paths or relative in self._owned:
                raise WriteError(f"{self.out_dir / relative}: cannot be both a generated page and a shared file")
            self._stage_shared(relative, content)
        manifest = json.dumps({"files": sorted(self._paths)}, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
        self._stage_shared(MANIFEST_NAME, manifest)
        if self.operations:
            self._transact()
        return WriteResult(tuple(sorted(written)), tuple(sorted(self.unchanged)), tuple(removed))

    def _stage_shared(self, relative: str, content: str | bytes) -> None:
        """Stage a file that is written but not owned (not claimed): the manifest, the slug history."""
        if self.stage(relative, content):
            self.operations.append(self._write_operation(relative))

    def _transact(self) -> None:
        """Steps 3-5: flush the staged files, commit the journal, apply (or undo on an exception)."""
        if self._flushing:
            self._flushing.join()
        _sync_filesystem(self.files)  # the staged files reach the disk before the journal that points to them
        journal = {"version": JOURNAL_VERSION, "state": "apply", "operations": self.operations}
        _write_journal(self.staging, journal)
        try:
            _apply(self.out_dir, self.staging, self.operations)
        except BaseException:
            _write_journal(self.staging, {**journal, "state": "undo"})
            _undo(self.out_dir, self.staging, self.operations)
            _finish(self.staging)
            raise
        _finish(self.staging)


def write_pages(
    pages: Mapping[str, str | bytes], out_dir: Path, shared: Mapping[str, str | bytes] | None = None
) -> WriteResult:
    """Make `out_dir` hold exactly `pages` (text or, for images, bytes) among the generator's files.

    All or nothing (see the module's docstring): on an exception `out_dir` is left as it was.
    """
    with PageWriter(out_dir) as writer:
        for relative in sorted(pages):
            writer.add(relative, pages[relative])
        return writer.commit(shared)
