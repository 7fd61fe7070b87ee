"""Keys that decide when two spellings are the same name, and ASCII slugs.

Vietnamese has two conventions for placing the tone mark on the vowel pairs
oa, oe, uy ("Khánh Hoà" old style, "Khánh Hòa" new style), and articles mix them;
`tone_key` folds both to the new style so that gazetteers list one spelling.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Old-style tone placement (mark on the second vowel) -> new style (mark on the first),
# only where the pair ends the syllable: "hoà" -> "hòa", but "hoàng" stays.
_OLD_TO_NEW_TONE = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}


def _old_tone_patterns(pairs: dict[str, str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """For each letter that opens a pair, in each case, the letter and the pattern of its pairs
    at a syllable end: ("o", "oà" in "hoà"), ("U", "Uỷ" in "Uỷ ban").

    A pattern opening with one literal letter lets the regex engine jump to that letter by its
    fast literal search; a class of the four letters is tested at each character, and the
    patterns for "o", "O", "u", "U" together read an article in a third of that time. Two pairs
    never overlap (no second letter opens a pair), so the patterns may replace one after another.
    """
    seconds: dict[str, str] = {}
    for pair in pairs:
        seconds[pair[0]] = seconds.get(pair[0], "") + pair[1]
    return tuple(
        (letter, re.compile(f"{letter}[{rest}{rest.upper()}](?![^\\W\\d_])"))
        for first, rest in seconds.items()
        for letter in (first, first.upper())
    )


_OLD_TONES_AT_SYLLABLE_END = _old_tone_patterns(_OLD_TO_NEW_TONE)

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the form every stage works in."""
    return unicodedata.normalize("NFC", text)


@functools.lru_cache(maxsize=128)
def nfc_text(text: str) -> str:
    """`nfc` of an article's whole text, remembered.

    Reading, cleaning and the source hash each ask for the NFC form of the same text, and
    even a text in NFC already costs a pass over its characters to be told so, where a text
    met again is found by identity. The cache holds more texts than a batch of articles has
    (`extract.EXTRACT_BATCH`), since each stage runs for the whole batch before the next.
    """
    return nfc(text)


def tone_key(text: str) -> str:
    """Return `text` with old-style tone placement moved to the new style ("Hoà" -> "Hòa")."""

    def _move(match: re.Match[str]) -> str:
        found = match.group(0)
        replacement = _OLD_TO_NEW_TONE[found.lower()]
        return "".join(r.upper() if f.isupper() else r for f, r in zip(found, replacement))

    text = nfc(text)
    for letter, old_tones in _OLD_TONES_AT_SYLLABLE_END:
        if letter in text:  # a search in C; most words lack most of the letters
            text = old_tones.sub(_move, text)
    return text


def _accent_free(char: str) -> str:
    """The letter without accents, keeping its case: "Ắ" -> "A", "đ" -> "d"."""
    if char in "ĐđÐ":
        return "D" if char.isupper() else "d"
    return "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))


# Every accented Latin letter (Latin-1 to Latin Extended Additional, where all Vietnamese letters are)
# mapped to its bare letter, so that removing accents is one `str.translate`.
_ACCENT_FREE_TABLE = {
    code: _accent_free(chr(code))
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if chr(code).isalpha() and _accent_free(chr(code)) != chr(code)
}


# Combining marks that NFC could not attach to a letter ("a" + U+0301 composes; "q" + U+0301 does not).
_LOOSE_MARK = re.compile("[\u0300-\u036f]")


def strip_accents(text: str) -> str:
    """Return `text` without accents, keeping case, with Đ/đ -> D/d ("Đắk Lắk" -> "Dak Lak")."""
    return _LOOSE_MARK.sub("", unicodedata.normalize("NFC", text).translate(_ACCENT_FREE_TABLE))


def fold(text: str) -> str:
    """Return `text` lower-cased with every accent removed and đ -> d ("Đắk Lắk" -> "dak lak")."""
    return strip_accents(text).lower()


def fold_keeps_length(text: str, *, is_nfc: bool = False) -> bool:
    """Whether `fold(text)` is exactly as long as `text`, known without folding it.

    Folding maps each character to one character, except that it drops the combining marks
    NFC could not attach, and that NFC itself may shorten a text that is not in NFC. `is_nfc`
    says the caller knows `text` is in NFC, which spares a pass over its characters.
    """
    return (is_nfc or unicodedata.is_normalized("NFC", text)) and not _has_loose_mark(text)


def _has_loose_mark(text: str) -> bool:
    """Whether `text` holds a `_LOOSE_MARK`. UTF-8 writes those marks, and a few Greek letters
    beside them, with a first byte 0xCC or 0xCD: two byte searches rule out most texts at a third
    of the cost of a regex pass."""
    encoded = text.encode("utf-8", "surrogatepass")
    return (b"\xcc" in encoded or b"\xcd" in encoded) and _LOOSE_MARK.search(text) is not None


def slugify(text: str) -> str:
    """Return an ASCII URL slug: "Trần Văn Tám" -> "tran-van-tam"; empty if nothing is left."""
    return _NON_SLUG.sub("-", fold(text)).strip("-")
