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
# Where a derived headline may end when no clause boundary fits: before "về", "nhằm", "để", "tại"…
_PHRASE_BOUNDARY = re.compile(r"\s(?=(?:về|nhằm|để|tại|trong|với mục tiêu|theo)\s)")
# "… do đồng chí X - role, role làm trưởng đoàn …": who led a delegation, which a headline leaves out.
_LED_BY_CLAUSE = re.compile(r"\s+do\s+[^.;]{3,200}?\s+(?:làm [Tt]rưởng đoàn|dẫn đầu)(?=[\s,])")
# "Chiều 20/2, " or "Sáng 6/10, tại tỉnh X, " opening the lead.
_DATELINE_PREFIX = re.compile(patterns.DATELINE.pattern + r"\s*,\s*", re.IGNORECASE)


def derive_headline(lead: str) -> str:
    """Return a headline made from the lead's first clause(s), at most about 110 characters.

    "Chiều 20/2, Đoàn công tác của Bộ X do đồng chí Y - role làm trưởng đoàn làm việc với Z về …"
    -> "Đoàn công tác của Bộ X làm việc với Z": the dateline and the "led by" clause go, then the
    text is cut at the last clause boundary that fits, else before a phrase ("về", "nhằm"…),
    else at the last word that fits, with "…".
    """
    text = _LED_BY_CLAUSE.sub("", _DATELINE_PREFIX.sub("", lead, count=1).strip(), count=1)
    text = text[:1].upper() + text[1:]
    sentence_end = re.search(r"[.!?](?=\s|$)", text)
    if sentence_end and sentence_end.start() <= DERIVED_HEADLINE_MAX_CHARS:
        return text[: sentence_end.start()].strip()
    if len(text) <= DERIVED_HEADLINE_MAX_CHARS:
        return text.rstrip(" .")
    for boundary in (_CLAUSE_BOUNDARY, _PHRASE_BOUNDARY):
        ends = [
            m.start()
            for m in boundary.finditer(text, 0, DERIVED_HEADLINE_MAX_CHARS + 1)
            if DERIVED_HEADLINE_MIN_CHARS <= m.start() <= DERIVED_HEADLINE_MAX_CHARS
        ]
        if ends:
            return text[: ends[-1]].strip()
    cut = text.rfind(" ", 0, DERIVED_HEADLINE_MAX_CHARS)
    return text[: cut if cut > 0 else DERIVED_HEADLINE_MAX_CHARS].rstrip(" ,;:-–") + "…"
