"""Read stage: article files and their sidecars from disk into `Source` objects.

This is the only module that reads `seeds/`. Decoding is strict: a file that is not
UTF-8 or BOM-marked UTF-16 is refused with a message naming it, never guessed at,
because a wrong guess publishes mojibake.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from generator.model import Source, SourceError
from generator.sidecar import load_sidecar
from generator.textkey import nfc

ARTICLE_SUFFIX = ".txt"
SIDECAR_SUFFIX = ".yml"

# "\r\n" (Windows), lone "\r" (old Mac) and Unicode line/paragraph separators all end a line.
_LINE_BREAK = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_article(data: bytes, path: Path) -> str:
    """Return the text of an article file, NFC with `\\n` line endings.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are accepted; anything else,
    or a file holding NUL bytes after decoding, raises `SourceError` naming the file.
    """
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            path,
            f"not valid {encoding.upper()} text (byte {error.start}); save the file as UTF-8",
            line,
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(path, "contains NUL bytes: this looks like a binary file, not text", line)
    return _LINE_BREAK.sub("\n", nfc(text))


def read_source(path: Path) -> Source:
    """Return the article at `path` with its sidecar `<stem>.yml` applied if one is beside it."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot be read: {error.strerror}") from None
    text = decode_article(data, path)
    sidecar_path = path.with_suffix(SIDECAR_SUFFIX)
    sidecar = load_sidecar(sidecar_path) if sidecar_path.is_file() else {}
    return Source(
        id=path.stem,
        path=path,
        text=text,
        sidecar=sidecar,
        sidecar_path=sidecar_path if sidecar else None,
    )


def find_article_paths(seeds_dir: Path) -> list[Path]:
    """Return every article file in `seeds_dir`, sorted by name so builds do not depend on the file system."""
    return sorted(p for p in seeds_dir.iterdir() if p.is_file() and p.suffix == ARTICLE_SUFFIX)


def read_sources(seeds_dir: Path) -> tuple[list[Source], list[SourceError]]:
    """Return the readable articles of `seeds_dir` and an error for each one that is not.

    One broken article never stops the others: it is reported and skipped.
    """
    if not seeds_dir.is_dir():
        raise SourceError(seeds_dir, "is not a folder of articles")
    sources: list[Source] = []
    errors: list[SourceError] = []
    for path in find_article_paths(seeds_dir):
        try:
            sources.append(read_source(path))
        except SourceError as error:
            errors.append(error)
    return sources, errors
