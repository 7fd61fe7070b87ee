"""An editor's English translation of an article: `seeds/<stem>.en.md` beside the seed.

The file is YAML front matter (`title`, `summary`, `source_hash`) and a body of paragraphs
separated by blank lines; a line starting with "## " is a sub-heading. `source_hash` records
which Vietnamese text the translation was made from, so that the site can say when the
Vietnamese article has changed since (`python -m generator translations` prints the hash to
copy). The body is shown as text, escaped like article text, never as raw Markdown.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.model import SourceError
from generator.textkey import nfc, nfc_text
from generator.yamlload import load_yaml

TRANSLATION_SUFFIX = ".en.md"
# Hex digits of the SHA-256 of the Vietnamese text kept in a translation: enough to notice any edit.
SOURCE_HASH_CHARS = 12
HEADING_MARK = "## "


@dataclass(frozen=True, slots=True)
class Translation:
    """An editor's English version of one article."""

    title: str
    summary: str | None
    blocks: tuple[tuple[str, str], ...]
    """("heading" | "paragraph", text), in reading order."""
    source_hash: str | None
    """The hash of the Vietnamese text it was translated from; None if the editor did not record it."""
    path: Path


def source_hash(text: str) -> str:
    """Return the short hash that identifies a Vietnamese article text."""
    return hashlib.sha256(nfc_text(text).encode("utf-8")).hexdigest()[:SOURCE_HASH_CHARS]


def translation_path(article_path: Path) -> Path:
    return article_path.with_name(article_path.stem + TRANSLATION_SUFFIX)


def parse_translation(text: str, path: Path) -> Translation:
    """Return the translation in `text`; raise `SourceError` naming `path` when it is malformed."""
    text = nfc(text.lstrip("\ufeff")).replace("\r\n", "\n")
    if not text.startswith("---\n") or "\n---\n" not in text[3:]:
        raise SourceError(path, "must start with front matter between '---' lines (title, summary, source_hash)", 1)
    header, body = text[4:].split("\n---\n", 1)
    try:
        meta = load_yaml(header) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SourceError(path, f"front matter is not valid YAML: {getattr(error, 'problem', error)}", mark.line + 2 if mark else None) from None
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str) or not meta["title"].strip():
        raise SourceError(path, "front matter needs a `title`", 2)
    unknown = set(meta) - {"title", "summary", "source_hash"}
    if unknown:
        raise SourceError(path, f"unknown front matter keys: {', '.join(sorted(unknown))} (allowed: title, summary, source_hash)", 2)
    blocks = []
    for paragraph in body.split("\n\n"):
        paragraph = " ".join(paragraph.split())
        if paragraph.startswith(HEADING_MARK.strip() + " "):
            blocks.append(("heading", paragraph[len(HEADING_MARK) :].strip()))
        elif paragraph:
            blocks.append(("paragraph", paragraph))
    hash_value = meta.get("source_hash")
    return Translation(
        title=meta["title"].strip(),
        summary=str(meta["summary"]).strip() if meta.get("summary") else None,
        blocks=tuple(blocks),
        source_hash=None if hash_value is None else str(hash_value),
        path=path,
    )


def read_translation(article_path: Path) -> Translation | None:
    """Return the translation beside the article at `article_path`, or None when there is none."""
    path = translation_path(article_path)
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(path, f"cannot be read as UTF-8 text: {error}") from None
    return parse_translation(text, path)


def translation_status(translation: Translation | None, current_hash: str) -> str:
    """Return "missing", "translated" or "outdated" (made from another version of the Vietnamese text)."""
    if translation is None:
        return "missing"
    if translation.source_hash and translation.source_hash != current_hash:
        return "outdated"
    return "translated"
