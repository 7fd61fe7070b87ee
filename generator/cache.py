"""Each article's extraction, kept between builds: an edit re-extracts only the edited article.

Extraction is most of a build's time, and an editor previewing a corpus of thousands of
articles changes one at a time. An entry is found by a hash of everything its extraction
read, the article file's path and bytes and its sidecar's bytes, and of the generator that
read them (its code, its data, and the versions of Python and of PyYAML, which reads the
sidecars): an entry is only ever used for the very inputs it was made from, and anything
else is extracted again.

Entries are pickles the generator wrote itself, in its own folder beside the output
(`.docs.generator-cache/` for `docs/`, ignored by git): not inside it, because a build that
fails leaves the output as it was. Each is written whole under a temporary name and
renamed, so a killed build leaves no half entry; one that cannot be read is a miss. After
extraction the build removes the entries it did not use, and never any other file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path

import yaml

from generator.read import SIDECAR_SUFFIX

CACHE_SUFFIX = ".generator-cache"
ENTRY_SUFFIX = ".pickle"
TEMPORARY_SUFFIX = ".tmp"
# Bytes of a key's hash: a key is twice as many hex digits, the stem of its entry's file name.
KEY_BYTES = 20
# Bump when the layout of an entry changes (the code's own changes are in the key already).
ENTRY_FORMAT = "1"


def _file_bytes(path: Path) -> bytes | None:
    """The bytes of the file at `path`, or None if there is none."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


class ExtractionCache:
    """The cache folder of one output folder, for one version of the generator (`salt`).

    It holds no state but its folder and salt, so forked workers use the parent's copy.
    """

    def __init__(self, out_dir: Path, salt: str):
        out_dir = out_dir.absolute()
        self.folder = out_dir.parent / f".{out_dir.name}{CACHE_SUFFIX}"
        self.salt = f"{ENTRY_FORMAT}\0{sys.version}\0{yaml.__version__}\0{salt}".encode("utf-8")

    def key(self, article_path: Path) -> str:
        """The hash of the article's path, its bytes and its sidecar's (absent and empty differ).

        The path as given and as absolute: what was extracted holds it (in the source, and in
        the messages of errors). Raises OSError if the article cannot be read: reading it then
        reports the error.
        """
        digest = hashlib.blake2b(self.salt, digest_size=KEY_BYTES)
        names = f"{article_path}\0{article_path.absolute()}".encode("utf-8", "surrogateescape")
        for data in (names, article_path.read_bytes(), _file_bytes(article_path.with_suffix(SIDECAR_SUFFIX))):
            digest.update(b"\0" if data is None else len(data).to_bytes(8, "big") + data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{ENTRY_SUFFIX}"

    def get(self, key: str) -> bytes | None:
        """The pickled entry under `key`, or None (also when it cannot be read: a miss is safe)."""
        try:
            return self._path(key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, entry: bytes) -> None:
        """Keep the pickled `entry` under `key`; a folder that cannot be written only costs the cache."""
        temporary = self.folder / f"{key}.{os.getpid()}{TEMPORARY_SUFFIX}"
        try:
            try:
                temporary.write_bytes(entry)
            except FileNotFoundError:  # the first entry: the folder is made then
                self.folder.mkdir(parents=True, exist_ok=True)
                temporary.write_bytes(entry)
            os.replace(temporary, self._path(key))
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()

    def keep_only(self, keys: set[str]) -> None:
        """Remove the entries (and leftover temporary files) not under `keys`: nothing else in the folder."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            stem = name.split(".", 1)[0]
            if name.endswith((ENTRY_SUFFIX, TEMPORARY_SUFFIX)) and len(stem) == 2 * KEY_BYTES and stem not in keys:
                with contextlib.suppress(OSError):
                    os.unlink(self.folder / name)


def unpickle_entry(entry: bytes):
    """An entry's value, or None if it cannot be read (a file of an older layout, or damaged)."""
    try:
        return pickle.loads(entry)
    except Exception:  # any damage: unpickling raises many kinds of error, and a miss is safe
        return None
