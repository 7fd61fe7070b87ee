"""Vietnamese text in legacy encodings: recognise it, convert it when that is certain, else say why not.

Old documents still circulate in three pre-Unicode forms:

- Windows-1258 (cp1258), a real code page: tone marks are mostly separate combining
  characters, so the text is normalised to NFC after decoding;
- the VNI and TCVN3 (ABC) *font* encodings: the font draws Vietnamese letters in the places
  of Western ones, so the file holds Windows-1252 characters ("Vieät Nam", "ViÖt Nam" for
  "Việt Nam"), whether saved as bytes or pasted into a UTF-8 file.

A wrong guess publishes mojibake, so nothing is converted on a hunch. A candidate decoding
is accepted only when its words are Vietnamese: every syllable of Vietnamese has a fixed
shape (onset, rhyme, at most one tone mark, and only the sắc or nặng tone on a rhyme closed
by c, ch, p or t), so `is_vietnamese_syllable` can tell "Việt" from "Vieät" without a
dictionary. The tables are data, in `data/legacy_encodings.yml`.
"""

from __future__ import annotations

import collections
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import DATA_DIR
from generator.yamlload import load_yaml

LEGACY_TABLES_PATH = DATA_DIR / "legacy_encodings.yml"

# A candidate decoding is accepted when at least this share of its words that carry a
# non-ASCII letter are Vietnamese syllables…
MIN_VIETNAMESE_SHARE = 0.9
# …and at least this many of them are (a text of two accented words proves nothing).
MIN_EVIDENCE_WORDS = 3
# Words that only a legacy font explains ("Vieät"): from this many on, a text is suspected.
MIN_LEGACY_WORDS = 3
# Unicode-only Vietnamese words ("Việt") beside legacy words: from this many on, the text mixes both.
MIN_UNICODE_WORDS_FOR_MIXED = 3

# --- Vietnamese syllables -------------------------------------------------------------------

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
_VOWEL_MARKS = frozenset("\u0302\u0306\u031b")  # circumflex (â ê ô), breve (ă), horn (ơ ư)
_CHECKED_TONES = frozenset("\u0301\u0323")  # the only tones of a syllable closed by c, ch, p, t

_ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)
_RHYMES = frozenset("""
a ai ao au ay ac ach am an ang anh ap at
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e eo ec em en eng ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oe oen oeo oet
oc oi om on ong ooc oong op ot
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc ui um un ung up ut uê uêch uênh uy uya uych uyên uyêt uynh uyt uyu
uôc uôi uôm uôn uông uôt uơ
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêng yêt yêu
ych ynh yt
""".split())
_CHECKED_CODAS = ("c", "ch", "p", "t")

# Letters only Unicode (or Windows-1258) Vietnamese has: no Windows-1252 character is one of
# them, so a word holding one cannot come from a VNI or TCVN3 font.
_UNICODE_ONLY_LETTERS = frozenset("ăĂđĐĩĨũŨơƠưƯ") | frozenset(chr(c) for c in range(0x1EA0, 0x1EFA))


@functools.lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True if `word` (any case, any Unicode form) is spelled like a Vietnamese syllable.

    "Việt", "nghiêng", "QUỐC" are; "Vieät", "ViÖt", "cafe", "át" with a huyền tone ("àt") are not.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) > 1:
        return False
    if any(unicodedata.combining(c) and c not in _TONE_MARKS and c not in _VOWEL_MARKS for c in decomposed):
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        rhyme = bare[len(onset):]
        if rhyme in _RHYMES or (onset == "gi" and "i" + rhyme in _RHYMES):
            if rhyme.endswith(_CHECKED_CODAS) and (not tones or tones[0] not in _CHECKED_TONES):
                return False
            return True
    return False


_WORD = re.compile(r"[^\W\d_]+")


def _non_ascii_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if not w.isascii()]


def vietnamese_share(text: str) -> tuple[int, int]:
    """Return (Vietnamese syllables, words) among the words of `text` that hold a non-ASCII letter."""
    words = _non_ascii_words(unicodedata.normalize("NFC", text))
    return sum(1 for w in words if is_vietnamese_syllable(w)), len(words)


def is_trusted_share(valid: int, total: int) -> bool:
    """True if `valid` of `total` accented words being Vietnamese syllables is enough to trust a decoding."""
    return valid >= MIN_EVIDENCE_WORDS and valid >= MIN_VIETNAMESE_SHARE * total


# --- the font encodings -----------------------------------------------------------------------


@dataclass(frozen=True)
class FontEncoding:
    """A legacy Vietnamese font encoding, as the Windows-1252 characters its text shows."""

    key: str
    """"vni" or "tcvn3"."""
    name: str
    """What an editor knows it as: "VNI", "TCVN3 (ABC)"."""
    to_unicode: dict[str, str]
    """Legacy character sequence ("eä") -> Vietnamese letter ("ệ")."""
    characters: frozenset[str]
    """The non-ASCII characters the encoding uses."""
    symbols: frozenset[str]
    """Those of them that are not letters ("¸" in TCVN3): inside a word they count as letters."""
    lower_only: bool
    """True when capitals with tone marks have no code (TCVN3): a line in capitals gets them back."""
    _pattern: re.Pattern[str]
    _word: re.Pattern[str]

    def convert(self, text: str) -> str:
        """Return `text` with every legacy sequence replaced by its Vietnamese letter, NFC."""
        converted = self._pattern.sub(lambda m: self.to_unicode[m.group(0)], text)
        if self.lower_only:
            converted = "\n".join(self._restore_capitals(o, c) for o, c in zip(text.split("\n"), converted.split("\n")))
        return unicodedata.normalize("NFC", converted)

    def _restore_capitals(self, original: str, converted: str) -> str:
        """Upper-case the converted letters of a line, or a word, typed in capitals.

        TCVN3 capitals with tone marks come from a second font at the lower-case codes, so
        "VIÖT NAM" converts to "VIệT NAM". A line whose ASCII letters are all capitals is in
        capitals; otherwise a word with two capitals and no ASCII lower-case letter is ("HµNH"
        -> "HÀNH"), while "Hµ" stays "Hà".
        """
        ascii_letters = [c for c in original if c.isascii() and c.isalpha()]
        if len(ascii_letters) >= 4 and all(c.isupper() for c in ascii_letters):
            return converted.upper()

        def word(match: re.Match[str]) -> str:
            text = match.group(0)
            capitals = sum(1 for c in text if c.isupper())
            ascii_lower = any(c.isascii() and c.islower() for c in text)
            return text.upper() if capitals >= 2 and not ascii_lower else text

        return _WORD.sub(word, converted)

    def _word_pattern(self, text: str) -> re.Pattern[str]:
        """How this encoding cuts `text` into words: with its symbol characters as letters, if it has any."""
        return _WORD if self.symbols.isdisjoint(text) else self._word

    def words(self, text: str) -> list[str]:
        """The words of `text` as this encoding spells them."""
        return self._word_pattern(text).findall(text)

    def unfamiliar_words(self, text: str) -> frozenset[str]:
        """The distinct words of `text` with a non-ASCII character that are no Vietnamese syllable,
        as this encoding spells them: the only ones that can be legacy words.

        Found in the distinct space-separated pieces of the text that may hold such a word, a
        fraction of its length (a word never spans a space); a text without the encoding's
        symbols has the same words for every encoding, judged once for all of them.
        """
        pieces = _unfamiliar_pieces(text)
        return _unfamiliar_words(self._word_pattern(pieces), pieces)


# The non-ASCII characters of Windows-1252 that are no letter: the only ones a font encoding
# can take for `FontEncoding.symbols`, which its words may hold.
_FONT_SYMBOLS = frozenset(c for c in bytes(range(0x80, 0x100)).decode("cp1252", errors="ignore") if not _WORD.match(c))

# The pieces met (stretches between white space) that hold no word a font encoding could have
# written: ASCII ones, and ones whose non-ASCII words are all Vietnamese syllables and that hold
# none of `_FONT_SYMBOLS`. Pieces repeat from text to text ("Việt", "Nam,"), so one set
# difference, in C, rules out most of a text; the set starts afresh when full.
_FAMILIAR_PIECES: set[str] = set()
_FAMILIAR_PIECES_LIMIT = 1 << 17


def _is_familiar(piece: str) -> bool:
    """Whether `piece` can hold no legacy word (see `_FAMILIAR_PIECES`)."""
    return piece.isascii() or (
        _FONT_SYMBOLS.isdisjoint(piece)
        and all(is_vietnamese_syllable(word) for word in _WORD.findall(piece) if not word.isascii())
    )


@functools.lru_cache(maxsize=2)
def _unfamiliar_pieces(text: str) -> str:
    """The distinct pieces of `text` that may hold a legacy word, joined by spaces."""
    pieces = set(text.split()).difference(_FAMILIAR_PIECES)
    familiar = set(filter(_is_familiar, pieces))
    if len(_FAMILIAR_PIECES) >= _FAMILIAR_PIECES_LIMIT:
        _FAMILIAR_PIECES.clear()
    _FAMILIAR_PIECES.update(familiar)
    return " ".join(pieces - familiar)


@functools.lru_cache(maxsize=4)
def _unfamiliar_words(word: re.Pattern[str], pieces: str) -> frozenset[str]:
    return frozenset(w for w in word.findall(pieces) if not w.isascii() and not is_vietnamese_syllable(w))


def _font_encoding(key: str, spec: dict, path: Path) -> FontEncoding:
    to_unicode: dict[str, str] = {}
    for letter, codes in spec["letters"].items():
        sequence = bytes(int(code, 16) for code in str(codes).split()).decode("cp1252")
        if sequence in to_unicode:
            raise ValueError(f"{path}: {key}: {letter!r} and {to_unicode[sequence]!r} share the code {codes}")
        to_unicode[sequence] = unicodedata.normalize("NFC", letter)
    if key == "vni":
        # A mark byte in the other case than its letter ("Aù") still means the mark; the letter keeps its case.
        for sequence, letter in list(to_unicode.items()):
            if len(sequence) == 2:
                base, mark = sequence
                other = mark.lower() if mark.isupper() else mark.upper()
                to_unicode.setdefault(base + other, letter)
    characters = frozenset(c for s in to_unicode for c in s if not c.isascii())
    alternation = "|".join(re.escape(s) for s in sorted(to_unicode, key=len, reverse=True))
    symbols = frozenset(c for c in characters if not _WORD.match(c))
    # runs of letters and of symbols, not one character at a time: the scan is twice as fast
    symbol_class = "".join(re.escape(c) for c in sorted(symbols))
    return FontEncoding(
        key=key,
        name=spec["name"],
        to_unicode=to_unicode,
        characters=characters,
        lower_only=key == "tcvn3",
        symbols=symbols,
        _pattern=re.compile(alternation),
        _word=re.compile(rf"(?:[^\W\d_]+|[{symbol_class}]+)+" if symbols else _WORD.pattern),
    )


@functools.lru_cache(maxsize=4)
def load_font_encodings(path: Path = LEGACY_TABLES_PATH) -> tuple[FontEncoding, ...]:
    """Read the VNI and TCVN3 tables; a malformed file raises ValueError naming it."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        return tuple(_font_encoding(key, data[key], path) for key in ("vni", "tcvn3"))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: invalid legacy encoding tables: {error}") from None


# --- recognising them -------------------------------------------------------------------------


class LegacyTextError(Exception):
    """Text that is (or may be) in a legacy encoding and cannot be converted reliably."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Suspicion:
    """The evidence that a text is in a font encoding."""

    encoding: FontEncoding
    legacy_words: int
    """Words that are Vietnamese only once converted ("Vieät")."""
    example: str
    line: int
    unicode_words: int
    """Words with a letter no font encoding has ("Việt"): the text is (partly) Unicode already."""


def _line_of(text: str, word: str) -> int:
    found = re.search(rf"(?<![^\W\d_]){re.escape(word)}", text)
    return text.count("\n", 0, found.start() if found else 0) + 1


def suspect_font_encoding(text: str, encodings: Iterable[FontEncoding] | None = None) -> Suspicion | None:
    """Return the evidence that `text` is in a legacy font encoding, or None if it shows none.

    A word counts as legacy when it holds a character of the encoding, is not Vietnamese as it
    stands and is once converted: "Vieät" (VNI), "ViÖt" (TCVN3). French "été" or German "Müller"
    do not become Vietnamese, and "Việt" already is, so neither counts.
    """
    best: Suspicion | None = None
    for encoding in encodings or load_font_encodings():
        # each distinct word is judged once; most texts are Unicode and have no legacy word at all
        legacy_words = {
            word
            for word in encoding.unfamiliar_words(text)
            if not encoding.characters.isdisjoint(word) and is_vietnamese_syllable(encoding.convert(word))
        }
        if not legacy_words:
            continue
        words = encoding.words(text)
        counts = collections.Counter(word for word in words if not word.isascii())
        legacy = [(word, n) for word, n in counts.items() if word in legacy_words]
        total = sum(n for _, n in legacy)
        if total < MIN_LEGACY_WORDS or (best and total <= best.legacy_words):
            continue
        example = max(legacy, key=lambda item: item[1])[0]
        unicode_words = sum(
            n for word, n in counts.items() if any(c in _UNICODE_ONLY_LETTERS for c in word) and is_vietnamese_syllable(word)
        )
        best = Suspicion(encoding, total, example, _line_of(text, example), unicode_words)
    return best


def convert_font_encoding(text: str) -> tuple[str, FontEncoding | None]:
    """Return `text` in Unicode and the font encoding it was converted from (None if it was Unicode already).

    Raises `LegacyTextError` when the text looks like a font encoding but the conversion would
    not be reliable: Unicode and legacy words mixed, or converted words that are not Vietnamese.
    """
    suspicion = suspect_font_encoding(text)
    if suspicion is None:
        return text, None
    name, example = suspicion.encoding.name, suspicion.example
    if suspicion.unicode_words >= MIN_UNICODE_WORDS_FOR_MIXED:
        raise LegacyTextError(
            f"mixes Unicode Vietnamese with {suspicion.legacy_words} words in the {name} font encoding "
            f"(e.g. “{example}”), so it cannot be converted as a whole: convert the {name} part to Unicode "
            "(e.g. with UniKey's converter) and save the file as UTF-8",
            suspicion.line,
        )
    converted = suspicion.encoding.convert(text)
    valid, total = vietnamese_share(converted)
    if not is_trusted_share(valid, total):
        raise LegacyTextError(
            f"looks like text in the {name} font encoding (e.g. “{example}”), but converted only "
            f"{valid} of {total} accented words are Vietnamese, so it is not converted: open it with the "
            f"{name} font, convert it to Unicode (e.g. with UniKey's converter) and save the file as UTF-8",
            suspicion.line,
        )
    return converted, suspicion.encoding


def decode_legacy_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) for bytes that are not UTF-8: Windows-1258, VNI or TCVN3 Vietnamese.

    Each candidate is decoded and kept only if its words are Vietnamese; the best wins.
    Raises `LegacyTextError` (without a line: the caller knows where UTF-8 broke) when none is.
    """
    candidates: list[tuple[float, str, str]] = []
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
        valid, total = vietnamese_share(text)
        if is_trusted_share(valid, total):
            candidates.append((valid / total, "Windows-1258", text))
    except UnicodeDecodeError:
        pass
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = data.decode("latin-1")
    suspected: list[str] = []
    for encoding in load_font_encodings():
        suspicion = suspect_font_encoding(western, (encoding,))
        if suspicion is None:
            continue
        suspected.append(encoding.name)
        converted = encoding.convert(western)
        valid, total = vietnamese_share(converted)
        if is_trusted_share(valid, total):
            candidates.append((valid / total, encoding.name, converted))
    if candidates:
        _, name, text = max(candidates, key=lambda c: c[0])
        return text, name
    if suspected:
        raise LegacyTextError(
            f"and though it looks like text in the {' or '.join(suspected)} font encoding, converting it does "
            "not give Vietnamese words reliably, so it is not converted; save the file as UTF-8"
        )
    raise LegacyTextError("and it is not Vietnamese in Windows-1258, VNI or TCVN3 either; save the file as UTF-8")
