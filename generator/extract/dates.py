"""The article's date: from the sidecar, a page header stamp, or the dateline, reconciled.

Vietnamese dates are day/month ("Chiều 20/2" is 20 February). The cascade, strongest first:
the editor's sidecar; the page header stamp together with the dateline (when they disagree
and swapping the header's day and month explains both, the swapped reading wins and the
conflict is reported); the header alone; the dateline with a year. A dateline without a
year gives no date: the generator never invents a year, it reports the gap instead.
Dates inside photo captions and dates attached to documents ("Chỉ thị số 15-CT/TW ngày
10/8/2022") or past events are never the article's date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from generator import patterns
from generator.model import Block, Doubt, Role

# How far into the lead a date may stand and still date the news: "Tại Hội nghị … diễn ra ngày 12/8".
DATE_IN_LEAD_MAX_OFFSET = 200
# Words just before a date that make it a past or starting point, not the news: "từ ngày 1/7".
_PAST_MARKER = re.compile(r"(?:\btừ|\btrước|\bsau|\bđến|\bvào năm|\bnăm|\bkể từ)\s*$", re.IGNORECASE)

PRECISIONS = {1: "year", 2: "month", 3: "day"}


@dataclass(frozen=True, slots=True)
class DateFinding:
    """The date an article gets, its precision, and what was doubtful on the way."""

    date: str | None
    precision: str
    doubts: tuple[Doubt, ...] = ()


@dataclass(frozen=True, slots=True)
class _DayMonth:
    day: int
    month: int
    year: int | None
    line: int

    def label(self) -> str:
        return f"{self.day}/{self.month}" + (f"/{self.year}" if self.year else "")


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _iso(year: int, month: int, day: int) -> str:
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_header_date(text: str) -> tuple[int, int, int] | None:
    """Return (year, month, day) of a header stamp "2025-06-10" or "20/02/2023"; None if impossible."""
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        year, month, day = map(int, match.groups())
    elif match := re.search(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = map(int, match.groups())
    else:
        return None
    return (year, month, day) if _valid(year, month, day) else None


def find_dateline(blocks: Sequence[Block]) -> _DayMonth | None:
    """Return the news date the lead states: its opening dateline, or a dated event early in it."""
    opening = next((b for b in blocks if b.role in (Role.LEAD, Role.PARAGRAPH)), None)
    if opening is None:
        return None
    candidates = [opening]
    if match := patterns.DATELINE.match(opening.text):
        found = _DayMonth(int(match["day"]), int(match["month"]), int(match["year"]) if match["year"] else None, opening.line)
        return found if _valid(found.year or 2000, found.month, found.day) else None
    following = [b for b in blocks if b.role is Role.PARAGRAPH and b is not opening][:1]
    candidates.extend(following)
    for block in candidates:
        for match in patterns.DATE_IN_TEXT.finditer(block.text[:DATE_IN_LEAD_MAX_OFFSET]):
            before = block.text[: match.start()]
            if patterns.DOCUMENT_REFERENCE.search(before) or _PAST_MARKER.search(before):
                continue
            found = _DayMonth(int(match["day"]), int(match["month"]), int(match["year"]) if match["year"] else None, block.line)
            if _valid(found.year or 2000, found.month, found.day):
                return found
    return None


def _from_sidecar(value: str) -> DateFinding:
    return DateFinding(value, PRECISIONS[len(value.split("-"))])


def reconcile(header: tuple[int, int, int] | None, dateline: _DayMonth | None, header_line: int | None) -> DateFinding:
    """Return the date that the header stamp and the dateline support together (see module docstring)."""
    if header and dateline:
        year, month, day = header
        if (dateline.day, dateline.month) == (day, month):
            return DateFinding(_iso(year, month, day), "day")
        if (dateline.day, dateline.month) == (month, day) and _valid(year, day, month):
            return DateFinding(
                _iso(year, dateline.month, dateline.day),
                "day",
                (Doubt(kind="date-conflict", line=header_line, message=(
                    f"header date {_iso(*header)} disagrees with the dateline {dateline.label()}; "
                    f"read the header with day and month swapped: {_iso(year, dateline.month, dateline.day)}")),),
            )
        return DateFinding(
            _iso(year, month, day),
            "day",
            (Doubt(kind="date-conflict", line=dateline.line, message=(
                f"header date {_iso(*header)} disagrees with the dateline {dateline.label()}; kept the header date")),),
        )
    if header:
        return DateFinding(_iso(*header), "day")
    if dateline and dateline.year:
        return DateFinding(_iso(dateline.year, dateline.month, dateline.day), "day")
    if dateline:
        return DateFinding(None, "none", (Doubt(kind="date-without-year", line=dateline.line, message=(
            f"the text dates the news {dateline.label()} but gives no year; set `date:` in the sidecar")),))
    return DateFinding(None, "none", (Doubt(kind="no-date", message="no date found; set `date:` in the sidecar"),))


def extract_date(blocks: Sequence[Block], sidecar_date: str | None = None) -> DateFinding:
    """Return the article's date from `blocks`, unless the editor's `sidecar_date` settles it."""
    if sidecar_date:
        return _from_sidecar(sidecar_date)
    stamp = next((b for b in blocks if b.role is Role.DATE_STAMP), None)
    header = parse_header_date(stamp.text) if stamp else None
    return reconcile(header, find_dateline(blocks), stamp.line if stamp else None)
