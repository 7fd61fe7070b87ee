"""Names the generator saw but could not place: for the editor's report, never for pages.

A run of two to four capitalised words that begins with a Vietnamese family name looks
like a person ("Nguyễn Văn A"), yet the people stage may have found no role or honorific
to be sure, and no gazetteer knows it. Such runs are reported so that an editor can add
the person in the sidecar (`people: add:`) or ignore the doubt.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Sequence

from generator import patterns
from generator.textkey import tone_key

# A person's name has two to four words ("Lê Văn A", "Tôn Nữ Thị Hoa").
NAME_MIN_WORDS = 2
NAME_MAX_WORDS = 4

# Two or more runs of word characters one space apart, each opening with a possible capital:
# "Việt Nam Laura García". Every run of two or more capitalised words lies inside one.
_MAYBE_CAPITALISED = rf"{patterns.MAYBE_CAPITAL.pattern}[\w\-]*"
_CAPITALISED_CHAIN = re.compile(rf"{_MAYBE_CAPITALISED}(?: {_MAYBE_CAPITALISED})+")
_first_letter = operator.itemgetter(0)


def _runs_of(words: Sequence[str], gaps: Sequence[str]) -> list[list[str]]:
    """Runs of capitalised words separated by single spaces; `gaps[i]` is the text before `words[i]`."""
    runs: list[list[str]] = []
    current: list[str] = []
    for word, gap in zip(words, gaps):
        if word[0].isupper() and not word.isupper():
            if current and gap != " ":
                runs.append(current)
                current = []
            current.append(word)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def _chains(text: str) -> dict[str, None]:
    """The distinct `_CAPITALISED_CHAIN`s of `text`, in order, each from the first word it may open.

    Names and places are named again and again ("Việt Nam" in every other paragraph): each chain
    is read into words once, whatever the number of its mentions.
    """
    chains: dict[str, None] = {}
    for chain in _CAPITALISED_CHAIN.finditer(text):
        start = chain.start()
        before = text[start - 1] if start else " "
        glued = before.isalnum() or before in "-_"  # else the chain opens a word: no call needed
        if glued and text[start].isalnum() and not patterns.opens_word(text, start):
            # the tail of a word whose first letter is no capital: else the chain would start there
            start = text.index(" ", start) + 1
        chains[text[start:chain.end()]] = None
    return chains


def _capitalised_runs(text: str) -> list[list[str]]:
    """Runs of two or more capitalised words separated by single spaces (a name has at least
    NAME_MIN_WORDS = 2), of each distinct chain once, in order of first mention: "Thứ trưởng
    Ngoại giao Nguyễn Văn A" gives ["Nguyễn", "Văn", "A"]."""
    runs: list[list[str]] = []
    for chain in _chains(text):
        words = chain.split(" ")
        if all(map(str.isalnum, words)):  # plain words one space apart: the usual case
            if all(map(str.isupper, map(_first_letter, words))) and not any(map(str.isupper, words)):
                runs.append(words)  # all capitalised, none in capitals: one run, told in C
            else:
                runs.extend(_runs_of(words, ["", *[" "] * (len(words) - 1)]))
        else:  # hyphens or other signs: read the words and gaps as `patterns.WORD` does
            parts = patterns.WORD_AND_GAPS.split(chain)
            runs.extend(_runs_of(parts[1::2], parts[0::2]))
    return [run for run in runs if len(run) > 1]


def find_unmatched_names(
    texts: Sequence[str],
    known: Collection[str],
    place_names: Collection[str],
    family_of: Callable[[str], str],
) -> tuple[str, ...]:
    """Return name-like runs of `texts` that are neither `known` (people, credits) nor places, in order.

    `family_of(name)` returns the family name a name starts with ("" when none).
    """
    known_keys = {tone_key(k) for k in known}
    # one pass over all the texts: the line break between two texts ends a run like any other gap
    runs = _capitalised_runs("\n".join(texts))
    # each name judged once, in order of first mention: a person is named again and again
    names = dict.fromkeys(" ".join(run) for run in runs if NAME_MIN_WORDS <= len(run) <= NAME_MAX_WORDS)
    found = []
    for name in names:
        key = tone_key(name)
        if key in known_keys or key in place_names or not family_of(name):
            continue
        if any(key in k or k in key for k in known_keys):
            continue  # a part of a known name, or a known name with more words
        found.append(name)
    return tuple(found)
