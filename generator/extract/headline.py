"""The article's headline: its own, the editor's, or one derived from the lead.

Fallback order: the sidecar's `title`; the text's own headline line; a headline derived
from the lead paragraph (marked `title_source: derived` and reported), cut at a clause
boundary so that it never ends mid-word or mid-phrase.
"""

from __future__ import annotations

import re

from generator import patterns

# A derived headline stays this short, like the headlines of the articles around it.
DERIVED_HEADLINE_MAX_CHARS = 110
# A clause boundary shorter than this makes a fragment, not a headline.
DERIVED_HEADLINE_MIN_CHARS = 40

# Where a derived headline may end: before ", ", "; ", " - ", ": " or the end of a sentence.
_CLAUSE_BOUNDARY = re.compile(r"[,;:](?=\s)|\s[-–—]\s|[.!?](?=\s|$)")
# "Chiều 20/2, " or "Sáng 6/10, tại tỉnh X, " opening the lead.
_DATELINE_PREFIX = re.compile(patterns.DATELINE.pattern + r"\s*,\s*", re.IGNORECASE)


def derive_headline(lead: str) -> str:
    """Return a headline made from the lead's first clause(s), at most about 110 characters.

    "Chiều 20/2, Đoàn công tác … làm trưởng đoàn làm việc với …" -> "Đoàn công tác …", cut at
    the last clause boundary that fits; failing that at the last word that fits, with "…".
    """
    text = _DATELINE_PREFIX.sub("", lead, count=1).strip()
    text = text[:1].upper() + text[1:]
    sentence_end = re.search(r"[.!?](?=\s|$)", text)
    if sentence_end and sentence_end.start() <= DERIVED_HEADLINE_MAX_CHARS:
        return text[: sentence_end.start()].strip()
    if len(text) <= DERIVED_HEADLINE_MAX_CHARS:
        return text.rstrip(" .")
    boundaries = [
        m.start()
        for m in _CLAUSE_BOUNDARY.finditer(text, 0, DERIVED_HEADLINE_MAX_CHARS + 1)
        if DERIVED_HEADLINE_MIN_CHARS <= m.start() <= DERIVED_HEADLINE_MAX_CHARS
    ]
    if boundaries:
        return text[: boundaries[-1]].strip()
    cut = text.rfind(" ", 0, DERIVED_HEADLINE_MAX_CHARS)
    return text[: cut if cut > 0 else DERIVED_HEADLINE_MAX_CHARS].rstrip(" ,;:-–") + "…"
