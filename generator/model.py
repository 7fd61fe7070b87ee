"""The typed data passed between pipeline stages.

Every field is said once, with what it means; stages never pass untyped dicts.
All text is Unicode NFC with `\\n` line endings.
"""

from __future__ import annotations

import enum
import operator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from generator.translation import Translation


_Model = TypeVar("_Model")


def _pickled_as_values(cls: type[_Model]) -> type[_Model]:
    """Pickle a frozen, slotted dataclass as the tuple of its fields' values.

    The extraction of a corpus is pickled in the workers and unpickled in the parent, about
    forty of these objects per article (and again from the extraction cache). The `dataclasses`
    module's own pickling of slotted classes looks up the class's fields for every object:
    without that, unpickling an extraction is a fifth faster and pickling it a third.
    """
    slots = tuple(cls.__dict__[f.name] for f in fields(cls))  # the slots' descriptors, which bypass frozenness
    values = operator.attrgetter(*(f.name for f in fields(cls)))

    def __getstate__(self) -> tuple:
        return values(self)

    def __setstate__(self, state: tuple) -> None:
        for slot, value in zip(slots, state, strict=True):
            slot.__set__(self, value)

    cls.__getstate__ = __getstate__
    cls.__setstate__ = __setstate__
    return cls


class SourceError(Exception):
    """An article or sidecar that cannot be used; names the file and, where known, the line."""

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        self.path = Path(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else f"{self.path}"
        super().__init__(f"{where}: {message}")


@_pickled_as_values
@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """One article file as read from disk, decoded and normalised."""

    id: str
    """The article id: the file name without its suffix, e.g. "001_023cf80bdcadc5d5"."""
    path: Path
    """Where the text was read from."""
    text: str
    """The whole text, NFC, `\\n` line endings, no BOM."""
    sidecar: dict = field(default_factory=dict)
    """The editor's validated overrides from `<stem>.yml` beside the article (empty if none)."""
    sidecar_path: Path | None = None
    """Where the sidecar was read from, for error messages."""


class Role(str, enum.Enum):
    """What a line of an article is; every input line gets exactly one."""

    DATE_STAMP = "date_stamp"
    """A page header's date ("date 2025-06-10", "Thứ Hai, 20/02/2023 14:30"), kept for the date stage."""
    HEADLINE = "headline"
    CATEGORY = "category"
    LEAD = "lead"
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    CAPTION = "caption"
    BYLINE = "byline"
    AGENCY = "agency"
    RELATED = "related"
    DROPPED = "dropped"

    def __reduce_ex__(self, protocol: int) -> str:
        """Pickle a role as the name it has in this module, which unpickling looks up without calling `Role`."""
        return f"{type(self).__qualname__}.{self.name}"


@_pickled_as_values
@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """One classified piece of an article, in reading order."""

    role: Role
    text: str
    """The text to publish, cleaned (for DROPPED: the line as it was)."""
    line: int
    """1-based line number in the source file."""
    credit: str | None = None
    """For captions: the photo credit, e.g. "Hoàng Hà/TTXVN"."""
    reason: str | None = None
    """Why the block got its role when that is worth telling an editor (dropped lines, derived headlines)."""


@_pickled_as_values
@dataclass(frozen=True, slots=True, kw_only=True)
class Doubt:
    """Something the generator was unsure of, for the editor's report."""

    kind: str
    """A short stable code, e.g. "derived-headline", "date-conflict", "unknown-name"."""
    message: str
    """One sentence an editor can act on."""
    line: int | None = None


@_pickled_as_values
@dataclass(frozen=True, slots=True, kw_only=True)
class PersonMention:
    """A real person named in an article, all mentions merged."""

    name: str
    """Full name as printed, NFC: "Trần Văn Tám"."""
    roles: tuple[str, ...] = ()
    """Roles as written, in the order the article gives them, without duplicates."""
    name_parts: tuple[str, str, str] | None = None
    """(family, middle, given) when the editor's sidecar states them; otherwise the link stage splits the name."""

    @property
    def role(self) -> str:
        """All roles joined the way an article lists them."""
        return ", ".join(self.roles)


@_pickled_as_values
@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceMention:
    """A gazetteer entry found in an article (a Vietnamese province or a foreign partner)."""

    id: str
    """Stable slug of the gazetteer entry, e.g. "nghe-an", "lao", "jeollabuk"."""
    name: str
    """The name as first written in the article, e.g. "Thừa Thiên – Huế"."""
    name_en: str
    """English name from the gazetteer."""
    current_id: str | None = None
    """For provinces: the unit it belongs to since 1 July 2025 (its own id if unchanged)."""
    country_id: str | None = None
    """For foreign localities: the id of the country they belong to."""


@_pickled_as_values
@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """Everything the generator understood about one article."""

    id: str
    slug: str
    """URL path segment, ASCII, unique in the site."""
    title: str
    title_source: str
    """Where the title came from: "text", "derived" or "sidecar"."""
    date: str | None
    """ISO date at its precision: "2023-02-20", "2023-02", "2023" or None."""
    date_precision: str
    """"day", "month", "year" or "none"."""
    category: str | None = None
    lead: str | None = None
    blocks: tuple[Block, ...] = ()
    """Every line of the source with its role, in reading order."""
    people: tuple[PersonMention, ...] = ()
    credits: tuple[str, ...] = ()
    """Photographers, authors and agencies named in the article: not people of the story."""
    authors: tuple[str, ...] = ()
    provinces: tuple[PlaceMention, ...] = ()
    countries: tuple[PlaceMention, ...] = ()
    foreign_localities: tuple[PlaceMention, ...] = ()
    topics: tuple[str, ...] = ()
    """Topic ids from the taxonomy."""
    source_outlet: str | None = None
    source_url: str | None = None
    summary: str | None = None
    title_en: str | None = None
    summary_en: str | None = None
    aliases: tuple[str, ...] = ()
    doubts: tuple[Doubt, ...] = ()
    source_hash: str = ""
    """Short hash of the Vietnamese text, recorded by translations to tell when they go stale."""
    translation: Translation | None = None
    """The editor's English translation (`generator.translation.Translation`), if any."""
