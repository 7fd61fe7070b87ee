"""Read stage: article files and their sidecars from disk into `Source` objects.

This is the only module that reads `seeds/`. Decoding never guesses, because a wrong guess
publishes mojibake; every file gets a defined outcome, converted or refused with a message
naming it (and the line, where there is one):

- UTF-8, with or without BOM, and UTF-16 with a BOM are read as they are;
- bytes that are not UTF-8 are tried as Windows-1258, VNI and TCVN3 Vietnamese, and kept
  only if the words come out Vietnamese (`generator.legacy`);
- UTF-8 text that shows a legacy font encoding ("Vieät Nam", "ViÖt Nam") is converted when
  the conversion gives Vietnamese words, refused otherwise;
- empty or blank files, NUL bytes and control characters (binary files), files over
  `MAX_ARTICLE_BYTES` are refused.

Then the text is NFC with `\\n` line endings. Only `*.txt` files are articles; other files in
the folder are reported as ignored, except sidecars, translations and READMEs.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from generator import legacy
from generator.model import Source, SourceError
from generator.sidecar import load_sidecar, read_sidecar_bytes
from generator.textkey import nfc, nfc_text

ARTICLE_SUFFIX = ".txt"
SIDECAR_SUFFIX = ".yml"
# Files beside the articles that are not articles and need no mention: sidecars, editors'
# English translations ("<stem>.en.md"), and a folder's own notes.
QUIET_SUFFIXES = (SIDECAR_SUFFIX, ".en.md")
QUIET_STEMS = frozenset({"readme", "license", "licence"})

# The largest article file read. News articles are tens of kilobytes; the extract stage
# takes about 3 s per megabyte, so a 20 MB paste would stall every build for a minute.
MAX_ARTICLE_BYTES = 2_000_000

# "\r\n" (Windows), lone "\r" (old Mac) and Unicode line/paragraph separators all end a line.
# Written to open with a character class, so that the regex engine skips from one to the next.
_LINE_BREAK_CHARS = "\r\u2028\u2029\x85\x0b\x0c"
_LINE_BREAK = re.compile(f"[{_LINE_BREAK_CHARS}](?:(?<=\r)\n)?")
# Control characters no text file holds (tab and line breaks are fine): the mark of a binary file.
_CONTROL_CHARS = "".join(map(chr, (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)))
_CONTROL = re.compile(f"[{re.escape(_CONTROL_CHARS)}]")
# The same as bytes: UTF-8 writes each of them as that one byte, and no other character with a
# byte below 0x80, so the bytes of a UTF-8 file tell whether its text holds one.
_CONTROL_BYTES = _CONTROL_CHARS.encode("ascii")
# What a file holding "no text" may still contain: whitespace and invisible characters.
_BLANK = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]*")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

Notify = Callable[[str], None]


def print_notice(message: str) -> None:
    print(message, file=sys.stderr)


def _line_at(data: bytes | str, offset: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1


def _find_control(text: str, utf8: bytes | None) -> re.Match[str] | None:
    """The first `_CONTROL` character of `text`, if any; `utf8` is the text's UTF-8 bytes when known.

    Deleting the control bytes from those, in C, tells far faster than a regex search that the
    text holds none, as nearly every text does.
    """
    if utf8 is not None and len(utf8.translate(None, _CONTROL_BYTES)) == len(utf8):
        return None
    return _CONTROL.search(text)


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Return (text, encoding) of an article file: NFC, `\\n` line endings, no BOM.

    `encoding` is "UTF-8", "UTF-16", "Windows-1258", "VNI" or "TCVN3 (ABC)"; anything that
    cannot be decoded with confidence raises `SourceError` naming `path` and the line.
    """
    if not data:
        raise SourceError(path, "has no text: the file is empty")
    bom_encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if bom_encoding is None and b"\x00" in data:
        raise SourceError(
            path,
            "contains NUL bytes: this looks like a binary file (or UTF-16 without a byte-order mark), not text",
            _line_at(data, data.index(b"\x00")),
        )
    encoding = "UTF-16" if bom_encoding == "utf-16" else "UTF-8"
    try:
        text = data.decode(bom_encoding or "utf-8")
    except UnicodeDecodeError as error:
        line = _line_at(data, error.start)
        if bom_encoding:
            raise SourceError(path, f"not valid {encoding} text (byte {error.start}); save the file as UTF-8", line) from None
        try:
            text, encoding = legacy.decode_legacy_bytes(data)
        except legacy.LegacyTextError as refusal:
            raise SourceError(path, f"not valid UTF-8 text (byte {error.start}: 0x{data[error.start]:02X}), {refusal.message}", line) from None
    if control := _find_control(text, data if encoding == "UTF-8" else None):
        what = "NUL bytes" if control.group(0) == "\x00" else f"the control character U+{ord(control.group(0)):04X}"
        raise SourceError(path, f"contains {what}: this looks like a binary file, not text", _line_at(text, control.start()))
    text = nfc_text(text)
    if any(map(text.__contains__, _LINE_BREAK_CHARS)):  # most texts have "\n" only: no regex pass
        text = _LINE_BREAK.sub("\n", text)
    if _BLANK.fullmatch(text):
        raise SourceError(path, "has no text: the file holds only whitespace")
    if encoding in ("UTF-8", "UTF-16"):
        try:
            text, font = legacy.convert_font_encoding(text)
        except legacy.LegacyTextError as refusal:
            raise SourceError(path, refusal.message, refusal.line) from None
        if font:
            encoding = font.name
    return text, encoding


def decode_article(data: bytes, path: Path) -> str:
    """Return the text of an article file, NFC with `\\n` line endings (see `decode_bytes`)."""
    return decode_bytes(data, path)[0]


# What reading an article uses: the bytes of its file and of its sidecar (None without one).
ArticleInputs = tuple[bytes, bytes | None]


def read_inputs(path: Path) -> ArticleInputs:
    """The bytes of the article file at `path` and of its sidecar `<stem>.yml`, if one is beside it.

    Read once: what is extracted and what the extraction cache's key hashes are then the same
    bytes, however the files change meanwhile. A file that cannot be read raises SourceError.
    """
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise SourceError(
                path,
                f"is {size / 1e6:.1f} MB: an article is at most {MAX_ARTICLE_BYTES / 1e6:g} MB "
                "(is this really one news article? split it, or cut what is not the article)",
            )
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot be read: {error.strerror}") from None
    sidecar_path = path.with_suffix(SIDECAR_SUFFIX)
    return data, read_sidecar_bytes(sidecar_path) if sidecar_path.is_file() else None


def source_from_inputs(path: Path, inputs: ArticleInputs, notify: Notify | None = None) -> Source:
    """The article at `path`, read from its `inputs` (`read_inputs`), with its sidecar applied.

    `notify` is told when the text had to be converted from a legacy encoding.
    """
    data, sidecar_data = inputs
    text, encoding = decode_bytes(data, path)
    if notify and encoding not in ("UTF-8", "UTF-16"):
        notify(f"converted {path} from {encoding} to Unicode; check its page, then save the file as UTF-8")
    sidecar_path = path.with_suffix(SIDECAR_SUFFIX)
    sidecar = load_sidecar(sidecar_path, sidecar_data) if sidecar_data is not None else {}
    return Source(
        id=nfc(path.stem),
        path=path,
        text=text,
        sidecar=sidecar,
        sidecar_path=sidecar_path if sidecar else None,
    )


def read_source(path: Path, notify: Notify | None = None) -> Source:
    """Return the article at `path` with its sidecar `<stem>.yml` applied if one is beside it.

    `notify` is told when the text had to be converted from a legacy encoding.
    """
    return source_from_inputs(path, read_inputs(path), notify)


def _is_quiet(entry: os.DirEntry) -> bool:
    name = entry.name.lower()
    return name.startswith(".") or name.endswith(QUIET_SUFFIXES) or name.split(".")[0] in QUIET_STEMS


def _is_article(entry: os.DirEntry) -> bool:
    return entry.is_file() and entry.name.endswith(ARTICLE_SUFFIX) and not _is_quiet(entry)


def _listing(seeds_dir: Path) -> list[os.DirEntry]:
    """The entries of `seeds_dir`, sorted by name so that builds do not depend on the file system.

    `os.scandir`'s entries know whether they are files without a `stat` each, and names sort
    faster than paths: a folder of ten thousand articles is listed in a tenth of the time.
    """
    with os.scandir(seeds_dir) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def sidecar_line(path: Path, key: str) -> int | None:
    """The line of a sidecar where top-level `key` is set, for messages about its value (None if not found)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, row in enumerate(text.split("\n"), 1) if re.match(rf"{re.escape(key)}\s*:", row)), None)


def refuse_shared_slugs(sources: list[Source]) -> tuple[list[Source], list[SourceError]]:
    """Keep the first article (by id) of those whose sidecars pin the same slug; an error names both."""
    owners: dict[str, Source] = {}
    errors = []
    for source in sorted(sources, key=lambda s: s.id):
        slug = source.sidecar.get("slug")
        owner = owners.setdefault(slug, source) if slug else source
        if owner is source:
            continue
        errors.append(SourceError(
            source.sidecar_path or source.path,
            f"slug {slug!r} is already pinned by {owner.sidecar_path} (article {owner.id}); "
            "two articles cannot share a page: give one of them another slug",
            sidecar_line(source.sidecar_path, "slug") if source.sidecar_path else None,
        ))
    refused = {error.path for error in errors}
    return [s for s in sources if (s.sidecar_path or s.path) not in refused], errors


def find_source_paths(seeds_dir: Path, notify: Notify | None = print_notice) -> list[Path]:
    """Return the article files of `seeds_dir`; `notify` (stderr by default) is told of the files that are ignored."""
    if not seeds_dir.is_dir():
        raise SourceError(seeds_dir, "is not a folder of articles")
    entries = _listing(seeds_dir)
    if notify:
        # the files not read that are worth telling about ("notes.docx", "bai.TXT")
        for entry in entries:
            if not _is_article(entry) and not _is_quiet(entry):
                path = seeds_dir / entry.name
                kind = "folder" if entry.is_dir() else "file"
                hint = f"; rename it to end in {ARTICLE_SUFFIX}" if path.suffix.lower() == ARTICLE_SUFFIX else ""
                notify(f"ignored {path}: a {kind} that is not an article (articles are *{ARTICLE_SUFFIX} files{hint})")
    return [seeds_dir / entry.name for entry in entries if _is_article(entry)]
