"""Vietnamese provinces and foreign partners named in an article, from `data/provinces.yml`
and `data/partners.yml`.

The gazetteers hold about a thousand spellings, so a regex finds the words that may open a
name (capitalised ones, mostly) and each is looked up in a dictionary of the names that start
with it: the cost stays linear in the text whatever the data grows to, where one regex
alternative per name would be tried at every position.

Capital letters carry the meaning in Vietnamese ("hòa bình" is peace, "Hòa Bình" the
province), and Vietnamese writing capitalises every syllable of a proper name but only the
first of a common noun ("Bộ Ngoại giao"). So a capitalised syllable glued to a name means a
longer name: "Lào Cai" is not Laos, "Mỹ Tho" not America, "Nguyễn Thị Huế" not the city;
the exceptions (a sentence opening "Tại Hà Nội", a person's name after the place "Sở Ngoại
vụ Nghệ An Trần Văn Tám", a leader's foreign name "Tổng thống Mỹ Joe Biden") are told
apart by the lists of words in the data files.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from generator import DATA_DIR, patterns
from generator.model import PlaceMention
from generator.textkey import fold, nfc, tone_key
from generator.yamlload import load_yaml

# A word as the scan sees it, letters and digits: "Hà", "TP", "2025" in "TP. Hà Nội 2025";
# "Jeollabuk-do" is two words joined by a dash, "TP.HCM" two joined by a dot.
TOKEN = re.compile(r"[^\W_]+")
# The gap up to the next word, and that word; read on the text reversed, the gap and word before.
_GAP_AND_WORD = re.compile(r"([\W_]*)([^\W_]+)")

# Space inside a line, including the no-break and zero-width spaces scraped pages carry.
_SPACE = r"(?:[^\S\n]|[\u200b-\u200d\u2060\ufeff])"
# The gap between two words of one name, by kind. Each is matched whole against the text
# between two words, so none can run past it.
# " " in "Nghệ An", "Hà\u00a0Nội".
GAP_SPACE = re.compile(_SPACE + "+")
# " – " in "Bà Rịa – Vũng Tàu", "-" in "BR-VT", " - " in "Thừa Thiên - Huế".
GAP_DASH = re.compile(_SPACE + "*[-‐‑‒–—―−]" + _SPACE + "*")
# "." in "TP.HCM", ". " in "TP. Hà Nội", "St. Petersburg".
GAP_DOT = re.compile(r"\." + _SPACE + "*")
# " (" in "Đài Loan (Trung Quốc)".
GAP_PAREN = re.compile(_SPACE + r"*\(" + _SPACE + "*")
# ": " in "Ảnh: Thu Huế".
GAP_COLON = re.compile(_SPACE + "*:" + _SPACE + "*")
_GAP_KINDS = (("space", GAP_SPACE), ("dash", GAP_DASH), ("dot", GAP_DOT), ("paren", GAP_PAREN), ("colon", GAP_COLON))
# What may follow the last word of a gazetteer spelling: "Washington D.C.", "Đài Loan (Trung Quốc)".
FORM_TAIL = re.compile(r"[.)]?")

# A syllable that can be Vietnamese, on its folded form (no accents, lower case): "tho",
# "nguyen", "quoc", "choi" are; "joe", "young", "lee", "kishida" are not. It tells a
# Vietnamese word glued to a name (a longer name: "Mỹ Tho") from a foreign one (a leader's
# name after the country: "Mỹ Joe Biden"). Onset, vowel cluster, final: fixed alternations,
# no nested repetition.
VIETNAMESE_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnprstvx])?"
    r"(?:ieu|oai|oay|oeo|uay|uoi|uou|uya|uye|uyu|yeu"
    r"|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|ye|[aeiouy])"
    r"(?:ch|ng|nh|[cmnpt])?"
)
# No Vietnamese syllable is longer ("nghiêng"); longer words need no regex.
_LONGEST_SYLLABLE = 7

# An entry id: an ASCII slug used in URLs, "nghe-an", "jeollabuk".
ID_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# The site's gazetteer kinds.
PROVINCE_KINDS = frozenset({"province", "city"})
PARTNER_KINDS = frozenset({"country", "region", "bloc"})

# How many capitalised words after a name are read to tell a foreign person's name
# ("Hàn Quốc Choi Young Sam") from a longer Vietnamese name; names are no longer.
_NAME_RUN = 4
# A line is a Title Case heading, where capitals carry no meaning, only if this short.
_TITLE_LINE_MAX = 200
_TITLE_LINE_MIN_WORDS = 5
# A line holding a small ASCII letter is not in capitals.
_SMALL_ASCII_LETTER = re.compile(r"[a-z]")
# The small letters of the Latin script, Vietnamese included, that have a capital. A word
# opening with one is no ALL-CAPS word and no word of a Title Case line.
_SMALL_LETTERS = "".join(
    c for c in map(chr, itertools.chain(range(0x61, 0x7B), range(0xDF, 0x250), range(0x1E00, 0x1F00)))
    if c.islower() and c.upper() != c
)
# A word opening with a small letter ("tại" in "Hội Nghị tại Hà Nội"): its line is no Title Case heading.
_WORD_OPENING_SMALL = re.compile(f"[{_SMALL_LETTERS}](?<![^\\W_].)")


@dataclass(frozen=True, slots=True)
class Province:
    """A provincial-level unit, before or after the 1 July 2025 reform."""

    id: str
    name: str
    name_en: str
    kind: str
    """"province" or "city" (thành phố trực thuộc trung ương)."""
    current: bool
    """Whether the unit exists after the reform date."""
    merged_into: str | None
    """For a unit that no longer exists: the id of the one it became part of."""
    variants: tuple[str, ...]
    needs_prefix: bool
    absorbed: tuple[str, ...]
    """For a current unit: ids of the units merged into it, in data order."""

    @property
    def current_id(self) -> str:
        """The unit this one is part of since the reform (itself if unchanged)."""
        return self.id if self.current else self.merged_into  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Partner:
    """A country, region, bloc or a locality abroad."""

    id: str
    name: str
    name_en: str
    kind: str
    """"country", "region", "bloc" or, for provinces, states and cities abroad, "locality"."""
    variants: tuple[str, ...]
    needs_prefix: bool
    country: str | None = None
    """For a locality: the id of its country."""


@dataclass(frozen=True, slots=True)
class _Form:
    """One spelling as the scan compares it."""

    tokens: tuple[str, ...]
    """Words after tone_key: ("Thừa", "Thiên", "Huế")."""
    lower: tuple[str, ...]
    """The same in lower case, for ALL-CAPS and Title Case lines."""
    gaps: tuple[str, ...]
    """The gap kind between each pair of words: ("space", "dash")."""
    entry_id: str | None
    """None for a `not_places` phrase."""
    group: str
    """"province", "country", "locality" or "block" (a `not_places` phrase)."""
    needs_prefix: bool
    foreign: bool
    """Whether the first word is not a Vietnamese syllable ("Canada", "Bolikhamxay")."""
    tail: str
    """Punctuation that closes the spelling when the text has it: ")" of "Đài Loan (Trung Quốc)"."""


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A context phrase (prefix, marker) and the gap allowed between it and the name."""

    tokens: tuple[str, ...]
    """Lower case: context words are compared ignoring case."""
    gaps: tuple[str, ...]
    trailing: str


# Last word of a context phrase (lower case) -> the phrases ending in it, with their role:
# "person" ("bà"), "credit" ("Ảnh:"), "prefix:<group>" ("tỉnh"), "not-after:<group>" ("xã").
_ContextIndex = Mapping[str, tuple[tuple[_Phrase, str], ...]]


@dataclass(frozen=True, slots=True)
class _Starts:
    """The spellings that start with one word: one-word ones, and the rest by their second word."""

    single: tuple[_Form, ...]
    by_second: Mapping[str, tuple[_Form, ...]]


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Every province and partner spelling, indexed once for the scan; load with `load_gazetteer`."""

    reform_date: date
    """The day the 2025 rearrangement took effect."""
    provinces: tuple[Province, ...]
    countries: tuple[Partner, ...]
    """Countries, regions and blocs."""
    localities: tuple[Partner, ...]
    place_names: frozenset[str]
    """Every capitalised spelling of every province and partner, new-style tone marks
    (compare with `textkey.tone_key(candidate)`): a person's name is never one of these."""
    _provinces: Mapping[str, Province] = field(repr=False)
    _partners: Mapping[str, Partner] = field(repr=False)
    _index: Mapping[str, _Starts] = field(repr=False)
    _lower_index: Mapping[str, _Starts] = field(repr=False)
    _openers: re.Pattern[str] = field(repr=False)
    """Finds the words that may open a spelling in some case, and a few more: see `_opening_words`."""
    _small_before: Mapping[str, tuple[tuple[str, ...], ...]] = field(repr=False)
    """First word not opening with a small letter of a spelling that does -> the words before it:
    "Âu" -> ("châu",) for "châu Âu"."""
    _small_openers: re.Pattern[str] | None = field(repr=False)
    """Finds the first words of the spellings written in small words only; None if there is none."""
    _spellings: Mapping[str, tuple[str, str]] = field(repr=False)
    """Lower-cased spelling -> (group, id), for names an editor types."""
    _context: _ContextIndex = field(repr=False)
    """Every context phrase in one index, so a word before a name costs one look-up."""
    _clause_openers: frozenset[str] = field(repr=False)
    _pair_words: frozenset[str] = field(repr=False)
    _surnames: frozenset[str] = field(repr=False)

    def province(self, province_id: str) -> Province:
        """The province with this id; KeyError names the id when there is none."""
        try:
            return self._provinces[province_id]
        except KeyError:
            raise KeyError(f"no province with id {province_id!r} in provinces.yml") from None

    def partner(self, partner_id: str) -> Partner:
        """The country, region, bloc or locality with this id; KeyError names the id."""
        try:
            return self._partners[partner_id]
        except KeyError:
            raise KeyError(f"no partner with id {partner_id!r} in partners.yml") from None

    def lookup(self, name: str) -> Province | Partner | None:
        """The entry one of whose spellings is `name` (any case, any tone placement), else None.

        For names an editor writes in a sidecar: there is no sentence around them, so the
        context rules of `find_provinces` (a prefix for "Hòa Bình") cannot apply.
        """
        found = self._spellings.get(tone_key(name).strip().lower())
        if found is None:
            return None
        group, entry_id = found
        return self._provinces[entry_id] if group == "province" else self._partners[entry_id]

    @property
    def current_provinces(self) -> tuple[Province, ...]:
        """The units that exist after the reform date, in data order."""
        return tuple(p for p in self.provinces if p.current)


# --- Loading -------------------------------------------------------------------------------


def load_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """Read provinces.yml and partners.yml from `data_dir` (default: the package's `data/`).

    Everything is checked here, once, so that a typo in an editor's addition stops the build
    with the file and the entry named instead of silently matching nothing.
    """
    base = data_dir or DATA_DIR
    prov_path, part_path = base / "provinces.yml", base / "partners.yml"
    prov_data = _read_yaml(prov_path)
    part_data = _read_yaml(part_path)
    builder = _Builder()

    reform = prov_data.get("reform_date")
    if not isinstance(reform, date):
        raise ValueError(f"{prov_path}: `reform_date` must be a date like 2025-07-01")
    provinces = _read_provinces(prov_path, prov_data, builder)
    countries, localities = _read_partners(part_path, part_data, builder)
    ids = [p.id for p in provinces] + [p.id for p in countries + localities]
    clash = sorted({i for i in ids if ids.count(i) > 1})
    if clash:
        raise ValueError(f"{part_path}: ids also used in {prov_path.name}: {', '.join(clash)}")

    for path, data in ((prov_path, prov_data), (part_path, part_data)):
        for phrase in _str_list(path, data, "not_places"):
            builder.add_form(path, phrase, None, "block", needs_prefix=False)

    if any(p.needs_prefix for p in provinces) and not prov_data.get("prefixes"):
        raise ValueError(f"{prov_path}: `prefixes` is empty but some units need a prefix")
    for key, group in (("country_prefixes", countries), ("locality_prefixes", localities)):
        if any(p.needs_prefix for p in group) and not part_data.get(key):
            raise ValueError(f"{part_path}: `{key}` is empty but some entries need a prefix")

    index, lower_index = builder.index(lower=False), builder.index(lower=True)
    openers, small_before, small_openers = _opening_words(index, lower_index)
    return Gazetteer(
        reform_date=reform,
        provinces=provinces,
        countries=countries,
        localities=localities,
        place_names=frozenset(builder.capitalised),
        _provinces=MappingProxyType({p.id: p for p in provinces}),
        _partners=MappingProxyType({p.id: p for p in countries + localities}),
        _index=index,
        _lower_index=lower_index,
        _openers=openers,
        _small_before=small_before,
        _small_openers=small_openers,
        _spellings=MappingProxyType(builder.spellings),
        _context=_context_index([
            (prov_path, prov_data, "prefixes", "prefix:province", None),
            (part_path, part_data, "country_prefixes", "prefix:country", None),
            (part_path, part_data, "locality_prefixes", "prefix:locality", None),
            (prov_path, prov_data, "not_after", "not-after:province", "space"),
            (part_path, part_data, "not_after", "not-after:country", "space"),
            (part_path, part_data, "not_after", "not-after:locality", "space"),
            (prov_path, prov_data, "person_markers", "person", "space"),
            (prov_path, prov_data, "credit_markers", "credit", None),
        ]),
        _clause_openers=_word_set(prov_path, prov_data, "clause_openers"),
        _pair_words=_word_set(part_path, part_data, "pair_words"),
        _surnames=_word_set(prov_path, prov_data, "surnames"),
    )


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ValueError(f"{path}: cannot read gazetteer: {err}") from err
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


_UNIT_KEYS = frozenset({"id", "name", "name_en", "kind", "current", "merged_into", "variants", "needs_prefix"})
_COUNTRY_KEYS = frozenset({"id", "name", "name_en", "kind", "variants", "needs_prefix"})
_LOCALITY_KEYS = frozenset({"id", "name", "name_en", "country", "variants", "needs_prefix"})


def _read_provinces(path: Path, data: Mapping[str, Any], builder: _Builder) -> tuple[Province, ...]:
    units = data.get("units")
    if not isinstance(units, list) or not units:
        raise ValueError(f"{path}: `units` must be a non-empty list")
    raw = [_check_entry(path, u, _UNIT_KEYS, required=_UNIT_KEYS) for u in units]
    seen: set[str] = set()
    for u in raw:
        where = f"{path}: unit {u['id']!r}"
        if u["id"] in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(u["id"])
        if u["kind"] not in PROVINCE_KINDS:
            raise ValueError(f"{where}: kind must be one of {sorted(PROVINCE_KINDS)}, not {u['kind']!r}")
        if not isinstance(u["current"], bool):
            raise ValueError(f"{where}: `current` must be true or false")
    current = {u["id"] for u in raw if u["current"]}
    for u in raw:
        where = f"{path}: unit {u['id']!r}"
        if u["current"] and u["merged_into"] is not None:
            raise ValueError(f"{where}: a current unit has `merged_into: null`")
        if not u["current"] and u["merged_into"] not in current:
            raise ValueError(f"{where}: `merged_into` must be the id of a current unit, not {u['merged_into']!r}")
    provinces = tuple(
        Province(
            id=u["id"], name=u["name"], name_en=u["name_en"], kind=u["kind"], current=u["current"],
            merged_into=u["merged_into"], variants=tuple(u["variants"]), needs_prefix=u["needs_prefix"],
            absorbed=tuple(o["id"] for o in raw if o["merged_into"] == u["id"]),
        )
        for u in raw
    )
    for p in provinces:
        builder.add_entry(path, p.id, p.name, p.variants, "province", p.needs_prefix)
    return provinces


def _read_partners(
    path: Path, data: Mapping[str, Any], builder: _Builder
) -> tuple[tuple[Partner, ...], tuple[Partner, ...]]:
    countries_raw, localities_raw = data.get("countries"), data.get("localities")
    if not isinstance(countries_raw, list) or not isinstance(localities_raw, list):
        raise ValueError(f"{path}: `countries` and `localities` must be lists")
    countries = []
    for c in countries_raw:
        c = _check_entry(path, c, _COUNTRY_KEYS, required=_COUNTRY_KEYS)
        if c["kind"] not in PARTNER_KINDS:
            raise ValueError(f"{path}: {c['id']!r}: kind must be one of {sorted(PARTNER_KINDS)}, not {c['kind']!r}")
        countries.append(Partner(id=c["id"], name=c["name"], name_en=c["name_en"], kind=c["kind"],
                                 variants=tuple(c["variants"]), needs_prefix=c["needs_prefix"]))
    country_ids = {c.id for c in countries}
    localities = []
    for loc in localities_raw:
        loc = _check_entry(path, loc, _LOCALITY_KEYS, required=_LOCALITY_KEYS - {"needs_prefix"})
        if loc["country"] not in country_ids:
            raise ValueError(f"{path}: locality {loc['id']!r}: unknown country {loc['country']!r}")
        localities.append(Partner(id=loc["id"], name=loc["name"], name_en=loc["name_en"], kind="locality",
                                  variants=tuple(loc["variants"]), needs_prefix=loc.get("needs_prefix", False),
                                  country=loc["country"]))
    ids = [p.id for p in countries + localities]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise ValueError(f"{path}: duplicate ids: {', '.join(dup)}")
    for p in countries:
        builder.add_entry(path, p.id, p.name, p.variants, "country", p.needs_prefix)
    for p in localities:
        builder.add_entry(path, p.id, p.name, p.variants, "locality", p.needs_prefix)
    return tuple(countries), tuple(localities)


def _check_entry(path: Path, entry: Any, allowed: frozenset[str], *, required: frozenset[str]) -> dict[str, Any]:
    """Return the entry as a dict after checking its keys and the types every entry shares."""
    if not isinstance(entry, dict):
        raise ValueError(f"{path}: every entry must be a mapping, got {entry!r}")
    where = f"{path}: entry {entry.get('id')!r}"
    missing, unknown = required - entry.keys(), entry.keys() - allowed
    if missing or unknown:
        raise ValueError(f"{where}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}")
    if not isinstance(entry["id"], str) or not ID_SLUG.fullmatch(entry["id"]):
        raise ValueError(f"{where}: id must be an ASCII slug like 'nghe-an'")
    for key in ("name", "name_en"):
        value = entry[key]
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: `{key}` must be a non-empty string")
    if entry["name"] != nfc(entry["name"]) or entry["name"] != tone_key(entry["name"]):
        raise ValueError(f"{where}: write `name` in NFC with new-style tone marks: {tone_key(entry['name'])!r}")
    variants = entry["variants"]
    if not isinstance(variants, list) or not all(isinstance(v, str) and v.strip() for v in variants):
        raise ValueError(f"{where}: `variants` must be a list of strings (quote words YAML reads as booleans)")
    if not isinstance(entry.get("needs_prefix", False), bool):
        raise ValueError(f"{where}: `needs_prefix` must be true or false")
    return entry


def _str_list(path: Path, data: Mapping[str, Any], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{path}: `{key}` must be a list of strings (quote words YAML reads as booleans)")
    return value


def _word_set(path: Path, data: Mapping[str, Any], key: str) -> frozenset[str]:
    return frozenset(tone_key(w).strip().lower() for w in _str_list(path, data, key))


def _gap_kind(gap: str) -> str | None:
    """The kind of the text between two words, or None when it is not a name's inner gap."""
    for kind, pattern in _GAP_KINDS:
        if pattern.fullmatch(gap):
            return kind
    return None


def _split(path: Path, surface: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Split a spelling from the data into words, gap kinds and what follows the last word."""
    text = tone_key(surface.strip())
    spans = [m.span() for m in TOKEN.finditer(text)]
    if not spans or spans[0][0] != 0:
        raise ValueError(f"{path}: {surface!r} must start with a letter or digit")
    gaps = []
    for (_, end), (start, _) in zip(spans, spans[1:]):
        kind = _gap_kind(text[end:start])
        if kind is None:
            raise ValueError(f"{path}: {surface!r}: words may be joined only by spaces, a dash, a dot, ':' or '('")
        gaps.append(kind)
    return tuple(text[s:e] for s, e in spans), tuple(gaps), text[spans[-1][1]:]


def _opening_words(
    index: Mapping[str, _Starts], lower_index: Mapping[str, _Starts]
) -> tuple[re.Pattern[str], Mapping[str, tuple[tuple[str, ...], ...]], re.Pattern[str] | None]:
    """`Gazetteer._openers`, `._small_before` and `._small_openers`, by which the scan finds the
    words that may open a spelling in the regex engine, with no Python step for the other words.

    `_openers` finds the words opening with neither a small letter nor a digit no spelling opens
    with. A word opening with a small letter is no ALL-CAPS word and no word of a Title Case
    line, where case is ignored, so it opens a spelling only as the data writes it: rather than
    stop at every "châu" of a text, the scan reads back from the first word of the spelling that
    `_openers` finds ("Âu" of "châu Âu"). A spelling in small words only is found by `_small_openers`.
    """
    lower_firsts = {word[0] for word in lower_index}
    skipped = _SMALL_LETTERS + "".join(digit for digit in "0123456789" if digit not in lower_firsts)
    small_before: dict[str, set[tuple[str, ...]]] = {}
    all_small: set[str] = set()
    for first, starts in index.items():
        if first[0] not in skipped:
            continue
        for form in (*starts.single, *itertools.chain.from_iterable(starts.by_second.values())):
            anchor = next((k for k, word in enumerate(form.tokens) if word[0] not in skipped), None)
            if anchor is None:
                all_small.add(first)
            else:
                small_before.setdefault(form.tokens[anchor], set()).add(form.tokens[:anchor])
    return (
        # the look-behind comes after the first letter so that the engine skips ahead to such letters
        re.compile(patterns.quick_class(f"[^\\W_{skipped}]") + "(?<![^\\W_].)[^\\W_]*"),
        MappingProxyType({word: tuple(sorted(before)) for word, before in small_before.items()}),
        re.compile(f"(?:{'|'.join(map(re.escape, sorted(all_small)))})(?![^\\W_])") if all_small else None,
    )


def _context_index(lists: list[tuple[Path, Mapping[str, Any], str, str, str | None]]) -> _ContextIndex:
    """Index the context phrases of every list by their last word, each with its role.

    A list's `trailing` gap, when given, is the only one allowed between phrase and name;
    otherwise the phrase's own ending says it: "TP." is followed by a dot, "Ảnh:" by a colon.
    """
    index: dict[str, list[tuple[_Phrase, str]]] = {}
    for path, data, key, role, trailing in lists:
        for phrase in _str_list(path, data, key):
            tokens, gaps, tail = _split(path, phrase)
            kind = trailing or ("space" if not tail else _gap_kind(tail + " "))
            if kind is None:
                raise ValueError(f"{path}: `{key}`: {phrase!r} may end only in '.', ':' or a dash")
            lowered = tuple(t.lower() for t in tokens)
            index.setdefault(lowered[-1], []).append((_Phrase(lowered, gaps, kind), role))
    return MappingProxyType({k: tuple(v) for k, v in index.items()})


class _Builder:
    """Collects every spelling once, refusing one spelling for two entries."""

    def __init__(self) -> None:
        self.forms: dict[tuple[tuple[str, ...], tuple[str, ...]], _Form] = {}
        self.owner_file: dict[tuple[tuple[str, ...], tuple[str, ...]], Path] = {}
        self.capitalised: set[str] = set()
        self.spellings: dict[str, tuple[str, str]] = {}

    def add_entry(self, path: Path, entry_id: str, name: str, variants: tuple[str, ...], group: str,
                  needs_prefix: bool) -> None:
        self.add_form(path, name, entry_id, group, needs_prefix=needs_prefix)
        for variant in variants:
            self.add_form(path, variant, entry_id, group, needs_prefix=False)

    def add_form(self, path: Path, surface: str, entry_id: str | None, group: str, *, needs_prefix: bool) -> None:
        tokens, gaps, tail = _split(path, surface)
        if not FORM_TAIL.fullmatch(tail):
            raise ValueError(f"{path}: {surface!r} may end only in '.' or ')'")
        written = tone_key(surface.strip())
        spellings = [(tokens, written)]
        if tokens[0][0].islower():  # "châu Âu" also opens a sentence as "Châu Âu"
            spellings.append(((tokens[0][0].upper() + tokens[0][1:],) + tokens[1:], written[0].upper() + written[1:]))
        for words, spelled in spellings:
            key = (words, gaps)
            form = _Form(tokens=words, lower=tuple(w.lower() for w in words), gaps=gaps, entry_id=entry_id,
                         group=group, needs_prefix=needs_prefix, foreign=not _looks_vietnamese(words[0]), tail=tail)
            previous = self.forms.get(key)
            if previous is not None and (previous.entry_id, previous.group) != (entry_id, group):
                raise ValueError(
                    f"{path}: {surface!r} is a spelling of both {previous.entry_id or 'not_places'!r} "
                    f"({self.owner_file[key].name}) and {entry_id or 'not_places'!r}"
                )
            if previous is None or (not needs_prefix and previous.needs_prefix):
                self.forms[key] = form
                self.owner_file[key] = path
            if group != "block":
                self.spellings.setdefault(spelled.lower(), (group, entry_id))  # type: ignore[arg-type]
                if spelled[0].isupper():
                    self.capitalised.add(spelled)

    def index(self, *, lower: bool) -> Mapping[str, _Starts]:
        """First word -> the spellings starting with it, by their second word, longest first."""
        grouped: dict[str, tuple[list[_Form], dict[str, list[_Form]]]] = {}
        for form in self.forms.values():
            words = form.lower if lower else form.tokens
            singles, by_second = grouped.setdefault(words[0], ([], {}))
            if len(words) == 1:
                singles.append(form)
            else:
                by_second.setdefault(words[1], []).append(form)

        def longest_first(forms: list[_Form]) -> tuple[_Form, ...]:
            return tuple(sorted(forms, key=lambda f: (-len(f.tokens), -sum(map(len, f.tokens)))))

        return MappingProxyType({
            first: _Starts(longest_first(singles), MappingProxyType({k: longest_first(v) for k, v in by_second.items()}))
            for first, (singles, by_second) in grouped.items()
        })


# --- Matching ------------------------------------------------------------------------------


def find_provinces(text: str, gazetteer: Gazetteer, *, people_names: Collection[str] = ()) -> tuple[PlaceMention, ...]:
    """Vietnamese provinces named in `text`, in order of first mention, one per unit.

    `people_names` are the full names of the people and credited authors of the article:
    a place name inside one of them ("Nguyễn Thị Huế") is not a place.
    """
    found: dict[str, PlaceMention] = {}
    for form, name in _scan(text, gazetteer, people_names):
        if form.group == "province" and form.entry_id not in found:
            unit = gazetteer.province(form.entry_id)  # type: ignore[arg-type]
            found[unit.id] = PlaceMention(id=unit.id, name=name, name_en=unit.name_en, current_id=unit.current_id)
    return tuple(found.values())


def find_partners(
    text: str, gazetteer: Gazetteer, *, people_names: Collection[str] = ()
) -> tuple[tuple[PlaceMention, ...], tuple[PlaceMention, ...]]:
    """(countries, regions and blocs; localities abroad) named in `text`, each in order of first mention.

    A locality does not add its country: an article about Bolikhamxay that never names Laos
    lists no country, so the editor sees what the text says. `people_names` as in `find_provinces`.
    """
    countries: dict[str, PlaceMention] = {}
    localities: dict[str, PlaceMention] = {}
    for form, name in _scan(text, gazetteer, people_names):
        if form.group == "country" and form.entry_id not in countries:
            entry = gazetteer.partner(form.entry_id)  # type: ignore[arg-type]
            countries[entry.id] = PlaceMention(id=entry.id, name=name, name_en=entry.name_en)
        elif form.group == "locality" and form.entry_id not in localities:
            entry = gazetteer.partner(form.entry_id)  # type: ignore[arg-type]
            localities[entry.id] = PlaceMention(id=entry.id, name=name, name_en=entry.name_en, country_id=entry.country)
    return tuple(countries.values()), tuple(localities.values())


def _scan(text: str, gaz: Gazetteer, people_names: Collection[str]) -> tuple[tuple[_Form, str], ...]:
    """Every accepted gazetteer name in `text`, in order, with the text as written."""
    return _scan_once(text, gaz, _person_spellings(tuple(people_names)))


# find_provinces and find_partners are called one after the other with the same people.
@functools.lru_cache(maxsize=8)
def _person_spellings(people_names: tuple[str, ...]) -> tuple[str, ...]:
    """How the names of the people may be written in a text: as given and in capitals, with
    new-style tone marks ("Thu Hoà" -> "Thu Hòa", "THU HÒA")."""
    people = sorted({tone_key(name).strip() for name in people_names if name and name.strip()})
    return tuple(dict.fromkeys(spelling for name in people for spelling in (name, name.upper())))


# find_provinces and find_partners are called one after the other on the same text: scan it once.
@functools.lru_cache(maxsize=8)
def _scan_once(text: str, gaz: Gazetteer, people: tuple[str, ...]) -> tuple[tuple[_Form, str], ...]:
    key = tone_key(text)
    written = text if key == text else nfc(text)  # most texts are NFC with new-style tone marks: no second pass
    if len(key) != len(written):  # tone_key swaps one letter for one; guard the offsets anyway
        written = key
    return tuple((form, written[start:end]) for form, start, end in _Text(key, gaz, people).names())


@functools.lru_cache(maxsize=4096)
def _looks_vietnamese(word: str) -> bool:
    """Whether `word` could be a Vietnamese syllable: a foreign word glued to a name is not a
    longer Vietnamese name ("Mỹ Joe Biden" is America, "Mỹ Tho" is not)."""
    return len(word) <= _LONGEST_SYLLABLE and VIETNAMESE_SYLLABLE.fullmatch(fold(word)) is not None


def _is_capitalised_word(word: str) -> bool:
    """A proper-name syllable ("Tho", "Joe"); not an acronym ("UBND", "TP") nor a number."""
    return word[0].isupper() and not (len(word) > 1 and word.isupper())


@functools.lru_cache(maxsize=1024)
def _gap_between(gap: str) -> str | None:
    """`_gap_kind` for text gaps, which repeat endlessly (" ", ", ")."""
    return "space" if gap == " " else _gap_kind(gap)


def _is_heading_case(text: str, start: int, end: int) -> bool:
    """Whether capitals mean nothing in the line text[start:end]: it is in ALL CAPS or a short
    Title Case Heading. The regexes read the line in place; most lines are settled by them
    within their first words, without a copy."""
    if _SMALL_ASCII_LETTER.search(text, start, end) is None:
        line = text[start:end]
        if line == line.upper() and line != line.lower():
            return True
    if end - start > _TITLE_LINE_MAX or _WORD_OPENING_SMALL.search(text, start, end) is not None:
        return False
    lettered = [w for w in TOKEN.findall(text, start, end) if w[0].isalpha()]
    return len(lettered) >= _TITLE_LINE_MIN_WORDS and all(w[0].isupper() for w in lettered)


# A word as `_Text` reads it from a neighbour: (kind of the gap between the two, start, end, the word).
_Word = tuple[str | None, int, int, str]


class _Text:
    """One text as the matching rules read it: the words that may open a name, and around each
    the few words the rules look at.

    Splitting every line into all its words took most of the scan, though few of them may open
    a name: the gazetteer's `_openers` find those in the regex engine, and the words around them
    are read one at a time, as TOKEN cuts them, so the rules see the words and gaps a split would
    give. A name stays within its line without lines being cut out: the gap before a line's
    first word holds a line break, which is no kind of gap, so no two words are glued across it.
    """

    __slots__ = ("key", "gaz", "people", "_reach", "_backwards")

    def __init__(self, key: str, gaz: Gazetteer, people: tuple[str, ...]) -> None:
        self.key = key
        self.gaz = gaz
        # `_person_spellings`, each also in capitals, and how far before a name it may start and reach into it
        self.people = tuple((spelling, spelling.upper(), len(spelling) - 1) for spelling in people)
        self._reach = max(map(len, people), default=1) - 1  # the farthest of them
        self._backwards: str | None = None  # the text reversed, for `word_before`

    def word_after(self, end: int) -> _Word | None:
        """The word after the one ending at `end`."""
        found = _GAP_AND_WORD.match(self.key, end)
        if found is None:
            return None
        gap, word = found.groups()
        return _gap_between(gap), found.start(2), found.end(), word

    def word_before(self, start: int) -> _Word | None:
        """The word before the one starting at `start`."""
        if self._backwards is None:
            self._backwards = self.key[::-1]
        size = len(self.key)
        found = _GAP_AND_WORD.match(self._backwards, size - start)
        if found is None:
            return None
        begin, stop = size - found.end(), size - found.start(2)
        return _gap_between(self.key[stop:start]), begin, stop, self.key[begin:stop]

    def line_at(self, position: int) -> tuple[int, bool]:
        """The end of the line holding `position`, and whether the line is in heading case."""
        end = self.key.find("\n", position)
        if end == -1:
            end = len(self.key)
        return end, _is_heading_case(self.key, self.key.rfind("\n", 0, position) + 1, end)

    def openers(self) -> list[tuple[int, int]]:
        """Spans of the words that may open a name, in text order (some more than do)."""
        gaz, key = self.gaz, self.key
        index, lower_index, small_before = gaz._index, gaz._lower_index, gaz._small_before
        found = [
            match for match in gaz._openers.finditer(key)
            if (word := match.group()) in index or word.lower() in lower_index or word in small_before
        ]
        small = [span for match in found if match.group() in small_before for span in self.small_starts(match)]
        if gaz._small_openers is not None:  # checked here to start a word: a look-behind would slow the regex
            small += [
                match.span() for match in gaz._small_openers.finditer(key)
                if not key[match.start() - 1:match.start()].isalnum()
            ]
        spans = [match.span() for match in found]
        return sorted({*spans, *small}) if small else spans

    def small_starts(self, match: re.Match[str]) -> Iterator[tuple[int, int]]:
        """Spans of the first words of the spellings opening with a small letter that go on with
        the word matched, read back from it: "châu" before "Âu"."""
        for words in self.gaz._small_before[match.group()]:
            start = match.start()
            for word in reversed(words):
                before = self.word_before(start)
                if before is None or before[3] != word:
                    break
                start = before[1]
            else:
                yield start, start + len(words[0])

    def names(self) -> Iterator[tuple[_Form, int, int]]:
        """Accepted names as (form, start, end) offsets in the text.

        A name already accepted earlier in the text is taken again without its checks: only
        its first mention is reported, so they could change nothing but the cost.
        """
        seen: set[str] = set()
        free_from = 0  # words starting before this belong to a name already taken
        known_end = -1  # start of the last word of the last name met: "Quảng Nam Đà Nẵng" are two names
        line_end, line_flat = -1, False  # the line of the last opener, read once
        for start, end in self.openers():
            if start < free_from:
                continue
            if start > line_end:
                line_end, line_flat = self.line_at(start)
            word = self.key[start:end]
            flat = line_flat or (word.isupper() and self.caps_run(start, end))
            found = self.match_at(word, start, end, flat)
            if found is None:
                continue
            form, last_start, last_end = found
            if form.group == "block" or form.entry_id in seen:
                known_end, free_from = last_start, last_end
                continue
            if self.accept(form, start, last_start, last_end, flat, known_end):
                if form.tail and self.key.startswith(form.tail, last_end):
                    last_end += len(form.tail)
                seen.add(form.entry_id)  # type: ignore[arg-type]
                known_end, free_from = last_start, last_end
                yield form, start, last_end
            # else: "xứ Thanh" refused before "Hóa" may still leave "Thanh Hóa" at the next word

    def caps_run(self, start: int, end: int) -> bool:
        """Whether the ALL-CAPS word is in a run of them inside a mixed line ("HỢP TÁC VỚI LÀO (Ảnh: …)")."""
        before = self.word_before(start)
        if before is not None and before[0] == "space" and before[3].isupper():
            return True
        after = self.word_after(end)
        return after is not None and after[0] == "space" and after[3].isupper()

    def match_at(self, word: str, start: int, end: int, flat: bool) -> tuple[_Form, int, int] | None:
        """The longest spelling starting with `word`, if any, with the span of its last word."""
        gaz = self.gaz
        starts = gaz._lower_index.get(word.lower()) if flat else gaz._index.get(word)
        if starts is None:
            return None
        if starts.by_second and (second := self.word_after(end)) is not None:
            for form in starts.by_second.get(second[3].lower() if flat else second[3], ()):
                if second[0] != form.gaps[0]:
                    continue
                last = second if len(form.tokens) == 2 else self.continues(form, second, flat)
                if last is not None:
                    return form, last[1], last[2]
        return (starts.single[0], start, end) if starts.single else None

    def continues(self, form: _Form, second: _Word, flat: bool) -> _Word | None:
        """The last word of `form` if the words after `second` are the rest of it (the first two
        agree)."""
        wanted = form.lower if flat else form.tokens
        word = second
        for k in range(2, len(wanted)):
            word = self.word_after(word[2])  # type: ignore[assignment]
            if word is None or (word[3].lower() if flat else word[3]) != wanted[k] or word[0] != form.gaps[k - 1]:
                return None
        return word

    def roles_before(self, before: _Word | None) -> set[str]:
        """The roles of the context phrases ending with the word `before` ("prefix:province" for "tỉnh")."""
        if before is None:
            return set()
        entries = self.gaz._context.get(before[3].lower())
        if not entries:
            return set()
        return {
            role for phrase, role in entries if phrase.trailing == before[0] and self.phrase_ends(phrase, before[1])
        }

    def phrase_ends(self, phrase: _Phrase, start: int) -> bool:
        """Whether the words before the one starting at `start` are the rest of `phrase` (its last word agrees)."""
        for k in range(len(phrase.tokens) - 2, -1, -1):
            before = self.word_before(start)
            if before is None or before[3].lower() != phrase.tokens[k] or before[0] != phrase.gaps[k]:
                return False
            start = before[1]
        return True

    def accept(self, form: _Form, start: int, last_start: int, last_end: int, flat: bool, known_end: int) -> bool:
        """Whether the spelling found from `start` to `last_end` names the place here."""
        gaz = self.gaz
        before = self.word_before(start)
        roles = self.roles_before(before)
        if "person" in roles or "credit" in roles:
            return False  # "bà Huế", "Ảnh: Hải Dương"
        prefixed = f"prefix:{form.group}" in roles
        if not prefixed and f"not-after:{form.group}" in roles:
            return False  # "xã Long An", "phố Huế", "tiếng Anh"; but "thành phố Huế" is the city
        if form.needs_prefix and not prefixed:
            return False
        glued_before = before if before is not None and before[0] == "space" else None
        if flat:  # no capitals to read; a surname still makes "NGUYỄN THỊ HUẾ" a person
            free = prefixed or not (glued_before is not None and glued_before[3].lower() in gaz._surnames)
        else:
            free = (prefixed or self.free_before(form, glued_before, known_end)) and self.free_after(last_end)
        # last, as the dearest check (a search per spelling of a person's name); the order changes no answer
        return free and not self.in_person_name(start, last_end)

    def in_person_name(self, start: int, end: int) -> bool:
        """Whether a person's name in the text overlaps `start`..`end` ("Nguyễn Thị Huế" is no place).

        Looked for around the few names the other checks accept, not through the whole text.
        """
        if not self.people:
            return False
        # one copy around the name, in capitals, rules out most spellings before their exact search
        around = self.key[max(start - self._reach, 0):end + self._reach].upper()
        for spelling, capitals, reach in self.people:
            if capitals in around and self.key.find(spelling, start - reach if start > reach else 0, end + reach) != -1:
                return True
        return False

    def free_before(self, form: _Form, before: _Word | None, known_end: int) -> bool:
        """Whether the word glued before the name, if any, leaves it a name of its own."""
        if before is None or before[1] == known_end:
            return True
        word = before[3]
        if not _is_capitalised_word(word):
            return True
        if not _looks_vietnamese(word):
            # "Festival Huế" is Huế, but "Michael Jordan" and "Air Canada" are longer names.
            return not form.foreign
        lowered = word.lower()
        opening = self.word_before(before[1])
        if opening is None or opening[0] != "space":  # the word opens the line or follows punctuation
            return lowered in self.gaz._clause_openers  # "Tại Hà Nội" but "Ảnh: Thu Huế"
        return form.group != "province" and lowered in self.gaz._pair_words  # "quan hệ Việt Lào"

    def free_after(self, last_end: int) -> bool:
        """Whether the word after the name leaves it a name of its own."""
        after = self.word_after(last_end)
        if after is None or after[0] != "space":
            return True
        _, start, end, word = after
        if not _is_capitalised_word(word) or word.lower() in self.gaz._surnames:
            return True  # "Nghệ An Trần Văn Tám": a person's name follows the place
        if not _looks_vietnamese(word) or self.match_at(word, start, end, False) is not None:
            return True  # "Mỹ Joe Biden", "Quảng Nam Đà Nẵng"
        for _ in range(_NAME_RUN - 1):
            after = self.word_after(end)
            if after is None or after[0] != "space" or not _is_capitalised_word(after[3]):
                break
            if not _looks_vietnamese(after[3]):
                return True  # "Hàn Quốc Choi Young Sam": a foreign person's name
            end = after[2]
        return False  # "Mỹ Tho", "Điện Biên Phủ": one longer name
