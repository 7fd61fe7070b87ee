"""The editor's sidecar `<stem>.yml`: parsed safely and validated against a schema.

An editor corrects the machine here, so every mistake must come back as a message
naming the file and line, and the article is skipped rather than built wrong.
Later layers win (Pelican's metadata layers): the sidecar overrides what the text says.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from generator.model import SourceError

# "2023-02-20", "2023-02" or "2023": the precisions an editor can state.
ISO_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
# "bo-ngoai-giao-lam-viec-voi-nghe-an": lowercase ASCII words joined by single hyphens.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A slug becomes a file name ("<slug>.md"): file systems refuse names over 255 bytes.
SLUG_MAX_CHARS = 120
# Slugs whose page the generator writes itself: "articles/index.md" is the list of articles.
RESERVED_SLUGS = frozenset({"index"})

# A sidecar is a few lines; anything this big or this deeply nested is not one.
MAX_SIDECAR_BYTES = 100_000
MAX_DEPTH = 8
# The only explicit YAML tag an editor may need: "!!str 2023" to keep a value text.
ALLOWED_TAGS = frozenset({"tag:yaml.org,2002:str"})
# What an editor wrote, when a value of the wrong kind is given, by its implicit YAML tag.
_KINDS = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "yes/no (true/false)",
    "tag:yaml.org,2002:null": "nothing",
    "tag:yaml.org,2002:timestamp": "a date",
}

ENTITY_LIST_KEYS = ("add", "ignore")


class _Invalid(Exception):
    """A value that does not fit the schema; carries the YAML node for its line."""

    def __init__(self, node: yaml.Node, message: str):
        super().__init__(message)
        self.node = node


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _text(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode) and node.tag != "tag:yaml.org,2002:str":
        kind = _KINDS.get(node.tag, "a value that is not text")
        raise _Invalid(node, f"expected a text, found {kind} ({node.value!r}); put it in quotes if it is text")
    if not isinstance(node, yaml.ScalarNode):
        raise _Invalid(node, f"expected a text, found a {'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}")
    if not node.value.strip():
        raise _Invalid(node, "expected a non-empty text")
    return node.value.strip()


def _date(node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _Invalid(node, "expected a date written YYYY-MM-DD, YYYY-MM or YYYY")
    match = ISO_DATE.match(node.value.strip())
    if not match:
        raise _Invalid(node, f"date {node.value!r} is not written YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(match[k]) if match[k] else 1 for k in ("year", "month", "day"))
    try:
        dt.date(year, month, day)
    except ValueError:
        raise _Invalid(node, f"date {node.value!r} does not exist") from None
    return node.value.strip()


def _slug(node: yaml.Node) -> str:
    value = _text(node)
    if not SLUG.match(value):
        raise _Invalid(node, f"slug {value!r} must be lowercase ASCII letters, digits and single hyphens (no '/', '.', spaces or accents)")
    if len(value) > SLUG_MAX_CHARS:
        raise _Invalid(node, f"slug {value[:20]!r}… is {len(value)} characters long; at most {SLUG_MAX_CHARS}")
    if value in RESERVED_SLUGS:
        raise _Invalid(node, f"slug {value!r} is the address of a page the generator writes itself; choose another")
    return value


def _texts(node: yaml.Node) -> list[str]:
    if isinstance(node, yaml.ScalarNode):
        return [_text(node)]
    if not isinstance(node, yaml.SequenceNode):
        raise _Invalid(node, "expected a list")
    return [_text(item) for item in node.value]


def _slugs(node: yaml.Node) -> list[str]:
    if not isinstance(node, yaml.SequenceNode):
        raise _Invalid(node, "expected a list of slugs")
    return [_slug(item) for item in node.value]


def _mapping(node: yaml.Node, fields: dict[str, Callable[[yaml.Node], object]]) -> dict:
    if not isinstance(node, yaml.MappingNode):
        raise _Invalid(node, "expected keys and values")
    result: dict = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key not in fields:
            allowed = ", ".join(fields)
            raise _Invalid(key_node, f"unknown key {key!r} (allowed: {allowed})")
        if key in result:
            raise _Invalid(key_node, f"key {key!r} is given twice")
        result[key] = fields[key](value_node)
    return result


def _source(node: yaml.Node) -> dict:
    return _mapping(node, {"outlet": _text, "url": _text})


def _entity_lists(node: yaml.Node) -> dict:
    return _mapping(node, {key: _texts for key in ENTITY_LIST_KEYS})


def _person(node: yaml.Node) -> dict:
    if isinstance(node, yaml.ScalarNode):
        return {"name": _text(node)}
    return _mapping(node, {"name": _text, "role": _text, "family": _text, "given": _text})


def _people(node: yaml.Node) -> dict:
    def persons(list_node: yaml.Node) -> list[dict]:
        if not isinstance(list_node, yaml.SequenceNode):
            raise _Invalid(list_node, "expected a list of people")
        return [_person(item) for item in list_node.value]

    return _mapping(node, {"add": persons, "ignore": _texts})


# Every key an editor may set, and how its value is checked; the order is the documented one.
SIDECAR_FIELDS: dict[str, Callable[[yaml.Node], object]] = {
    "title": _text,
    "date": _date,
    "source": _source,
    "authors": _texts,
    "slug": _slug,
    "summary": _text,
    "title_en": _text,
    "summary_en": _text,
    "people": _people,
    "provinces": _entity_lists,
    "partners": _entity_lists,
    "aliases": _slugs,
    "note": _text,
}


def _refuse_unsafe_yaml(text: str, path: Path) -> None:
    """Raise on what a sidecar never needs and an attacker would: aliases, tags, deep nesting.

    Checked on the parser's events, before any node exists: an alias ("billion laughs") bomb
    is refused at its first anchor or alias, a `!!python/object` tag at its line, and nesting
    beyond `MAX_DEPTH` before the recursive composer could run out of stack.
    """
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise SourceError(path, "YAML anchors and aliases (&, *) are not allowed in a sidecar", line)
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in ALLOWED_TAGS:
            raise SourceError(path, f"YAML tag {tag!r} is not allowed in a sidecar (write plain values)", line)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise SourceError(path, f"nested more than {MAX_DEPTH} levels deep; a sidecar is a few plain keys", line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _error_line(error: yaml.MarkedYAMLError, text: str) -> int | None:
    """The line to show for a YAML error: where it was found, or, when that is the end of the
    file (an unclosed quote or bracket), where the unfinished construct began."""
    mark = error.problem_mark or error.context_mark
    if error.context_mark and error.problem_mark and error.problem_mark.index >= len(text.rstrip()):
        mark = error.context_mark
    return mark.line + 1 if mark else None


def parse_sidecar(text: str, path: Path) -> dict:
    """Return the validated overrides in sidecar `text`; raise `SourceError` naming `path` and line."""
    try:
        _refuse_unsafe_yaml(text, path)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        line = _error_line(error, text)
        context = f" {error.context}" if error.context else ""
        if context and error.context_mark and error.context_mark.line + 1 != line:
            context += f" that starts on line {error.context_mark.line + 1}"
        raise SourceError(path, f"not valid YAML: {error.problem}{context}", line) from None
    except yaml.YAMLError as error:
        raise SourceError(path, f"not valid YAML: {error}") from None
    if root is None:
        return {}
    try:
        return _mapping(root, SIDECAR_FIELDS)
    except _Invalid as error:
        raise SourceError(path, str(error), _line(error.node)) from None


def read_sidecar_bytes(path: Path) -> bytes:
    """The bytes of the sidecar at `path`; a file too large to be one, or unreadable, raises SourceError."""
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            raise SourceError(path, f"is {path.stat().st_size} bytes: a sidecar is a few lines (at most {MAX_SIDECAR_BYTES} bytes)")
        return path.read_bytes()
    except OSError as error:
        raise SourceError(path, f"cannot be read: {error.strerror}") from None


def load_sidecar(path: Path, data: bytes) -> dict:
    """Validate the sidecar at `path`, whose bytes (`read_sidecar_bytes`) are `data`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(path, f"not valid UTF-8 text (byte {error.start}); save the sidecar as UTF-8", line) from None
    if "\x00" in text:
        raise SourceError(path, "contains NUL bytes: this is not a text file", text.count("\n", 0, text.index("\x00")) + 1)
    return parse_sidecar(text, path)
