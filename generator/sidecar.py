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

ENTITY_LIST_KEYS = ("add", "ignore")


class _Invalid(Exception):
    """A value that does not fit the schema; carries the YAML node for its line."""

    def __init__(self, node: yaml.Node, message: str):
        super().__init__(message)
        self.node = node


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _text(node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str" or not node.value.strip():
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
        raise _Invalid(node, f"slug {value!r} must be lowercase ASCII letters, digits and single hyphens")
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


def _refuse_aliases(node: yaml.Node, seen: set[int]) -> None:
    """Raise on a YAML alias: sidecars never need one, and aliases allow 'billion laughs' bombs."""
    if id(node) in seen:
        raise _Invalid(node, "YAML anchors and aliases (&, *) are not allowed in a sidecar")
    seen.add(id(node))
    children = node.value if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) else []
    for child in children:
        for sub in child if isinstance(child, tuple) else (child,):
            _refuse_aliases(sub, seen)


def parse_sidecar(text: str, path: Path) -> dict:
    """Return the validated overrides in sidecar `text`; raise `SourceError` naming `path` and line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise SourceError(path, f"not valid YAML: {error.problem}", mark.line + 1 if mark else None) from None
    if root is None:
        return {}
    try:
        _refuse_aliases(root, set())
        return _mapping(root, SIDECAR_FIELDS)
    except _Invalid as error:
        raise SourceError(path, str(error), _line(error.node)) from None


def load_sidecar(path: Path) -> dict:
    """Read and validate the sidecar at `path`."""
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(path, f"cannot be read as UTF-8 text: {error}") from None
    return parse_sidecar(text, path)
