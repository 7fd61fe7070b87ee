"""English renderings of Vietnamese official roles, from the glossary in `data/glossary.yml`.

A role as an article writes it ("Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Ban Cán sự
Đảng, Bộ trưởng Bộ Ngoại giao") is one or more roles joined by "," or "kiêm". Each is a
title, optionally followed by a body, a place or a country:

    roles    := role { ("," | JOINER) role | "," parent }
    role     := TITLE [ body | MINISTRY | place | country ]      ("Giám đốc Sở Ngoại vụ")
    body     := BODY [ place | country ] | BODY body             ("Ban Thường vụ Tỉnh ủy")
    place    := [PLACE-WORD] [NAME]                              ("tỉnh Nghệ An")
    country  := [COUNTRY] [AT-WORD NAME]                         ("Việt Nam tại Lào")
    parent   := body | PLACE-WORD NAME                           ("…, Bộ Ngoại giao")

Which of place / country an entry takes is its `place` field in the data; a MINISTRY is a
body with a `portfolio`, written by it after a minister's title ("Minister of Foreign
Affairs").

`translate_role` renders a role completely or returns None: a word the glossary cannot
place makes the whole role untranslatable, never half English. Place and country names are
not glossary data; the caller passes callbacks that know them. Only `load_glossary` reads a
file; everything else is a pure function.

The parser tries the longer of two matching names first and backs off to shorter ones when
the rest of the role does not parse ("Trưởng Đoàn ĐBQH tỉnh" is "Trưởng" + "Đoàn ĐBQH tỉnh",
not "Trưởng Đoàn" + "ĐBQH tỉnh"). Every partial result is memoised by token position, so the
work is polynomial in the length of the role; matching is done on word tokens, never with a
backtracking regular expression.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

from generator.textkey import nfc, strip_accents, tone_key
from generator.yamlload import load_yaml

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_PATH = DATA_DIR / "glossary.yml"

PLACE_MODES = ("none", "name", "level", "country")
"""What may follow a title or body: see the header of `data/glossary.yml`."""

MAX_TOKENS = 120
"""A longer string is no role (it is a sentence or worse); it is refused without parsing."""

PlaceCallback = Callable[[str], "str | None"]

_TOKEN = re.compile(r",|[-–—]|[^\s,\-–—]+")
_DASHES = frozenset("-–—")
_COMMA = ","


# --- Glossary data -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Title:
    """An office ("Phó Chủ tịch" -> "Vice Chairman")."""

    forms: tuple[str, ...]
    en: str
    place: str = "none"
    at: str | None = None
    alone: str | None = None
    """English when nothing follows the title; `en` if None."""
    portfolio: bool = False
    """A minister's title: a ministry after it is written by its portfolio."""


@dataclass(frozen=True, slots=True)
class Body:
    """An organisation ("Sở Ngoại vụ" -> "Department of Foreign Affairs")."""

    forms: tuple[str, ...]
    en: str
    place: str = "none"
    at: str | None = None
    portfolio: str | None = None
    """A ministry's field ("Foreign Affairs"), used after a minister's title."""
    short: tuple[str, ...] = ()
    """Forms that count only right after a minister's title ("Ngoại giao")."""


@dataclass(frozen=True, slots=True)
class PlaceWord:
    """A kind of place: "tỉnh" -> "Provincial" before a body, "Province" after a name."""

    forms: tuple[str, ...]
    adjective: str
    noun: str


_E = TypeVar("_E")


@dataclass(frozen=True, slots=True)
class _Index(Generic[_E]):
    """Entries by the key of their first token; each bucket longest form first."""

    buckets: Mapping[str, tuple[tuple[tuple[str, ...], _E], ...]]

    @classmethod
    def build(cls, what: str, pairs: Sequence[tuple[str, _E]]) -> _Index[_E]:
        seen: dict[tuple[str, ...], str] = {}
        buckets: dict[str, list[tuple[tuple[str, ...], _E]]] = {}
        for form, entry in pairs:
            keys = tuple(token.key for token in _tokenize(nfc(form)))
            if not keys or _COMMA in (keys[0], keys[-1]):
                raise ValueError(f"{what}: unusable form {form!r}")
            if keys in seen:
                raise ValueError(f"{what}: {form!r} is listed twice (also as {seen[keys]!r})")
            seen[keys] = form
            buckets.setdefault(keys[0], []).append((keys, entry))
        return cls({k: tuple(sorted(v, key=lambda pair: -len(pair[0]))) for k, v in buckets.items()})

    def match(self, tokens: Sequence[_Token], pos: int) -> Iterator[tuple[int, _E]]:
        """Yield (end, entry) for every form starting at `pos`, longest first."""
        if pos >= len(tokens):
            return
        for keys, entry in self.buckets.get(tokens[pos].key, ()):
            end = pos + len(keys)
            if end <= len(tokens) and all(tokens[pos + i].key == k for i, k in enumerate(keys)):
                yield end, entry


@dataclass(frozen=True)
class Glossary:
    """Titles, bodies and place words, with the indexes `translate_role` matches against."""

    titles: tuple[Title, ...]
    bodies: tuple[Body, ...]
    place_words: tuple[PlaceWord, ...]
    at_words: tuple[str, ...] = ("tại",)
    joiners: tuple[tuple[str, str], ...] = (("kiêm", "and"),)
    """(Vietnamese word, English) that join two roles, besides ","."""

    _titles: _Index[Title] = field(init=False, repr=False, compare=False)
    _bodies: _Index[Body] = field(init=False, repr=False, compare=False)
    _shorts: _Index[Body] = field(init=False, repr=False, compare=False)
    _places: _Index[PlaceWord] = field(init=False, repr=False, compare=False)
    _ats: _Index[str] = field(init=False, repr=False, compare=False)
    _joiners: _Index[str] = field(init=False, repr=False, compare=False)
    _glued_prefixes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for entry in (*self.titles, *self.bodies):
            if entry.place not in PLACE_MODES:
                raise ValueError(f"{entry.forms[0]!r}: place must be one of {', '.join(PLACE_MODES)}")
            if entry.at and entry.place != "country":
                raise ValueError(f"{entry.forms[0]!r}: `at` needs place: country")
        for body in self.bodies:
            if body.short and not body.portfolio:
                raise ValueError(f"{body.forms[0]!r}: `short` forms need a `portfolio`")
        setter = object.__setattr__
        setter(self, "_titles", _Index.build("titles", [(f, t) for t in self.titles for f in t.forms]))
        setter(self, "_bodies", _Index.build("bodies", [(f, b) for b in self.bodies for f in b.forms]))
        setter(self, "_shorts", _Index.build("bodies (short)", [(f, b) for b in self.bodies for f in b.short]))
        setter(self, "_places", _Index.build("place_words", [(f, p) for p in self.place_words for f in p.forms]))
        setter(self, "_ats", _Index.build("at_words", [(w, w) for w in self.at_words]))
        setter(self, "_joiners", _Index.build("joiners", [(vi, en) for vi, en in self.joiners]))
        glued = {_key(f) for p in self.place_words for f in p.forms if f.endswith(".") and " " not in f}
        setter(self, "_glued_prefixes", tuple(sorted(glued, key=len, reverse=True)))


# --- Loading -----------------------------------------------------------------------------


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what}: expected a non-empty text, got {value!r}")
    return nfc(value.strip())


def _texts(value: Any, what: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise ValueError(f"{what}: expected a text or a non-empty list of texts")
    return tuple(_text(item, what) for item in items)


def _fields(entry: Any, what: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ValueError(f"{what}: expected a mapping, got {entry!r}")
    missing = required - entry.keys()
    unknown = entry.keys() - required - optional
    if missing:
        raise ValueError(f"{what}: missing {', '.join(sorted(missing))}")
    if unknown:
        raise ValueError(f"{what}: unknown field {', '.join(sorted(map(str, unknown)))}")
    return entry


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise ValueError(f"`{key}` must be a non-empty list")
    return value


def _title(entry: Any, what: str) -> Title:
    entry = _fields(entry, what, {"vi", "en"}, {"place", "at", "alone", "portfolio"})
    portfolio = entry.get("portfolio", False)
    if not isinstance(portfolio, bool):
        raise ValueError(f"{what}: portfolio must be true or false")
    return Title(
        forms=_texts(entry["vi"], what),
        en=_text(entry["en"], what),
        place=_text(entry.get("place", "none"), what),
        at=_text(entry["at"], what) if "at" in entry else None,
        alone=_text(entry["alone"], what) if "alone" in entry else None,
        portfolio=portfolio,
    )


def _body(entry: Any, what: str) -> Body:
    entry = _fields(entry, what, {"vi", "en"}, {"place", "at", "portfolio", "short"})
    return Body(
        forms=_texts(entry["vi"], what),
        en=_text(entry["en"], what),
        place=_text(entry.get("place", "none"), what),
        at=_text(entry["at"], what) if "at" in entry else None,
        portfolio=_text(entry["portfolio"], what) if "portfolio" in entry else None,
        short=_texts(entry["short"], what) if "short" in entry else (),
    )


def _place_word(entry: Any, what: str) -> PlaceWord:
    entry = _fields(entry, what, {"vi", "adjective", "noun"}, set())
    return PlaceWord(_texts(entry["vi"], what), _text(entry["adjective"], what), _text(entry["noun"], what))


def load_glossary(path: Path | None = None) -> Glossary:
    """Read the glossary (default `data/glossary.yml`); bad data raises ValueError naming the file."""
    path = DEFAULT_PATH if path is None else path
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("expected a mapping at the top")
        joiners = data.get("joiners", {})
        if not isinstance(joiners, dict):
            raise ValueError("`joiners` must map a Vietnamese word to its English")
        return Glossary(
            titles=tuple(_title(e, f"titles[{i}]") for i, e in enumerate(_list(data, "titles"))),
            bodies=tuple(_body(e, f"bodies[{i}]") for i, e in enumerate(_list(data, "bodies"))),
            place_words=tuple(_place_word(e, f"place_words[{i}]") for i, e in enumerate(_list(data, "place_words"))),
            at_words=_texts(data["at_words"], "at_words") if "at_words" in data else (),
            joiners=tuple((_text(k, "joiners"), _text(v, f"joiners[{k}]")) for k, v in joiners.items()),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: invalid glossary: {error}") from None


# --- Tokens ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    key: str
    """What matching compares: NFC, new-style tone placement, lower case; any dash is "-"."""
    start: int
    end: int
    word_start: bool
    """True when the token starts a space-separated word (not the "pa" of "Chăm-pa-sắc")."""


def _key(text: str) -> str:
    return "-" if text in _DASHES else tone_key(text).lower()


def _tokenize(text: str, glued_prefixes: Sequence[str] = ()) -> list[_Token]:
    """Split NFC `text` into words, commas and dashes; "TP.Đà" becomes "TP." + "Đà"."""
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(text):
        word, start, end = match.group(), match.start(), match.end()
        word_start = start == 0 or text[start - 1].isspace()
        key = _key(word)
        prefix = next((p for p in glued_prefixes if key.startswith(p) and len(key) > len(p)), None)
        if prefix is not None:
            cut = start + len(prefix)
            tokens.append(_Token(text[start:cut], prefix, start, cut, word_start))
            word, start, key, word_start = text[cut:end], cut, _key(text[cut:end]), True
        tokens.append(_Token(word, key, start, end, word_start))
    return tokens


# --- Parsing -----------------------------------------------------------------------------


_Alt = tuple[int, str]
"""One way to read tokens from a position: (end position, English)."""


class _Parser:
    """Renders the tokens of one role string; see the module docstring for the grammar."""

    def __init__(
        self,
        text: str,
        tokens: list[_Token],
        glossary: Glossary,
        place_name_en: PlaceCallback,
        country_name_en: PlaceCallback,
    ):
        self.text = text
        self.tokens = tokens
        self.g = glossary
        self.place_name_en = place_name_en
        self.country_name_en = country_name_en
        self._roles: dict[int, str | None] = {}
        self._rest: dict[int, str | None] = {}
        self._bodies: dict[int, list[_Alt]] = {}

    # names ------------------------------------------------------------------------------

    def _name_end(self, pos: int) -> int:
        """End of the run of capitalised words at `pos` (a place or country name); `pos` if none."""
        tokens, end = self.tokens, pos
        while end < len(tokens):
            token = tokens[end]
            if token.key == _COMMA:
                break
            if token.key != "-" and token.word_start and not (token.text[0].isupper() or token.text[0].isdigit()):
                break
            end += 1
        while end > pos and tokens[end - 1].key == "-":
            end -= 1
        return pos if end > pos and tokens[pos].key == "-" else end

    def _span(self, start: int, end: int) -> str:
        return self.text[self.tokens[start].start : self.tokens[end - 1].end]

    def _known_names(self, pos: int, resolve: PlaceCallback) -> list[_Alt]:
        """(end, English) for every name at `pos` that `resolve` knows, longest first.

        Shorter names are tried so that a known place followed by more capitalised words
        ("Nghệ An Trần Văn Tám") is found, and the words after it then fail the parse.
        """
        found: list[_Alt] = []
        for end in range(self._name_end(pos), pos, -1):
            if self.tokens[end - 1].key == "-":
                continue
            english = resolve(self._span(pos, end))
            if english:
                found.append((end, english))
        return found

    def _place_names(self, pos: int) -> list[_Alt]:
        """The place names at `pos`: those the caller knows, or else the whole run unaccented."""
        known = self._known_names(pos, self.place_name_en)
        if known:
            return known
        end = self._name_end(pos)
        return [(end, strip_accents(self._span(pos, end)))] if end > pos else []

    def _places(self, pos: int) -> list[tuple[int, str | None, PlaceWord | None]]:
        """(end, English name or None, place word or None) for a place at `pos`, longest first."""
        found: list[tuple[int, str | None, PlaceWord | None]] = []
        for end, word in self.g._places.match(self.tokens, pos):
            found += [(stop, name, word) for stop, name in self._place_names(end)]
            found.append((end, None, word))
        found += [(stop, name, None) for stop, name in self._place_names(pos)]
        return found

    def _country_tail(self, pos: int, entry: Title | Body) -> list[_Alt]:
        """" of <country>", " of <country> <at> <place>" or " <at> <place>" at `pos`."""
        found: list[_Alt] = []
        for end, country in self._known_names(pos, self.country_name_en):
            found += [(stop, f" of {country}{at}") for stop, at in self._at_clause(end, entry.at)]
            found.append((end, f" of {country}"))
        found += self._at_clause(pos, entry.at)
        return found

    def _at_clause(self, pos: int, preposition: str | None) -> list[_Alt]:
        """" <preposition> <name>" for "tại <name>" at `pos`; the name must be known."""
        if not preposition:
            return []
        found: list[_Alt] = []

        def resolve(name: str) -> str | None:
            return self.country_name_en(name) or self.place_name_en(name)

        for end, _ in self.g._ats.match(self.tokens, pos):
            found += [(stop, f" {preposition} {english}") for stop, english in self._known_names(end, resolve)]
        return found

    # bodies -----------------------------------------------------------------------------

    def _body_tails(self, body: Body, end: int) -> list[_Alt]:
        """`body` at `end` with what its `place` allows after it (not the bare body)."""
        if body.place == "level":
            return [
                (stop, " ".join(part for part in (name, word.adjective if word else None, body.en) if part))
                for stop, name, word in self._places(end)
            ]
        if body.place == "name":
            return [(stop, f"{name} {body.en}") for stop, name in self._place_names(end)]
        if body.place == "country":
            return [(stop, body.en + tail) for stop, tail in self._country_tail(end, body)]
        return []

    def _body_phrases(self, pos: int) -> list[_Alt]:
        """Every reading of a body at `pos` (without "the"), preferred first."""
        if pos not in self._bodies:
            found: list[_Alt] = []
            for end, body in self.g._bodies.match(self.tokens, pos):
                found += self._body_tails(body, end)
                found += [(stop, f"{body.en} of the {inner}") for stop, inner in self._body_phrases(end)]
                found.append((end, body.en))
            self._bodies[pos] = found
        return self._bodies[pos]

    # roles ------------------------------------------------------------------------------

    def _role_alts(self, pos: int) -> Iterator[_Alt]:
        """Every reading of one role (a title and what follows it) at `pos`, preferred first."""
        for end, title in self.g._titles.match(self.tokens, pos):
            if title.portfolio:
                ministries = [*self.g._bodies.match(self.tokens, end), *self.g._shorts.match(self.tokens, end)]
                for stop, body in sorted(ministries, key=lambda pair: -pair[0]):
                    if body.portfolio:
                        base = f"{title.en} of {body.portfolio}"
                        if body.place == "country":
                            yield from ((s, base + tail) for s, tail in self._country_tail(stop, body))
                        yield stop, base
            for stop, phrase in self._body_phrases(end):
                yield stop, f"{title.en} of the {phrase}"
            if title.place in ("name", "level"):
                for stop, name, word in self._places(end):
                    if name and not (word and title.place == "name"):
                        yield stop, f"{title.en} of {name}" + (f" {word.noun}" if word else "")
            if title.place == "country":
                yield from ((stop, title.en + tail) for stop, tail in self._country_tail(end, title))
            yield end, title.alone or title.en

    def _parents(self, pos: int) -> Iterator[_Alt]:
        """What may follow a comma as the parent of the role before it: a body, or a place."""
        yield from self._body_phrases(pos)
        for end, word in self.g._places.match(self.tokens, pos):
            yield from ((stop, f"{name} {word.noun}") for stop, name in self._place_names(end))

    def roles(self, pos: int) -> str | None:
        """English for tokens[pos:], which must be one or more roles; None if they are not."""
        if pos not in self._roles:
            self._roles[pos] = None
            for end, english in self._role_alts(pos):
                rest = self.rest(end)
                if rest is not None:
                    self._roles[pos] = english + rest
                    break
        return self._roles[pos]

    def rest(self, pos: int) -> str | None:
        """English for what follows a role ending at `pos`: nothing, parents, further roles."""
        if pos not in self._rest:
            self._rest[pos] = self._read_rest(pos)
        return self._rest[pos]

    def _read_rest(self, pos: int) -> str | None:
        if pos == len(self.tokens):
            return ""
        if self.tokens[pos].key == _COMMA:
            for end, parent in self._parents(pos + 1):
                rest = self.rest(end)
                if rest is not None:
                    return f", {parent}{rest}"
            following = self.roles(pos + 1)
            return None if following is None else f", {following}"
        for end, english in self.g._joiners.match(self.tokens, pos):
            following = self.roles(end)
            if following is not None:
                return f" {english} {following}"
        return None


def translate_role(
    role: str,
    glossary: Glossary,
    place_name_en: PlaceCallback = lambda name: None,
    country_name_en: PlaceCallback = lambda name: None,
) -> str | None:
    """Return the English of `role` ("Phó Chủ tịch UBND tỉnh Nghệ An"), or None if any part is unknown.

    `role` may hold several roles separated by "," or "kiêm". `place_name_en` gets a
    Vietnamese place name as written ("Nghệ An") and returns its English or None; on None the
    name is written without accents ("Dak Lak"). `country_name_en` gets a country name
    ("Hàn Quốc") and returns it as written after "of" ("the Republic of Korea") or None; on
    None the role is untranslatable, since an unaccented Vietnamese country name is no
    English. Both also resolve the place after "tại" ("Tổng Lãnh sự … tại Đà Nẵng"); there no
    fallback applies either, the place may be abroad.
    """
    text = " ".join(nfc(role).split())
    tokens = _tokenize(text, glossary._glued_prefixes)
    if not tokens or len(tokens) > MAX_TOKENS:
        return None
    return _Parser(text, tokens, glossary, place_name_en, country_name_en).roles(0)


def translate_roles(
    roles: Sequence[str],
    glossary: Glossary,
    place_name_en: PlaceCallback = lambda name: None,
    country_name_en: PlaceCallback = lambda name: None,
) -> tuple[list[str], list[str]]:
    """Return (English of the roles that translate, roles that do not), each in input order.

    The second list has each untranslatable role once, as written, for the build report.
    """
    translated: list[str] = []
    untranslatable: list[str] = []
    for role in roles:
        english = translate_role(role, glossary, place_name_en, country_name_en)
        if english is not None:
            translated.append(english)
        elif role not in untranslatable:
            untranslatable.append(role)
    return translated, untranslatable
