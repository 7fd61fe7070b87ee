"""Each article's extraction, kept between builds: an edit re-extracts only the edited article.

Extraction is most of a build's time, and an editor previewing a corpus of thousands of
articles changes one at a time. An entry is found by a hash of everything its extraction
read, the article file's path and bytes and its sidecar's bytes, and of the generator that
read them (its code, its data, and the versions of Python and of PyYAML, which reads the
sidecars): an entry is only ever used for the very inputs it was made from, and anything
else is extracted again.

Entries are pickles the generator wrote itself, in its own folder beside the output
(`.docs.generator-cache/` for `docs/`, ignored by git): not inside it, because a build that
fails leaves the output as it was. The entries of the articles extracted together are kept
together in one pack file: a first build of ten thousand articles then writes a few hundred
files, not ten thousand, whose creation took more time than the rest of keeping them. An
index says which pack holds each entry. Packs and index are written whole under a temporary
name and renamed, so a killed build leaves no half file; one that cannot be read is a miss.
After extraction the build writes the index of the entries it used and removes the packs
that hold none of them, and never any other file. (A pack may still hold the entries of
edited articles beside those in use, until none of its entries is used.)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from generator.read import ArticleInputs

CACHE_SUFFIX = ".generator-cache"
PACK_SUFFIX = ".pack"
INDEX_NAME = "index.pickle"
TEMPORARY_SUFFIX = ".tmp"
# Entries of the layout before packs (one file each), removed as the cache's own files.
OLD_ENTRY_SUFFIX = ".pickle"
# Bytes of a key's hash: a key is twice as many hex digits. A pack is named the same way.
KEY_BYTES = 20
# Bump when the layout of an entry changes (the code's own changes are in the key already).
ENTRY_FORMAT = "1"


def _file_bytes(path: Path) -> bytes | None:
    """The bytes of the file at `path`, or None if there is none or it cannot be read."""
    try:
        return path.read_bytes()
    except OSError:
        return None


def unpickle_entry(entry: bytes):
    """An entry's value, or None if it cannot be read (a file of an older layout, or damaged)."""
    try:
        return pickle.loads(entry)
    except Exception:  # any damage: unpickling raises many kinds of error, and a miss is safe
        return None


def _unpickled_dict(data: bytes | None) -> dict:
    """The dict pickled in `data` (an index, a pack); empty if there is none (no file, damage, another layout)."""
    value = unpickle_entry(data) if data is not None else None
    return value if isinstance(value, dict) else {}


def _is_unused(name: str, used_packs: set[str]) -> bool:
    """Whether the cache's file `name` may go: a pack not in use, a temporary file, an entry of the older layout."""
    if name.startswith(f"{INDEX_NAME}."):
        return name.endswith(TEMPORARY_SUFFIX)
    stem = name.split(".", 1)[0]
    if len(stem) != 2 * KEY_BYTES:
        return False
    if name.endswith(PACK_SUFFIX):
        return stem not in used_packs
    return name.endswith((TEMPORARY_SUFFIX, OLD_ENTRY_SUFFIX))


class ExtractionCache:
    """The cache folder of one output folder, for one version of the generator (`salt`).

    It holds no state but its folder, its salt and the index the last build left, read when
    it is made: forked workers use the parent's copy.
    """

    def __init__(self, out_dir: Path, salt: str):
        out_dir = out_dir.absolute()
        self.folder = out_dir.parent / f".{out_dir.name}{CACHE_SUFFIX}"
        self.salt = f"{ENTRY_FORMAT}\0{sys.version}\0{yaml.__version__}\0{salt}".encode("utf-8")
        self.index: dict[str, str] = _unpickled_dict(_file_bytes(self.folder / INDEX_NAME))
        """Key -> the pack holding its entry, as the last build left it."""

    def key(self, article_path: Path, inputs: ArticleInputs) -> str:
        """The hash of the article's path and of its `inputs`, its bytes and its sidecar's
        (absent and empty differ), as `read_inputs` read them.

        The path as given and as absolute: what was extracted holds it (in the source, and in
        the messages of errors).
        """
        digest = hashlib.blake2b(self.salt, digest_size=KEY_BYTES)
        names = f"{article_path}\0{article_path.absolute()}".encode("utf-8", "surrogateescape")
        for data in (names, *inputs):
            digest.update(b"\0" if data is None else len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()

    def get_many(self, keys: Sequence[str | None]) -> list[tuple[str, bytes] | None]:
        """For each key, its pack and its pickled entry, or None (also when they cannot be read: a miss is safe).

        Each pack is read once, however many of the keys it holds.
        """
        packs: dict[str, dict] = {}
        found: list[tuple[str, bytes] | None] = []
        for key in keys:
            pack = self.index.get(key) if key else None
            if pack is not None and pack not in packs:
                packs[pack] = _unpickled_dict(_file_bytes(self.folder / f"{pack}{PACK_SUFFIX}"))
            entry = packs[pack].get(key) if pack is not None else None
            found.append((pack, entry) if isinstance(entry, bytes) else None)
        return found

    def put_many(self, entries: Mapping[str, bytes]) -> str | None:
        """Keep the pickled `entries` (key -> entry) in one pack; its name, or None when it cannot be written
        (a folder that cannot be written only costs the cache)."""
        name = hashlib.blake2b("\0".join(sorted(entries)).encode("ascii"), digest_size=KEY_BYTES).hexdigest()
        return name if self._write(f"{name}{PACK_SUFFIX}", pickle.dumps(dict(entries))) else None

    def _write(self, name: str, data: bytes) -> bool:
        """Write `data` whole as the folder's file `name` (through a temporary file); False if it cannot."""
        temporary = self.folder / f"{name}.{os.getpid()}{TEMPORARY_SUFFIX}"
        try:
            try:
                temporary.write_bytes(data)
            except FileNotFoundError:  # the first file: the folder is made then
                self.folder.mkdir(parents=True, exist_ok=True)
                temporary.write_bytes(data)
            os.replace(temporary, self.folder / name)
            return True
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()
            return False

    def keep_only(self, index: Mapping[str, str]) -> None:
        """Make `index` (key -> pack) the cache's; remove the packs it does not name, leftover
        temporary files and entries of the older layout: nothing else in the folder."""
        if dict(index) != self.index and not self._write(INDEX_NAME, pickle.dumps(dict(index))):
            return  # the old index still names its packs: keep them
        self.index = dict(index)
        used = set(index.values())
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if _is_unused(name, used):
                with contextlib.suppress(OSError):
                    os.unlink(self.folder / name)
