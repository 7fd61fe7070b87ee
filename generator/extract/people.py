"""People of a story: who is named, with the roles the article gives them.

Vietnamese news names people in a few fixed shapes, and this module recognises the shapes,
never particular names. Every word list lives in `data/people.yml`:

- a title, perhaps with the organisation it heads, before the name:
  "Bộ trưởng Bộ Ngoại giao <Name>", "Phó Thủ tướng, Bộ trưởng … <Name>";
- a name, then its roles after " - ", "," or "(":
  "đồng chí <Name> - Ủy viên …, Bí thư …, Chủ tịch UBND tỉnh làm trưởng đoàn";
- an honorific before the name: "ông <Name>", "nữ sĩ <Name>", "Ngài <Foreign Name>";
- later short mentions ("Bộ trưởng <Given>", "bà <Given>") of someone already named.

A Vietnamese name is 2-4 capitalised words starting with a family name; a foreign name is
2-4 capitalised Latin words after a title or honorific. Where an organisation ends and a
name starts ("… tỉnh Đắk Lắk <Name>") is decided by the family-name list, the gazetteer's
place names and the list of words that are never names.

A foreign official's role says it is foreign: a title used only abroad ("Tỉnh trưởng"), a
foreign country ("Đại sứ Lào") or a place in parentheses ("tỉnh Xiêng Khoảng (Lào)").
After the known locality of such a role the capitalised words, up to six, are the name
even when they are Vietnamese syllables without a family name (Lao, Cambodian and
Chinese names as the Vietnamese press writes them). A locality that is named after a
person is recognised with its place word ("Thành phố Hồ Chí Minh" is a known place).

The text is read as a list of tokens, scanned once from left to right with bounded
look-ahead, so the work is linear in the length of a paragraph. Every mention starts with
an honorific, a title or a nickname, or is a capitalised run followed by its roles; the
scan visits only the tokens where one of these can start, found for the whole paragraph
at once, and leaves the rest of the text (most of it) untouched. The tokens themselves
come from a table of the stretches between spaces, which repeat from article to article.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import DATA_DIR
from generator.model import PersonMention
from generator.textkey import nfc, tone_key
from generator.yamlload import load_yaml

PEOPLE_FILE = "people.yml"

# A word: letters and digits with inner apostrophes or hyphens ("Noh-wan", "H'Hen",
# "Covid-19"); every other visible character is a token of its own. Linear: the separator
# class and the letter class do not overlap. No token holds or crosses white space.
_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*|\S")

# The kind of a token, one character each: the kinds of a paragraph are one string, joined
# in C and cheap to index ("a run of Capitalised words" is `C+`).
_CAP = "C"  # a Capitalised word
_UPPER = "U"  # an ACRONYM
_LOWER = "l"  # a lower-case word
_NUMBER = "9"  # a word starting with a digit
_MARK = "."  # any other visible character
_END = "$"  # past the last token
_CAPITAL_RUN = re.compile(f"{_CAP}+")

# Marks that separate a name from the roles after it: "<Name> - Bí thư Tỉnh ủy".
_DASHES = frozenset("-–—")
# Punctuation after which a capitalised word starts a sentence ("… nói. Anh …").
_SENTENCE_OPENERS = frozenset('.!?:;"“”‘’«»()[]…-–—')
# Characters trimmed from both ends of a role: "Bộ trưởng Bộ Ngoại giao," -> "Bộ trưởng Bộ Ngoại giao".
_ROLE_TRIM = " \t,;:.-–—(/&"

# How far a role may run before a name: longer spans are prose, not a title.
MAX_ROLE_TOKENS = 30
# The longest capitalised run looked at as a whole: longer runs are headings or lists.
MAX_CAPITAL_RUN = 12
# A lower-case stretch inside an organisation's name ("Ngoại giao văn hóa") is this short.
MAX_LOWERCASE_IN_ROLE = 3
# A foreign official's name written in Vietnamese syllables ("Khăm Xỉ Pha Lay Vông" for a
# Lao name) takes at most this many words.
MAX_FOREIGN_NAME = 6
# A paragraph whose letters are at least this share upper case is a heading ("MỞ RA THỜI KỲ …").
HEADING_UPPER_SHARE = 0.8

# Combining marks that only Vietnamese spelling uses among Latin-script languages written
# in the press: breve (ă), circumflex (â ê ô), horn (ơ ư), dot below, hook above, tilde.
_VIETNAMESE_MARKS = frozenset("\u0306\u0302\u031b\u0323\u0309\u0303")
# A syllable that Vietnamese spelling allows, tone marks removed: onset, vowels, coda.
# "Gia", "Lai", "Kon" pass; "Park", "John", "Navuth" do not, so they read as foreign.
_VIETNAMESE_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"[aeiouy]{1,3}(?:ng|nh|ch|[cmnptiyou])?$"
)


@functools.lru_cache(maxsize=1 << 16)
def _key(word: str) -> str:
    """The form words are compared in: NFC, new-style tone placement, lower case (cached: words repeat)."""
    return tone_key(word).lower()


def _words(text: str) -> tuple[str, ...]:
    """The token texts of a phrase from the data: "GS." -> ("GS", ".")."""
    return tuple(_TOKEN.findall(nfc(text)))


class _Phrases:
    """Phrases of one or more tokens, looked up at a token position; the longest wins."""

    def __init__(self, entries: Iterable[tuple[Sequence[str], object]] = ()):
        # What `match` answers, (length, value), by phrase: the first entry of a phrase wins.
        self._one_word: dict[str, tuple[int, object]] = {}
        """The phrases of one word, by their key."""
        longer: dict[str, dict[int, dict[tuple[str, ...], tuple[int, object]]]] = {}
        for words, value in entries:
            keys = tuple(map(_key, words))
            if len(keys) == 1:
                self._one_word.setdefault(keys[0], (1, value))
            elif keys:
                longer.setdefault(keys[0], {}).setdefault(len(keys), {}).setdefault(keys, (len(keys), value))
        self._longer: dict[str, list[tuple[int, dict[tuple[str, ...], tuple[int, object]]]]] = {
            first: sorted(lengths.items(), reverse=True) for first, lengths in longer.items()
        }
        """The longer phrases by first key, grouped by length, longest first: one lookup per
        length rather than a comparison per phrase ("phó" opens some thirty titles)."""
        self.first_words = self._one_word.keys() | self._longer.keys()
        """The keys that phrases start with: a quick test before `match` where that is called often."""

    def match(self, keys: Sequence[str], i: int, limit: int | None = None) -> tuple[int, object] | None:
        """Return (length, value) of the longest phrase starting at `keys[i]` and ending by `limit`."""
        count = len(keys)
        if i >= count:
            return None
        first = keys[i]
        end = count if limit is None or limit > count else limit
        for length, phrases in self._longer.get(first, ()):
            if i + length <= end:
                found = phrases.get(tuple(keys[i : i + length]))
                if found:
                    return found
        return self._one_word.get(first) if i < end else None

    def __contains__(self, keys: object) -> bool:
        if not isinstance(keys, tuple) or not keys:
            return False
        if len(keys) == 1:
            return keys[0] in self._one_word
        return any(keys in phrases for _, phrases in self._longer.get(keys[0], ()))

    def phrases(self) -> Iterator[tuple[str, ...]]:
        """Every phrase, as keys."""
        for key in self._one_word:
            yield (key,)
        for lengths in self._longer.values():
            for _, phrases in lengths:
                yield from phrases


class _Openings:
    """Where a phrase of some tables may start: a test that rules out most positions at once."""

    def __init__(self, tables: Iterable[_Phrases]):
        one_word: set[str] = set()
        seconds: dict[str, set[str]] = {}
        for table in tables:
            for phrase in table.phrases():
                if len(phrase) == 1:
                    one_word.add(phrase[0])
                else:
                    seconds.setdefault(phrase[0], set()).add(phrase[1])
        self._seconds: dict[str, frozenset[str] | None] = {first: frozenset(keys) for first, keys in seconds.items()}
        """By first key, the second keys of the longer phrases; None where the first key alone
        is a phrase, so that every position holding it is an opening."""
        self._seconds.update(dict.fromkeys(one_word))
        self.first_keys = frozenset(self._seconds)
        """The keys that phrases start with."""

    def positions(self, keys: Sequence[str], candidates: Iterable[int]) -> set[int]:
        """The positions in `keys` where a phrase may start (its first key, or first two, are there).

        `candidates` are the positions holding one of the `first_keys`: few do.
        """
        seconds = self._seconds
        last = len(keys) - 1
        return {
            i
            for i in candidates
            if (following := seconds[keys[i]]) is None or (i < last and keys[i + 1] in following)
        }


@dataclass(frozen=True, eq=False)
class PeopleLexicon:
    """The word lists of `people.yml`, prepared for lookup (see that file for what each is)."""

    family_names: _Phrases
    honorifics: _Phrases
    """Value: True if the honorific is descriptive (kept as a role), False if only courteous."""
    lowercase_only_honorifics: frozenset[tuple[str, ...]]
    titles: _Phrases
    title_modifiers: _Phrases
    role_joiners: _Phrases
    organisation_heads: _Phrases
    organisation_head_words: frozenset[str]
    """Single-word organisation heads that are no family name: never part of a person's name."""
    named_for_people: _Phrases
    on_behalf_words: _Phrases
    place_prepositions: _Phrases
    place_words_any_case: _Phrases
    place_words_lowercase: _Phrases
    not_names: _Phrases
    """Never a person: the `not_names` of the file and its `countries`."""
    countries: _Phrases
    foreign_only: frozenset[tuple[str, ...]]
    """Titles and place words used only abroad ("Tỉnh trưởng", "khu tự trị"), as keys."""
    historical_titles: frozenset[tuple[str, ...]]
    nicknames: _Phrases
    """Value: the full name the nickname stands for."""
    clause_words: _Phrases
    source: Path = field(default=Path(PEOPLE_FILE))

    @functools.cached_property
    def mention_openings(self) -> _Openings:
        """Where an honorific, a title modifier, a title or a nickname may start.

        Only there, or where a capitalised run starts, can a mention start.
        """
        return _Openings((self.honorifics, self.title_modifiers, self.titles, self.nicknames))

    @functools.cached_property
    def chunk_fields(self) -> _ChunkFields:
        """The table of the chunks of text met, for this lexicon: whether a token's key starts
        one of the `mention_openings` is a field of the token."""
        return _ChunkFields(self.mention_openings.first_keys)

    @functools.cached_property
    def place_first_words(self) -> frozenset[str]:
        """The keys that place words of either case start with: most words are none of them."""
        return frozenset(self.place_words_any_case.first_words | self.place_words_lowercase.first_words)


def _string_list(data: Mapping, name: str, path: Path, within: str = "") -> list[str]:
    value = data.get(name)
    label = f"{within}.{name}" if within else name
    if not isinstance(value, list) or not value:
        raise ValueError(f"{path}: `{label}` must be a non-empty list of words")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{path}: `{label}` holds {item!r}, which is not a word or phrase")
    return [nfc(item.strip()) for item in value]


def _sub_mapping(data: Mapping, name: str, path: Path) -> Mapping:
    value = data.get(name)
    if not isinstance(value, dict):
        raise ValueError(f"{path}: `{name}` must be a mapping")
    return value


def load_people_lexicon(data_dir: Path | None = None) -> PeopleLexicon:
    """Read `people.yml` from `data_dir` (default: the package's `data/`); bad data raises ValueError naming the file."""
    path = (data_dir or DATA_DIR) / PEOPLE_FILE
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: cannot read the people word lists: {error}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: must be a mapping of word lists")

    honorifics = _sub_mapping(data, "honorifics", path)
    places = _sub_mapping(data, "place_words", path)
    nicknames = _sub_mapping(data, "nicknames", path)
    for phrase, person in nicknames.items():
        if not isinstance(phrase, str) or not isinstance(person, str) or len(person.split()) < 2:
            raise ValueError(f"{path}: `nicknames` must map a phrase to a full name, not {phrase!r}: {person!r}")

    family = _string_list(data, "family_names", path)
    plain = _string_list(honorifics, "plain", path, "honorifics")
    descriptive = _string_list(honorifics, "descriptive", path, "honorifics")
    lowercase_only = _string_list(honorifics, "lowercase_only", path, "honorifics")
    heads = _string_list(data, "organisation_heads", path)
    countries = _string_list(data, "countries", path)
    family_keys = {_key(f) for f in family if len(f.split()) == 1}
    return PeopleLexicon(
        family_names=_Phrases((_words(f), None) for f in family),
        honorifics=_Phrases([(_words(h), False) for h in plain] + [(_words(h), True) for h in descriptive]),
        lowercase_only_honorifics=frozenset(tuple(_key(w) for w in _words(h)) for h in lowercase_only),
        titles=_Phrases((_words(t), None) for t in _string_list(data, "titles", path)),
        title_modifiers=_Phrases((_words(t), None) for t in _string_list(data, "title_modifiers", path)),
        role_joiners=_Phrases((_words(t), None) for t in _string_list(data, "role_joiners", path)),
        organisation_heads=_Phrases((_words(h), None) for h in heads),
        organisation_head_words=frozenset(
            _key(h) for h in heads if len(_words(h)) == 1 and _key(h) not in family_keys
        ),
        on_behalf_words=_Phrases((_words(w), None) for w in _string_list(data, "on_behalf_words", path)),
        place_prepositions=_Phrases((_words(w), None) for w in _string_list(data, "place_prepositions", path)),
        named_for_people=_Phrases((_words(w), None) for w in _string_list(data, "named_for_people", path)),
        place_words_any_case=_Phrases((_words(p), None) for p in _string_list(places, "any_case", path, "place_words")),
        place_words_lowercase=_Phrases((_words(p), None) for p in _string_list(places, "lowercase_only", path, "place_words")),
        not_names=_Phrases((_words(n), None) for n in _string_list(data, "not_names", path) + countries),
        countries=_Phrases((_words(c), None) for c in countries),
        foreign_only=frozenset(
            tuple(_key(w) for w in _words(t)) for t in _string_list(data, "foreign_only", path)
        ),
        historical_titles=frozenset(
            tuple(_key(w) for w in _words(t)) for t in _string_list(data, "historical_titles", path)
        ),
        nicknames=_Phrases((_words(k), nfc(v)) for k, v in nicknames.items()),
        clause_words=_Phrases((_words(c), None) for c in _string_list(data, "clause_words", path)),
        source=path,
    )


# --- names ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 12)
def _has_vietnamese_marks(word: str) -> bool:
    """True for "Nghệ", "Đắk", "Hải"; False for "Park", "José", "Lào"."""
    if "đ" in word or "Đ" in word:
        return True
    return any(c in _VIETNAMESE_MARKS for c in unicodedata.normalize("NFD", word))


@functools.lru_cache(maxsize=1 << 12)
def _is_vietnamese_syllable(word: str) -> bool:
    """True for "Gia", "Lai", "Nguyễn"; False for "Park", "Smith", "Noh-wan"."""
    bare = "".join(
        c for c in unicodedata.normalize("NFD", word.lower().replace("đ", "d")) if not unicodedata.combining(c)
    )
    return bool(_VIETNAMESE_SYLLABLE.match(bare))


def _family_length(words: Sequence[str], lexicon: PeopleLexicon, start: int = 0) -> int:
    """How many of `words[start:]` form a family name: 2 for "Tôn Nữ Thị Hoa", 1 for "Lê Văn A", 0 for "Cô Tô"."""
    keys = [_key(w) for w in words]
    found = lexicon.family_names.match(keys, start)
    return found[0] if found else 0


@functools.lru_cache(maxsize=1 << 12)
def split_vietnamese_name(name: str, lexicon: PeopleLexicon) -> tuple[str, str, str]:
    """Return (family, middle, given): "Tôn Nữ Thị Hoa" -> ("Tôn Nữ", "Thị", "Hoa").

    A name that does not start with a Vietnamese family name is foreign and comes back
    whole as the given part: "Park Noh-wan" -> ("", "", "Park Noh-wan"). Cached: the same
    people are named article after article.
    """
    words = nfc(name).split()
    family = _family_length(words, lexicon)
    if len(words) < 2 or not family or any("-" in w for w in words):
        return "", "", " ".join(words)
    family = min(family, len(words) - 1)
    return " ".join(words[:family]), " ".join(words[family:-1]), words[-1]


# --- tokens -----------------------------------------------------------------------------


def _kind(token: str) -> str:
    """The kind of a token: `_CAP`, `_UPPER`, `_LOWER`, `_NUMBER` or `_MARK`."""
    first = token[0]
    if not first.isalnum():  # `_TOKEN` starts a word at a letter or digit only
        return _MARK
    if first.isdigit():
        return _NUMBER
    if first.isupper():
        letters = [c for c in token if c.isalpha()]
        return _UPPER if len(letters) > 1 and all(c.isupper() for c in letters) else _CAP
    return _LOWER


# The fields of a token, in the flat tuples of `_ChunkFields`: one tuple per chunk rather
# than an object per token, so that a paragraph's fields are one concatenation and each
# field one slice of it, all in C.
_TEXT, _KEY, _KIND, _GLUED, _LETTERS, _OPENS = range(6)
"""The token's text and key; its kind; whether it follows the token before without white
space ("." after "GS"); its count of letters plus `_CAPITAL` times its count of upper-case
ones (what tells a heading); whether its key starts a mention opening of the lexicon."""
_FIELDS = 6
# A weight far above the letters of any paragraph: one sum of the `_LETTERS` field over a
# paragraph gives both its letters (the remainder) and its capitals (the quotient).
_CAPITAL = 1 << 32
# The gap before a token, by its `_GLUED` field.
_GAPS = (" ", "")


class _ChunkFields(dict[str, tuple[str | int | bool, ...]]):
    """The fields of the tokens of each chunk met, a stretch between spaces ("tỉnh", "Nam,", "(TTXVN)").

    The chunks of news text repeat far more than they vary. A plain dict is looked up faster
    than an `lru_cache`; it starts afresh when full. What depends on the lexicon (`_OPENS`) is
    then found once per chunk met rather than once per token read: one table per lexicon.

    A chunk is looked up as written and its tokens are those of its NFC form: text is
    normalised once per chunk met rather than in full for every paragraph. The chunks of
    the NFC form of a text are the NFC forms of its chunks, since under NFC the space
    composes with no neighbour and no character becomes a space (checked over all of Unicode).
    """

    LIMIT = 1 << 16

    def __init__(self, opening_keys: Collection[str]):
        super().__init__()
        self.opening_keys = opening_keys
        """The keys that a mention opening starts with."""

    def __missing__(self, chunk: str) -> tuple[str | int | bool, ...]:
        if len(self) >= self.LIMIT:
            self.clear()
        tokens = list(_TOKEN.finditer(nfc(chunk)))
        texts = [token.group() for token in tokens]
        # A chunk is split at spaces only (see `_tokenize`): other white space may stand inside it.
        glued = [k > 0 and tokens[k - 1].end() == token.start() for k, token in enumerate(tokens)]
        letters = [[c for c in text if c.isalpha()] for text in texts]
        counts = [len(word) + _CAPITAL * sum(map(str.isupper, word)) for word in letters]
        keys = list(map(_key, texts))
        opens = map(self.opening_keys.__contains__, keys)
        fields = zip(texts, keys, map(_kind, texts), glued, counts, opens)
        self[chunk] = found = tuple(itertools.chain.from_iterable(fields))
        return found


def _tokenize(text: str, table: _ChunkFields) -> tuple[list[str | int | bool], tuple[str, ...], tuple[str, ...], str]:
    """The fields of the tokens of `text` from `table` (see `_FIELDS`), and their texts, keys and kinds (as one string).

    No token holds or crosses white space, so the tokens of the text are those of its chunks
    (in NFC: see `_ChunkFields`).
    The texts and keys are tuples: the scan takes many slices of them as names and phrases,
    and a tuple's slice is a tuple already.
    """
    # `list += tuple` extends the list in place: one pass in C over the chunks' fields.
    # Split at spaces only, the white space of cleaned text: faster than at any white space.
    chunk_fields = map(table.__getitem__, text.split(" "))
    fields: list[str | int | bool] = functools.reduce(operator.iconcat, chunk_fields, [])
    texts, keys = tuple(fields[_TEXT::_FIELDS]), tuple(fields[_KEY::_FIELDS])
    return fields, texts, keys, "".join(fields[_KIND::_FIELDS])


# --- what the scanner finds -------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    """One mention: a full name with roles, or a short form ("Sơn", "Thúy Anh") to resolve later."""

    position: tuple[int, int]
    """(paragraph, token): mentions are ordered by it."""
    name: str
    key: tuple[str, ...]
    """The keys of the name's words: one person's mentions share them."""
    roles: list[str]
    short: bool = False


@dataclass(slots=True)
class _Parsed:
    roles: list[str]
    name_start: int
    name_end: int
    short: bool


# Marks a question not answered yet in a table where None is an answer.
_UNANSWERED = object()


class _Paragraph:
    """The scanner over one paragraph's tokens; see the module docstring for the shapes.

    A token is an index into the parallel `texts`, `keys` and `kinds`. The scan visits only
    the `openings` (where an honorific, a title or a nickname may start) and the starts of
    some capitalised runs; from there it reads on as far as a mention goes.
    """

    def __init__(self, index: int, text: str, scanner: _Scanner):
        self.index = index
        self.lex = scanner.lex
        self.scanner = scanner
        self.fields, self.texts, self.keys, self.kinds = _tokenize(text, self.lex.chunk_fields)
        candidates = itertools.compress(itertools.count(), self.fields[_OPENS::_FIELDS])
        self.openings = self.lex.mention_openings.positions(self.keys, candidates)
        # Answers asked again and again while roles are scanned from several starts.
        self._titles: dict[int, int] = {}
        self._places: dict[int, int] = {}
        self._parsed: dict[tuple[int, bool], _Parsed | None] = {}
        """What `parse_titled` answered: a title's parse is asked again when it follows a name's roles."""

    def is_heading(self) -> bool:
        """True for an ALL-CAPS line such as "MỞ RA THỜI KỲ HỢP TÁC MỚI"."""
        capitals, letters = divmod(sum(self.fields[_LETTERS::_FIELDS]), _CAPITAL)
        return letters >= 6 and capitals >= HEADING_UPPER_SHARE * letters

    # -- small predicates --

    def kind(self, i: int) -> str:
        return self.kinds[i] if 0 <= i < len(self.kinds) else _END

    def is_mark(self, i: int, marks: Collection[str]) -> bool:
        return self.kind(i) == _MARK and self.texts[i] in marks

    def run_start(self, i: int) -> int:
        """Where the run of Capitalised words through token i starts (i itself if token i is not one)."""
        kinds = self.kinds
        if kinds[i] != _CAP:
            return i
        while i > 0 and kinds[i - 1] == _CAP:
            i -= 1
        return i

    def run_end(self, i: int) -> int:
        """Where the run of Capitalised words from token i ends (i itself if token i is not one)."""
        kinds = self.kinds
        end = len(kinds)
        while i < end and kinds[i] == _CAP:
            i += 1
        return i

    def sentence_start(self, i: int) -> bool:
        return i == 0 or (self.kinds[i - 1] == _MARK and self.texts[i - 1] in _SENTENCE_OPENERS)

    def position(self, i: int) -> tuple[int, int]:
        """Where token i stands in the article: (paragraph, token)."""
        return self.index, i

    def span_text(self, start: int, end: int) -> str:
        """The source text of tokens [start, end), spaces collapsed and ends trimmed."""
        if start >= end:
            return ""
        glued = self.fields[start * _FIELDS + _GLUED : end * _FIELDS : _FIELDS]
        # Each token after the gap before it, a space or nothing; the stripping takes a leading space.
        return "".join(map(operator.add, map(_GAPS.__getitem__, glued), self.texts[start:end])).strip(_ROLE_TRIM)

    def name_key(self, start: int, end: int) -> tuple[str, ...]:
        return tuple(self.keys[start:end])

    def place_word_at(self, i: int) -> int:
        """Length of a place word at i ("tỉnh", "thành phố", "TP."), 0 if none."""
        if i >= len(self.keys) or self.keys[i] not in self.lex.place_first_words:
            return 0  # most words: answered without a lookup
        if i not in self._places:
            self._places[i] = self._place_word_at(i)
        return self._places[i]

    def _place_word_at(self, i: int) -> int:
        if self.kinds[i] == _MARK:
            return 0
        key = self.keys[i]
        if key in self.lex.place_words_any_case.first_words:
            found = self.lex.place_words_any_case.match(self.keys, i)
            if found:
                return found[0]
        if self.kinds[i] == _LOWER and key in self.lex.place_words_lowercase.first_words:
            found = self.lex.place_words_lowercase.match(self.keys, i)
            if found:
                return found[0]
        return 0

    def after_place_word(self, i: int) -> bool:
        """True if a place word ends right before token i: "tỉnh | Nghệ An"."""
        for length in (1, 2, 3):
            start = i - length
            if start >= 0 and self.place_word_at(start) == length:
                return True
        return False

    def ends_before(self, table: _Phrases, i: int) -> bool:
        """True if a lower-case phrase of `table` ends right before token i: "thay mặt | Chủ tịch nước"."""
        kinds, keys = self.kinds, self.keys
        for length in (1, 2, 3, 4):
            start = i - length
            if start < 0 or kinds[start] not in (_LOWER, _CAP):
                break
            if keys[start] in table.first_words:
                found = table.match(keys, start, i)
                if found and found[0] == length:
                    return True
        return False

    def after_named_institution(self, i: int) -> bool:
        """True if an institution often named after a person ends right before token i: "Trường THPT | …".

        A place word wins: "thành phố | Huế" is a city, not a street ("phố").
        """
        institutions, keys = self.lex.named_for_people, self.keys
        if institutions.first_words.isdisjoint(keys[max(i - 3, 0) : i]):
            return False  # the answer before most names, found in one test
        for length in (1, 2, 3):
            start = i - length
            if start >= 0 and keys[start] in institutions.first_words:
                found = institutions.match(keys, start, i)
                if found and found[0] == length:
                    # Asked only now: institutions are rare, place words are not.
                    return not self.after_place_word(i)
        return False

    def name_run_end(self, i: int) -> int:
        """End of the capitalised run at i, cut where a title starts: "Nguyễn Văn A | Phó Chủ tịch …"."""
        end = self.run_end(i)
        openings = self.openings
        for k in range(i + 1, min(end, i + MAX_CAPITAL_RUN)):
            if k in openings and self.title_at(k):
                return k
        return end

    def title_at(self, i: int) -> int:
        """End of a title (with modifiers: "nguyên Bộ trưởng") starting at i, or 0 if none."""
        if i not in self.openings:
            return 0
        end = self._titles.get(i)
        if end is None:
            end = self._titles[i] = self._title_at(i)
        return end

    def _title_at(self, i: int) -> int:
        j = i
        openings, kinds, keys = self.openings, self.kinds, self.keys
        modifiers = self.lex.title_modifiers
        while j in openings and kinds[j] in (_LOWER, _CAP) and keys[j] in modifiers.first_words:
            found = modifiers.match(keys, j)
            if not found:
                break
            j += found[0]
        if j not in openings or kinds[j] not in (_LOWER, _CAP):
            return 0
        found = self.lex.titles.match(keys, j)
        return j + found[0] if found else 0

    def title_key(self, start: int, end: int) -> tuple[str, ...]:
        """The keys of the title proper in [start, end), modifiers dropped."""
        j = start
        keys, modifiers = self.keys, self.lex.title_modifiers
        while j < end and keys[j] in modifiers.first_words and (found := modifiers.match(keys, j, end)):
            j += found[0]
        return tuple(keys[j:end])

    def clause_at(self, i: int) -> bool:
        clauses = self.lex.clause_words
        if self.kinds[i] != _LOWER or self.keys[i] not in clauses.first_words:
            return False
        return clauses.match(self.keys, i) is not None

    def joiner_at(self, i: int) -> int:
        joiners = self.lex.role_joiners
        if self.kind(i) != _LOWER or self.keys[i] not in joiners.first_words:
            return 0
        found = joiners.match(self.keys, i)
        return found[0] if found else 0

    def organisation_at(self, i: int) -> bool:
        return self.kind(i) in (_CAP, _UPPER) and self.organisation_head_at(i) > 0

    def lowercase_organisation_at(self, i: int) -> bool:
        """True for an organisation written in lower case right after a title: "Giám đốc | sở Ngoại vụ"."""
        return self.kind(i) == _LOWER and self.organisation_head_at(i) > 0

    def organisation_head_at(self, i: int) -> int:
        """Length of an organisation head at i ("Bộ", "Ủy ban", "Khu ủy"), 0 if none."""
        heads = self.lex.organisation_heads
        found = heads.match(self.keys, i) if self.keys[i] in heads.first_words else None
        return found[0] if found else 0

    # -- names --

    def name_syllable(self, i: int) -> bool:
        """A word that can be part of a Vietnamese name: "Hải", not "Bộ", "UBND", "Noh-wan"."""
        text = self.texts[i]
        if self.kinds[i] != _CAP or "-" in text or not text.replace("'", "").replace("’", "").isalpha():
            return False
        rest = text[1:]
        return rest == rest.lower() and self.keys[i] not in self.lex.organisation_head_words

    def not_a_person(self, start: int, end: int) -> bool:
        """True for a candidate that is a known place, a never-name phrase or a credit."""
        keys = self.name_key(start, end)
        return keys in self.scanner.places or keys in self.lex.not_names or keys in self.scanner.credits

    def judged_by_words(
        self, answers: dict[tuple[str, ...], bool], judge: Callable[[int, int], bool], start: int, end: int
    ) -> bool:
        """`judge(start, end)` for a question about the words [start, end) alone, answered once per article.

        Whether words make a name does not depend on what stands around them, and a person is
        mentioned again and again.
        """
        words = tuple(self.texts[start:end])
        if words not in answers:
            answers[words] = judge(start, end)
        return answers[words]

    def vietnamese_name(self, start: int, end: int) -> bool:
        """True for 2-4 name syllables starting with a family name: "Nguyễn Văn Bảy".

        The words after the family name must be Vietnamese syllables, so "Kim Hourn" (from
        the Cambodian "Kao Kim Hourn") is not taken for a Vietnamese name.
        """
        if not 2 <= end - start <= 4 or self.keys[start] not in self.lex.family_names.first_words:
            return False  # most candidates, answered before the words are looked up
        return self.judged_by_words(self.scanner.vietnamese_names, self._vietnamese_name, start, end)

    def _vietnamese_name(self, start: int, end: int) -> bool:
        length = end - start
        if not 2 <= length <= 4:
            return False
        family = self.lex.family_names.match(self.keys, start, end)
        if not family or family[0] >= length:
            return False
        return (
            all(self.name_syllable(j) for j in range(start, end))
            and all(_is_vietnamese_syllable(self.texts[j]) for j in range(start + family[0], end))
            and not self.not_a_person(start, end)
        )

    def foreign_name(self, start: int, end: int) -> bool:
        """True for 2-4 capitalised words spelled as no Vietnamese name is: "Park Noh-wan", "John Smith"."""
        return self.judged_by_words(self.scanner.foreign_names, self._foreign_name, start, end)

    def _foreign_name(self, start: int, end: int) -> bool:
        if not 2 <= end - start <= 4 or self.not_a_person(start, end):
            return False
        foreign_looking = False
        for j in range(start, end):
            text = self.texts[j]
            if self.kinds[j] != _CAP or self.keys[j] in self.lex.organisation_head_words or not text[0].isalpha():
                return False
            hyphenated = "-" in text
            if _has_vietnamese_marks(text) and not hyphenated:
                return False
            if (self.keys[j],) in self.lex.not_names or (self.keys[j],) in self.scanner.places:
                return False
            # A single letter ("Khóa X") is a numeral or an initial, not a foreign spelling.
            foreign_looking = foreign_looking or hyphenated or (len(text) > 1 and not _is_vietnamese_syllable(text))
        return foreign_looking

    def place_after_word(self, start: int, end: int) -> int:
        """Length of a known place that starts with the place word before `start` and ends in the run.

        "UBND Thành phố | Hồ Chí Minh Võ Văn A": "Thành phố Hồ Chí Minh" is a known place, so
        its last three words are not a name even if "Hồ Chí Minh" alone is not listed.
        """
        for length in (1, 2, 3):
            word = start - length
            if word >= 0 and self.place_word_at(word) == length:
                found = self.scanner.place_table.match(self.keys, word, end)
                return found[0] - length if found and found[0] > length else 0
        return 0

    def paren_place_at(self, i: int) -> int:
        """Index after "(Trung Quốc)" if token i opens a known place or country in parentheses, else 0."""
        if not self.is_mark(i, "("):
            return 0
        j = i + 1
        while j < len(self.kinds) and j - i <= 6 and self.kinds[j] in (_CAP, _UPPER):
            j += 1
        if j == i + 1 or not self.is_mark(j, ")"):
            return 0
        keys = self.name_key(i + 1, j)
        return j + 1 if keys in self.scanner.places or keys in self.lex.countries else 0

    def foreign_run(self, start: int, end: int) -> bool:
        """True for 2-6 capitalised name words: a foreign name in Vietnamese syllables, "Khăm Xỉ Pha Lay Vông".

        Only asked after the locality of a foreign official's role. No word may be an
        organisation head, a place word, a clause word, a known place or a never-name.
        """
        return 2 <= end - start <= MAX_FOREIGN_NAME and self.name_words(start, end)

    def name_words(self, start: int, end: int) -> bool:
        """True if every word of [start, end) may be part of a foreign name (see `foreign_run`)."""
        if self.not_a_person(start, end):
            return False
        for j in range(start, end):
            bare = self.texts[j].replace("-", "").replace("'", "").replace("’", "")
            if self.kinds[j] != _CAP or len(bare) < 2 or not bare.isalpha():
                return False
            one = (self.keys[j],)
            if (
                self.keys[j] in self.lex.organisation_head_words
                or one in self.lex.clause_words
                or one in self.lex.place_prepositions
                or self.place_word_at(j)
                or self.lex.named_for_people.match(self.keys, j, end)
                or self.leading_non_name(j, end)
            ):
                return False
        return True

    def leading_non_name(self, start: int, end: int) -> int:
        """Length of a place or never-name phrase opening a run: "Nghệ An" in "Nghệ An Trần Văn A"."""
        best = 0
        key = self.keys[start]
        for table in (self.scanner.place_table, self.lex.not_names):
            found = table.match(self.keys, start, end) if key in table.first_words else None
            if found and found[0] > best:
                best = found[0]
        return best

    def choose_name(
        self,
        start: int,
        end: int,
        *,
        after_place: bool,
        title: tuple[str, ...] | None,
        honorific: bool,
        foreign: bool = False,
        after_paren: bool = False,
    ) -> tuple[int, int, bool] | None:
        """Find the name at the end of the capitalised run [start, end): (name_start, name_end, short).

        "Đắk Lắk Nguyễn Văn Bảy" after "tỉnh" -> the last three words, but a run that is a
        whole name of three or four words after "tỉnh" is that name (provinces and districts
        have two-word names, Vietnamese people mostly three); "Hàn Quốc Park Noh-wan"
        -> "Park Noh-wan"; "Hồ Chí Minh" after "Chủ tịch" -> a person even if it is a place;
        "Sơn" right after a title -> a short form. In a foreign official's role (`foreign`),
        the words after the known locality, or right after a place in parentheses
        (`after_paren`), are the name: "Hủa Phăn Khăm Xỉ Pha Lay Vông" -> the last five.
        """
        if end - start > MAX_CAPITAL_RUN:
            return None
        institution = self.after_named_institution(start)
        institutions, keys = self.lex.named_for_people, self.keys
        for k in range(start, min(end, start + 3)):
            found = institutions.match(keys, k, end) if keys[k] in institutions.first_words else None
            if found:
                start, institution = k + found[0], True  # "Trường Phan Bội Châu": the school's name
        if institution:
            # The institution's own name takes two words at least: "Trường THPT Phan Bội Châu"
            # names nobody, "… Phan Bội Châu Nguyễn Văn A" names the last three words.
            for length in (3, 4, 2):
                if end - length >= start + 2 and self.vietnamese_name(end - length, end):
                    return end - length, end, False
            return None
        lead = self.leading_non_name(start, end)
        if after_place:
            lead = max(lead, self.place_after_word(start, end))
        if lead == end - start:
            keys = self.name_key(start, end)
            forced = honorific or (title in self.lex.historical_titles and end - start >= 3)
            if forced and keys in self.scanner.places and self._vietnamese_shape(start, end):
                return start, end, False
            return None
        known = lead > 0 or after_paren
        if lead:
            country = self.lex.countries.match(keys, start, start + lead)
            foreign = foreign or (country is not None and country[0] == lead)  # "Đại sứ Lào | …"
        if after_place and not known and end - start >= 3 and self.vietnamese_name(start, end):
            return start, end, False  # "UBND tỉnh | Lê Văn Bảy": "tỉnh" meant "the province's"
        first = start + lead if known else (start + 1 if after_place else start)
        if (known or not after_place) and self.vietnamese_name(first, end):
            return first, end, False
        if foreign and known and self.foreign_run(first, end):
            return first, end, False  # "tỉnh Hủa Phăn | Khăm Xỉ Pha Lay Vông"
        if foreign and known and end - first > MAX_FOREIGN_NAME and self.name_words(first, end):
            return None  # too long for one name: no tail of it is taken for a Vietnamese name
        for length in (3, 4, 2):
            # Two-word names are rare: not taken from the tail of a long unknown run.
            if length == 2 and end - length - first > 2:
                continue
            if end - length >= first and self.vietnamese_name(end - length, end):
                return end - length, end, False
        if self.foreign_name(first, end):
            return first, end, False
        if (
            first == start
            and 1 <= end - first <= 2
            and (title is not None or honorific)
            and all(self.name_syllable(j) for j in range(first, end))
        ):
            return first, end, True
        return None

    def _vietnamese_shape(self, start: int, end: int) -> bool:
        family = self.lex.family_names.match(self.keys, start, end)
        return bool(family) and 2 <= end - start <= 4 and all(self.name_syllable(j) for j in range(start, end))

    # -- roles --

    def completes_word(self, i: int) -> bool:
        """True if lower-case token i ends a half-capitalised unit name: "Sở Ngoại | vụ", "Bộ Ngoại | giao"."""
        j = i - 1
        count = 0
        while j >= 0 and self.kinds[j] == _CAP:
            if self.keys[j] not in self.lex.organisation_head_words:
                count += 1
            j -= 1
        return count == 1

    def lowercase_extent(self, k: int, *, expecting_name: bool, closing: str = ";") -> tuple[int, bool]:
        """How far lower-case words from k belong to a role: (end, role_ends_there).

        "Cục Ngoại vụ và Ngoại giao văn hóa, …" keeps "vụ", "và", "văn hóa"; "Sở Ngoại vụ báo cáo
        về …" keeps "vụ" and stops at the verb "báo cáo" (a clause word).
        """
        kinds, keys, lex = self.kinds, self.keys, self.lex
        n = len(kinds)
        j = k
        clause = False
        while j < n and kinds[j] == _LOWER:
            # The first-word tests spare the calls at most words.
            key = keys[j]
            if (key in lex.place_first_words and self.place_word_at(j)) or (
                key in lex.role_joiners.first_words and self.joiner_at(j)
            ):
                break
            if key in lex.clause_words.first_words and self.clause_at(j):
                clause = True
                break
            if key == "và" and (self.kind(j + 1) not in (_CAP, _UPPER) or self.title_at(j + 1)):
                clause = True
                break
            j += 1
        length = j - k
        if clause:
            if expecting_name:
                return k, True
            return (j, True) if length <= MAX_LOWERCASE_IN_ROLE else (k + 1 if self.completes_word(k) else k, True)
        following = self.kind(j)
        continues = following != _END and (
            following in (_CAP, _UPPER)
            or self.place_word_at(j)
            or self.joiner_at(j)
            or (following == _MARK and (self.texts[j] in ",&" or self.texts[j] in _DASHES))
            or (not expecting_name and following == _MARK and self.texts[j] in closing)
        )
        if continues and length <= MAX_LOWERCASE_IN_ROLE:
            return j, False
        if not expecting_name and self.completes_word(k):
            return k + 1, True
        return k, True

    def continues_after_comma(self, k: int) -> bool:
        """True if the words after the comma at k are still the same organisation.

        ", Bộ Ngoại giao" (a parent organisation) or ", Thể thao và Du lịch" (the rest of an
        enumerated name such as "Sở Văn hóa, Thể thao và Du lịch").
        """
        if self.organisation_at(k + 1):
            return True
        if self.kind(k + 1) != _CAP or self.title_at(k + 1):
            return False
        j = k + 1
        limit = min(len(self.kinds), k + 1 + 2 * MAX_LOWERCASE_IN_ROLE + 2)
        while j < limit and self.kinds[j] in (_CAP, _LOWER):
            if self.keys[j] == "và" and self.kind(j + 1) == _CAP:
                return True
            j += 1
        return False

    def new_person_at(self, k: int) -> bool:
        """True if the title at k is followed by its own full name (a second person)."""
        parsed = self.parse_titled(k, honorific=False)
        return parsed is not None and not parsed.short

    def parse_titled(self, i: int, *, honorific: bool) -> _Parsed | None:
        """Title(s), organisation and the name after them.

        "Phó Chủ tịch Thường trực Ủy ban Nhân dân tỉnh Đắk Lắk Nguyễn Văn Bảy" -> role
        "Phó Chủ tịch Thường trực Ủy ban Nhân dân tỉnh Đắk Lắk", name "Nguyễn Văn Bảy";
        "Phó Thủ tướng, Bộ trưởng Bộ Ngoại giao Phạm Văn A" -> two roles; "Bộ trưởng Bộ Ngoại
        giao đề nghị" -> None (no name); "Bộ trưởng Sơn" -> a short form.
        """
        question = (i, honorific)
        parsed = self._parsed.get(question, _UNANSWERED)
        if parsed is _UNANSWERED:
            parsed = self._parsed[question] = self._parse_titled(i, honorific)
        return parsed

    def _parse_titled(self, i: int, honorific: bool) -> _Parsed | None:
        title_end = self.title_at(i)
        if not title_end:
            return None
        roles: list[str] = []
        role_start, k = i, title_end
        title = self.title_key(i, title_end)
        directly = True
        after_place = False
        foreign = title in self.lex.foreign_only
        after_paren = False
        short: tuple[int, int, list[str]] | None = None
        # "Thay mặt Chủ tịch nước, <title> <Name>": the first title is someone else's.
        on_behalf = self.ends_before(self.lex.on_behalf_words, i)
        kinds, texts, keys = self.kinds, self.texts, self.keys
        place_first_words = self.lex.place_first_words
        n = len(kinds)
        while k < n and k - i <= MAX_ROLE_TOKENS:
            kind, text = kinds[k], texts[k]
            # The first-word tests spare a call at most tokens.
            place = self.place_word_at(k) if keys[k] in place_first_words else 0
            if place:
                foreign = foreign or self.name_key(k, k + place) in self.lex.foreign_only
                k += place
                after_place, directly, after_paren = True, False, False
                continue
            if kind == _CAP:
                head = self.organisation_head_at(k)
                if head and k + head > self.run_end(k):
                    # "Khu ủy", "Ủy ban": an organisation whose name goes on in lower case.
                    k += head
                    after_place = directly = after_paren = False
                    continue
                end = self.name_run_end(k)
                after_place = after_place or (
                    kinds[k - 1] == _LOWER and self.ends_before(self.lex.place_prepositions, k)
                )
                found = self.choose_name(
                    k,
                    end,
                    after_place=after_place,
                    title=title if directly else None,
                    honorific=honorific and directly,
                    foreign=foreign,
                    after_paren=after_paren,
                )
                if found and not found[2]:
                    return _Parsed(roles + [self.span_text(role_start, found[0])], found[0], found[1], False)
                if found and short is None:
                    short = (found[0], found[1], roles + [self.span_text(role_start, found[0])])
                k = end
                after_place = directly = after_paren = False
                continue
            if kind == _UPPER:
                k += 1
                after_place = directly = after_paren = False
                continue
            close = self.paren_place_at(k) if text == "(" else 0
            if close:
                # "Tỉnh trưởng tỉnh Xiêng Khoảng (Lào) <Name>": the role is a foreign official's.
                k = close
                foreign = after_paren = True
                after_place = directly = False
                continue
            joiner = self.joiner_at(k) if kind == _LOWER else 0
            if text == "," or joiner or text in _DASHES:
                if short is not None:
                    break
                step = joiner or 1
                next_title = self.title_at(k + step)
                if next_title:
                    if not on_behalf:
                        roles.append(self.span_text(role_start, k))
                    on_behalf = False
                    role_start, k = k + step, next_title
                    title = self.title_key(role_start, next_title)
                    foreign = foreign or title in self.lex.foreign_only
                    directly, after_place, after_paren = True, False, False
                    continue
                if text == "," and self.continues_after_comma(k):
                    k += 1
                    continue
                if text in _DASHES and self.kind(k + 1) == _CAP and not directly:
                    k += 1
                    continue
                break
            if kind == _LOWER and (not directly or self.lowercase_organisation_at(k)):
                k, stop = self.lowercase_extent(k, expecting_name=True)
                if stop:
                    break
                continue
            if text == "&":
                k += 1
                continue
            break
        if short is not None:
            return _Parsed(short[2], short[0], short[1], True)
        return None

    def parse_roles_after(self, k: int, *, bare: bool) -> tuple[list[str], int]:
        """Roles written after a name, from the separator at k: (roles, end).

        "<Name> - Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh;"
        -> three roles; "<Name>, Phó Giám đốc Sở Ngoại vụ thành phố Đà Nẵng, cho biết" -> one.
        After a bare name only " - " and "(" count, except at the start of a list item (after
        ";" or ":"), where "; <Name>, Phó Chủ tịch UBND tỉnh;" is the list's own shape.
        """
        kinds, texts, keys = self.kinds, self.texts, self.keys
        n = len(kinds)
        if k >= n or kinds[k] != _MARK:
            return [], k
        opening = texts[k]
        if not (opening in _DASHES or opening == "(" or (opening == "," and not bare)):
            return [], k
        first = self.title_at(k + 1)
        if not first or (opening == "," and self.new_person_at(k + 1)):
            return [], k
        roles: list[str] = []
        role_start, j = k + 1, first
        directly = True
        place_first_words = self.lex.place_first_words
        while j < n and j - k <= MAX_ROLE_TOKENS:
            kind, text = kinds[j], texts[j]
            place = self.place_word_at(j) if keys[j] in place_first_words else 0
            if place:
                j += place
                directly = False
                continue
            if kind in (_CAP, _UPPER):
                j = self.run_end(j) if kind == _CAP else j + 1
                directly = False
                continue
            close = self.paren_place_at(j) if text == "(" else 0
            if close:
                j = close  # "…, Chủ tịch Khu tự trị Quảng Tây (Trung Quốc), cho biết"
                directly = False
                continue
            joiner = self.joiner_at(j) if kind == _LOWER else 0
            if text == "," or joiner or text in _DASHES:
                step = joiner or 1
                next_title = self.title_at(j + step)
                if next_title:
                    if self.new_person_at(j + step):
                        break
                    roles.append(self.span_text(role_start, j))
                    role_start, j = j + step, next_title
                    directly = True
                    continue
                if text == "," and self.continues_after_comma(j):
                    j += 1
                    continue
                if text in _DASHES and self.kind(j + 1) in (_CAP, _UPPER) and not directly:
                    j += 1  # "Hội hữu nghị Việt Nam - Lào"
                    continue
                break
            if kind == _LOWER and (not directly or self.lowercase_organisation_at(j)):
                j, stop = self.lowercase_extent(j, expecting_name=False, closing=";)" if opening == "(" else ";")
                if stop:
                    break
                continue
            if text == "&":
                j += 1
                continue
            break
        roles.append(self.span_text(role_start, j))
        end = j + 1 if opening == "(" and self.is_mark(j, ")") else j
        return list(filter(None, roles)), end

    def honorifics_at(self, i: int) -> tuple[int, list[str]]:
        """End of the honorifics at i and the descriptive ones as roles: "ông GS.TS." -> (…, ["GS.TS"])."""
        if self.keys[i] not in self.lex.honorifics.first_words:
            return i, []  # asked at every start: titles and names start with none
        j = i
        descriptive: list[tuple[int, int]] = []
        while j in self.openings and self.kinds[j] in (_LOWER, _CAP, _UPPER):
            found = self.lex.honorifics.match(self.keys, j)
            if not found:
                break
            length, is_descriptive = found
            first = self.kinds[j]
            keys = tuple(self.keys[j : j + length])
            if keys in self.lex.lowercase_only_honorifics and first != _LOWER and not self.sentence_start(j):
                break
            if j == i and first != _LOWER and j > 0 and self.kinds[j - 1] == _CAP:
                break  # inside a capitalised run: "Nguyễn Anh Hùng" holds no honorific
            if is_descriptive:
                if descriptive and descriptive[-1][1] == j:
                    descriptive[-1] = (descriptive[-1][0], j + length)  # "PGS." + "TS." -> "PGS.TS"
                else:
                    descriptive.append((j, j + length))
            j += length
        return j, list(itertools.starmap(self.span_text, descriptive))

    # -- the scan --

    def scan(self) -> list[_Found]:
        """Every anchored mention in the paragraph, left to right.

        Only the `mention_starts` are visited: nothing starts at the other tokens, so going
        past them changes nothing.
        """
        found: list[_Found] = []
        if not self.openings:
            return found  # every start is an opening or found from one
        kinds = self.kinds
        credits, credit_words = self.scanner.credits, self.scanner.credit_words
        nicknames = self.lex.nicknames.first_words
        unread = 0  # the tokens before this one belong to a mention already read
        for i in self.mention_starts():
            if i < unread or kinds[i] in (_MARK, _NUMBER):
                continue
            run_start = kinds[i] == _CAP and (i == 0 or kinds[i - 1] != _CAP)
            if run_start and self.keys[i] in credit_words and self.name_key(i, self.run_end(i)) in credits:
                unread = self.run_end(i)
                continue
            opening = i in self.openings
            if not opening and not self.roles_may_follow(self.run_end(i)):
                continue
            nickname = self.lex.nicknames.match(self.keys, i) if opening and self.keys[i] in nicknames else None
            if nickname and kinds[i] == _CAP:
                name = str(nickname[1])
                found.append(_Found(self.position(i), name, tuple(map(_key, name.split())), []))
                unread = i + nickname[0]
                continue
            after = self.match_person(i)
            if after is not None:
                mention, unread = after
                if mention is not None:
                    found.append(mention)
        return found

    def mention_starts(self) -> list[int]:
        """The tokens where a mention may start, in order.

        These are the openings (honorifics, titles, nicknames); the start of a capitalised
        run followed by a separator and an opening (a bare name is a mention only with roles
        after it, and roles start with a title); and the start of the run through any of
        these, where the scan passes over a credit whole.
        """
        kinds = self.kinds
        starts = set(self.openings)
        for opening in self.openings:
            if opening and kinds[opening - 1] == _CAP:
                if kinds[opening] == _CAP:
                    starts.add(self.run_start(opening))
            elif opening >= 2 and kinds[opening - 2] == _CAP:
                starts.add(self.run_start(opening - 2))
        return sorted(starts)

    def match_person(self, i: int) -> tuple[_Found | None, int] | None:
        """The mention starting at token i and the index after it, or None if none starts there."""
        honorific_end, descriptive = self.honorifics_at(i)
        if honorific_end > i:
            j = honorific_end
            if self.is_mark(j, ":"):
                j += 1
            parsed = None
            if self.title_at(j):
                parsed = self.parse_titled(j, honorific=True)
            elif self.kind(j) == _CAP:
                end = self.name_run_end(j)
                chosen = self.choose_name(j, end, after_place=False, title=None, honorific=True)
                if chosen and chosen[0] == j:
                    parsed = _Parsed([], chosen[0], chosen[1], chosen[2])
                if (parsed is None or parsed.short) and self.foreign_name_with_roles(j, end, bare=False):
                    parsed = _Parsed([], j, end, False)  # "ông <Lao name>, Tỉnh trưởng tỉnh …"
            if parsed is None:
                return None, honorific_end
            return self.record(parsed, descriptive, self.position(i), bare=False)
        if self.title_at(i):
            parsed = self.parse_titled(i, honorific=False)
            if parsed is None:
                return None, self.title_at(i)
            return self.record(parsed, [], self.position(i), bare=False)
        if (
            self.kinds[i] == _CAP
            and (i == 0 or self.kinds[i - 1] != _CAP)
            and self.roles_may_follow(self.run_end(i))
            and not self.after_place_word(i)
            and not self.after_named_institution(i)
        ):
            end = self.name_run_end(i)
            list_item = i > 0 and self.is_mark(i - 1, ";:")
            if self.vietnamese_name(i, end) or self.foreign_name_with_roles(i, end, bare=not list_item):
                roles, after = self.parse_roles_after(end, bare=not list_item)
                if roles:
                    name = " ".join(self.texts[i:end])
                    return _Found(self.position(i), name, self.name_key(i, end), roles), after
        return None

    def roles_may_follow(self, k: int) -> bool:
        """True if roles may start at token k: a separator, then a title (see `parse_roles_after`).

        A bare name is a mention only with roles right after it: a quick test before the name's.
        """
        separator = self.kind(k) == _MARK and (self.texts[k] in _DASHES or self.texts[k] in "(,")
        return separator and bool(self.title_at(k + 1))

    def foreign_name_with_roles(self, start: int, end: int, *, bare: bool) -> bool:
        """True for 3-6 name words followed by a foreign official's roles.

        "<Lao name of five words> - Phó Tỉnh trưởng tỉnh Hủa Phăn": the role after the name
        makes Vietnamese syllables without a family name a foreign name. Two words stay a
        short form ("ông Thanh Hà"): a short Vietnamese mention looks the same.
        """
        if end - start < 3 or not self.foreign_run(start, end):
            return False
        roles, after = self.parse_roles_after(end, bare=bare)
        return bool(roles) and self.foreign_span(end, after)

    def foreign_span(self, start: int, end: int) -> bool:
        """True if tokens [start, end) hold a title or place word used only abroad, or a place in parentheses."""
        for k in range(start, end):
            if self.paren_place_at(k):
                return True
            title = self.title_at(k)
            if title and self.title_key(k, title) in self.lex.foreign_only:
                return True
            place = self.place_word_at(k)
            if place and self.name_key(k, k + place) in self.lex.foreign_only:
                return True
        return False

    def record(
        self, parsed: _Parsed, descriptive: list[str], position: tuple[int, int], *, bare: bool
    ) -> tuple[_Found, int]:
        """The mention for a parsed name, with the roles written after it; and the index after them."""
        name = " ".join(self.texts[parsed.name_start : parsed.name_end])
        key = self.name_key(parsed.name_start, parsed.name_end)
        roles = descriptive + list(filter(None, parsed.roles))
        if parsed.short:
            return _Found(position, name, key, roles, short=True), parsed.name_end
        more, after = self.parse_roles_after(parsed.name_end, bare=bare)
        return _Found(position, name, key, roles + more), after

    def bare_mentions(self, names: _Phrases) -> list[tuple[tuple[int, int], tuple[str, ...]]]:
        """Positions where a known full name stands alone as a whole capitalised run."""
        hits: list[tuple[tuple[int, int], tuple[str, ...]]] = []
        for i in itertools.compress(itertools.count(), map(names.first_words.__contains__, self.keys)):
            if self.kinds[i] != _CAP or (i > 0 and self.kinds[i - 1] == _CAP):
                continue  # not the start of a capitalised run
            end = self.run_end(i)
            found = names.match(self.keys, i, end)  # the longest known name in the run, if any
            if found and found[0] == end - i and not self.after_place_word(i) and not self.after_named_institution(i):
                hits.append((self.position(i), self.name_key(i, end)))
        return hits


class _Scanner:
    """What one call of `extract_people` knows besides the lexicon: places, credits, names judged."""

    def __init__(self, lexicon: PeopleLexicon, place_names: Collection[str], credit_names: Collection[str]):
        self.lex = lexicon
        self.place_table, self.places = _place_tables(frozenset(place_names))
        self.credits = frozenset(key for credit in credit_names if credit for key in _credit_keys(credit, lexicon))
        self.credit_words = frozenset(key[0] for key in self.credits)
        """The first words of the credits: a quick test before a run is looked up in them."""
        # What `_Paragraph.vietnamese_name` and `foreign_name` answered, by words.
        self.vietnamese_names: dict[tuple[str, ...], bool] = {}
        self.foreign_names: dict[tuple[str, ...], bool] = {}


def prepare_tables(lexicon: PeopleLexicon, place_names: Collection[str]) -> None:
    """Build the lookup tables that `extract_people` otherwise builds on its first call.

    The lexicon's derived tables and those of the gazetteer's place names are the same for
    every article: built once before a build's workers fork, they are shared, rather than
    built by each worker on its first article.
    """
    for table in ("mention_openings", "chunk_fields", "place_first_words"):
        getattr(lexicon, table)  # a cached property, kept once read
    _place_tables(frozenset(place_names))


@functools.lru_cache(maxsize=8)
def _place_tables(place_names: frozenset[str]) -> tuple[_Phrases, frozenset[tuple[str, ...]]]:
    """The lookup tables of the gazetteer's place names, built once: every article passes the same names."""
    place_words = [_words(p) for p in sorted(place_names) if p and p.strip()]
    return _Phrases((w, None) for w in place_words), frozenset(tuple(_key(x) for x in w) for w in place_words)


@functools.lru_cache(maxsize=1024)
def _credit_keys(credit: str, lexicon: PeopleLexicon) -> frozenset[tuple[str, ...]]:
    """The names inside a credit as written: "Ảnh: Hoàng Hà/TTXVN" -> {"Hoàng Hà", "TTXVN", …}.

    Cached: the same authors and agencies sign article after article.
    """
    _, _, token_keys, kinds = _tokenize(credit, lexicon.chunk_fields)
    keys = {tuple(key for key, kind in zip(token_keys, kinds) if kind != _MARK)}
    keys.update(tuple(token_keys[run.start() : run.end()]) for run in _CAPITAL_RUN.finditer(kinds))
    keys.update((key,) for key, kind in zip(token_keys, kinds) if kind == _UPPER)
    return frozenset(key for key in keys if key)


# --- assembling people ------------------------------------------------------------------


@dataclass(slots=True)
class _Person:
    name: str
    first: tuple[int, int]
    roles: list[tuple[tuple[int, int], str]] = field(default_factory=list)


def _role_key(role: str) -> str:
    return " ".join(_key(role).split())


def _final_roles(entries: list[tuple[tuple[int, int], str]]) -> tuple[str, ...]:
    """Roles in order, without duplicates; a role that a longer one of the same person starts
    with gives way to it ("Thứ trưởng" and "Thứ trưởng Bộ Ngoại giao" -> the latter, in the
    place of the first)."""
    ordered: dict[str, tuple[tuple[int, int], str]] = {}
    for position, role in sorted(entries, key=operator.itemgetter(0)):
        key = _role_key(role)
        if key and key not in ordered:
            ordered[key] = (position, role)
    if len(ordered) < 2:
        return tuple(role for _, role in ordered.values())  # nothing to merge: most people have one role
    prefixes = {
        " ".join(words[:cut]) for key in ordered for words in [key.split(" ")] for cut in range(1, len(words))
    }
    result = []
    for key, (position, role) in ordered.items():
        if key in prefixes:
            continue
        words = key.split(" ")
        earlier = [ordered[p][0] for cut in range(1, len(words)) if (p := " ".join(words[:cut])) in ordered]
        result.append((min([position] + earlier), role))
    result.sort(key=lambda e: e[0])
    return tuple(role for _, role in result)


def _short_forms(name: str, keys: tuple[str, ...], lexicon: PeopleLexicon) -> set[tuple[str, ...]]:
    """The word sequences a later mention may use for the person `name`, whose words' keys are `keys`:
    the given name, "Thúy Anh"."""
    family, _, _ = split_vietnamese_name(name, lexicon)
    if family:
        return {keys[-1:], keys[-2:]} if len(keys) > 2 else {keys[-1:]}
    return {keys[:1], keys[-1:]}


def extract_people(
    paragraphs: Sequence[str],
    lexicon: PeopleLexicon,
    *,
    place_names: Collection[str] = (),
    credit_names: Collection[str] = (),
) -> tuple[PersonMention, ...]:
    """Return the people named in `paragraphs`, in order of first mention, each once.

    `place_names` are the gazetteer's capitalised place names ("Hà Nội", "Nghệ An"): a name
    equal to one is a place unless an honorific or a historical title stands right before
    it. `credit_names` (photographers, authors, agencies) are never people of the story.
    """
    scanner = _Scanner(lexicon, place_names, credit_names)
    scans = [_Paragraph(index, text, scanner) for index, text in enumerate(paragraphs) if text]
    found: list[_Found] = []
    for paragraph in scans:
        mentions = paragraph.scan()
        if mentions and not paragraph.is_heading():  # a heading is left out (asked only where it matters)
            found.extend(mentions)
    found.sort(key=lambda mention: mention.position)

    people: dict[tuple[str, ...], _Person] = {}
    for mention in found:  # in order: a person's first mention comes first
        if mention.short or mention.key in scanner.credits:
            continue
        person = people.get(mention.key)
        if person is None:
            person = people[mention.key] = _Person(mention.name, mention.position)
        person.roles.extend((mention.position, r) for r in mention.roles)

    names = _Phrases((key, None) for key in people)
    # Cheap tests first: a mention after everyone's first changes nothing, and a paragraph
    # holds a name only if its keys, space-separated, hold the name's.
    spelled = [" ".join(name) for name in names.phrases()]
    latest = max((person.first[0] for person in people.values()), default=-1)
    for paragraph in scans:
        if paragraph.index > latest:
            break
        line = " ".join(paragraph.keys)
        if not any(name in line for name in spelled):
            continue
        hits = paragraph.bare_mentions(names)
        for position, key in hits if hits and not paragraph.is_heading() else ():
            people[key].first = min(people[key].first, position)

    short_mentions = [mention for mention in found if mention.short]
    by_form: dict[tuple[str, ...], list[_Person]] = {}
    for key, person in people.items() if short_mentions else ():  # the forms are asked for only by these
        for form in _short_forms(person.name, key, lexicon):
            by_form.setdefault(form, []).append(person)
    for mention in short_mentions:
        matches = [p for p in by_form.get(mention.key, ()) if p.first < mention.position]
        if len(matches) == 1:
            matches[0].roles.extend((mention.position, r) for r in mention.roles)

    ordered = sorted(people.values(), key=lambda p: p.first)
    return tuple(PersonMention(name=p.name, roles=_final_roles(p.roles)) for p in ordered)
