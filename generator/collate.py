"""Vietnamese alphabetical order, for directories of people, provinces and partners.

The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (with f j w z at
their Latin places for foreign names). Letters with a breve, circumflex, horn or stroke are
letters of their own (primary difference); the five tone marks are a secondary difference,
in dictionary order: no mark, huyền (à), hỏi (ả), ngã (ã), sắc (á), nặng (ạ). So
"Anh" < "Ánh" < "Ăn" < "Bình", and "Đức" comes after every "D…".
"""

from __future__ import annotations

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Combining tone marks in dictionary order (the rank 0 is "no mark").
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that make a letter of their own: breve (ă), circumflex (â ê ô), horn (ơ ư).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Ranks for what is not a letter of the alphabet: digits first, then the rest by code point.
_DIGIT_BASE = -20
_OTHER_BASE = len(ALPHABET) + 1


def _letters(text: str) -> list[tuple[str, int]]:
    """Split `text` into (letter with its letter-marks, tone rank) pairs, lower case."""
    result: list[tuple[str, int]] = []
    for char in unicodedata.normalize("NFC", text.lower()):
        base, *marks = unicodedata.normalize("NFD", char)
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
        tone = max((_TONE_RANK.get(m, 0) for m in marks), default=0)
        result.append((letter, tone))
    return result


def _rank(letter: str) -> int:
    if letter in _LETTER_RANK:
        return _LETTER_RANK[letter]
    if letter.isdigit():
        return _DIGIT_BASE + int(letter) if letter.isascii() else _DIGIT_BASE
    return _OTHER_BASE + ord(letter)


def sort_key(*parts: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return a key that orders texts the Vietnamese way; `parts` are compared in the order given.

    Letters decide first across all parts; tone marks only break ties ("Anh" < "Ánh").
    """
    primary: list[int] = []
    secondary: list[int] = []
    for part in parts:
        for letter, tone in _letters(part):
            primary.append(_rank(letter))
            secondary.append(tone)
        primary.append(-100)  # part separator sorts before any letter: "An" < "Anh"
    return tuple(primary), tuple(secondary)


def initial(text: str) -> str:
    """Return the directory letter of `text`: its first letter with its letter-marks, upper case ("Đ", "Ă")."""
    letters = [letter for letter, _ in _letters(text) if letter.isalnum()]
    return letters[0].upper() if letters else "#"
