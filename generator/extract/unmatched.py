"""Names the generator saw but could not place: for the editor's report, never for pages.

A run of two to four capitalised words that begins with a Vietnamese family name looks
like a person ("Nguyễn Văn A"), yet the people stage may have found no role or honorific
to be sure, and no gazetteer knows it. Such runs are reported so that an editor can add
the person in the sidecar (`people: add:`) or ignore the doubt.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from generator import patterns
from generator.textkey import tone_key

# A person's name has two to four words ("Lê Văn A", "Tôn Nữ Thị Hoa").
NAME_MIN_WORDS = 2
NAME_MAX_WORDS = 4


def _capitalised_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words separated by single spaces: "Hội nghị Ngoại vụ" gives ["Hội"], ["Ngoại"]."""
    runs: list[list[str]] = []
    current: list[str] = []
    previous_end = -2
    for match in patterns.WORD.finditer(text):
        word = match.group(0)
        joined = match.start() == previous_end + 1 and text[previous_end] == " "
        if word[0].isupper() and not word.isupper():
            if current and not joined:
                runs.append(current)
                current = []
            current.append(word)
        elif current:
            runs.append(current)
            current = []
        previous_end = match.end()
    if current:
        runs.append(current)
    return runs


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
    found: dict[str, None] = {}
    for text in texts:
        for run in _capitalised_runs(text):
            if not NAME_MIN_WORDS <= len(run) <= NAME_MAX_WORDS:
                continue
            name = " ".join(run)
            key = tone_key(name)
            if key in known_keys or key in place_names or not family_of(name):
                continue
            if any(key in k or k in key for k in known_keys):
                continue  # a part of a known name, or a known name with more words
            found.setdefault(name)
    return tuple(found)
