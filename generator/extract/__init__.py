"""Extract stage: cleaned blocks -> an `Article` with headline, date, people, places and topics.

Each field has its own module (`headline`, `dates`, `people`, `places`, `topics`), a cascade
from the strongest signal to the weakest. The editor's sidecar is the last layer and wins.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator import DATA_DIR
from generator.clean import CleaningRules, clean, load_cleaning_rules
from generator.extract.dates import extract_date
from generator.extract.headline import derive_headline
from generator.extract.people import PeopleLexicon, extract_people, load_people_lexicon, prepare_tables, split_vietnamese_name
from generator.extract.places import Gazetteer, find_partners, find_provinces, load_gazetteer
from generator.extract.unmatched import find_unmatched_names
from generator.glossary import Glossary, load_glossary, translate_role
from generator.legacy import load_font_encodings
from generator.translation import source_hash
from generator.extract.topics import Taxonomy, extract_topics, load_topics
from generator.model import Article, Block, Doubt, PersonMention, PlaceMention, Role, Source, SourceError
from generator.textkey import slugify

# Articles `extract_many` is best given at once: a few dozen get all of its speed-up.
EXTRACT_BATCH = 32

# Slugs longer than this are cut at a word boundary: URLs are pasted into chat apps.
SLUG_MAX_CHARS = 80

# Between the names of one credit: "Hoàng Hà/TTXVN", "Minh Anh - Thu Hà", "Hoàng Hà, Lan Anh".
_CREDIT_SEPARATOR = re.compile(r"\s*(?:/|,|;|\s[-–]\s)\s*")

# The roles whose text tells the story; captions count, credits and furniture do not.
STORY_ROLES = (Role.HEADLINE, Role.LEAD, Role.PARAGRAPH, Role.HEADING, Role.CAPTION)


@dataclass(frozen=True)
class Resources:
    """Every data file the extract stage needs, loaded once and passed in."""

    cleaning: CleaningRules
    topics: Taxonomy
    gazetteer: Gazetteer
    people: PeopleLexicon
    glossary: Glossary
    _english_roles: dict[str, str | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    """What `translate_role` gave for each role: roles repeat across articles, and pages ask again."""

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Resources:
        """Load the data files from `data_dir` (default: the package's own `data/`), and build
        the lookup tables every article uses.

        Built here, once, rather than on the first article: a build loads its resources before
        its workers fork, so they share the tables instead of each building them. The read
        stage's legacy-encoding tables are among them, since every article is checked with them.
        """
        base = data_dir or DATA_DIR
        resources = cls(
            cleaning=load_cleaning_rules(base / "cleaning.yml"),
            topics=load_topics(base / "topics.yml"),
            gazetteer=load_gazetteer(base),
            people=load_people_lexicon(base),
            glossary=load_glossary(base / "glossary.yml"),
        )
        prepare_tables(resources.people, resources.gazetteer.place_names)
        load_font_encodings()
        return resources

    def place_name_en(self, name: str) -> str | None:
        """The English name of a province or partner as an article writes it ("Nghệ An" -> "Nghe An")."""
        entry = self.gazetteer.lookup(name)
        return entry.name_en if entry else None

    def translate_role(self, role: str) -> str | None:
        """The role in English, or None when the glossary cannot render all of it."""
        if role not in self._english_roles:
            self._english_roles[role] = translate_role(role, self.glossary, self.place_name_en, self.place_name_en)
        return self._english_roles[role]


def make_slug(title: str) -> str:
    """Return the URL slug for a title: ASCII, at most 80 characters, cut between words."""
    slug = slugify(title)
    if len(slug) <= SLUG_MAX_CHARS:
        return slug
    return slug[: SLUG_MAX_CHARS + 1].rsplit("-", 1)[0]


def _resolve_title(blocks: tuple[Block, ...], sidecar: dict) -> tuple[str, str, tuple[Doubt, ...]]:
    """Return (title, title_source, doubts) by the fallback order of `headline`."""
    if "title" in sidecar:
        return sidecar["title"], "sidecar", ()
    own = next((b for b in blocks if b.role is Role.HEADLINE), None)
    if own:
        return own.text, "text", ()
    lead = next((b for b in blocks if b.role in (Role.LEAD, Role.PARAGRAPH)), None)
    if lead is None:
        return "", "derived", ()
    title = derive_headline(lead.text)
    return title, "derived", (Doubt(kind="derived-headline", line=lead.line, message=(
        f"the text has no headline; derived “{title}” from the lead (set `title:` in the sidecar)")),)


def _resolve_credits(blocks: tuple[Block, ...], sidecar: dict) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (authors, credits): bylines are authors; bylines, photo credits and agencies are credits."""
    bylines = [b.credit for b in blocks if b.role is Role.BYLINE and b.credit]
    authors = tuple(sidecar.get("authors", bylines))
    # "Hoàng Hà/TTXVN" credits a photographer and an agency
    credits = [name.strip() for b in blocks if b.credit for name in _CREDIT_SEPARATOR.split(b.credit)]
    return authors, tuple(dict.fromkeys(c for c in credits + list(authors) if c))


def _sidecar_name_parts(entry: dict) -> tuple[str, str, str] | None:
    """(family, middle, given) from a sidecar entry that states the family and given names."""
    if "family" not in entry or "given" not in entry:
        return None
    middle = entry["name"].removeprefix(entry["family"]).removesuffix(entry["given"]).strip()
    return entry["family"], middle, entry["given"]


def _apply_people_overrides(people: tuple[PersonMention, ...], overrides: dict) -> tuple[PersonMention, ...]:
    """Drop the people the editor ignores; add the ones the editor names, or correct their name's split.

    An added entry with the name of a person already found only sets that person's family and
    given names (and adds its role); a new name becomes a person of the article.
    """
    ignored = set(overrides.get("ignore", ()))
    kept = {p.name: p for p in people if p.name not in ignored}
    for entry in overrides.get("add", ()):
        role = (entry["role"],) if "role" in entry else ()
        found = kept.get(entry["name"])
        roles = found.roles + tuple(r for r in role if r not in found.roles) if found else role
        kept[entry["name"]] = PersonMention(name=entry["name"], roles=roles, name_parts=_sidecar_name_parts(entry))
    return tuple(kept.values())


def _sidecar_place(name: str, gazetteer: Gazetteer) -> PlaceMention | None:
    """The gazetteer entry an editor names in a sidecar, by spelling ("Hòa Bình") or by id ("hoa-binh")."""
    entry = gazetteer.lookup(name)
    if entry is None:
        for find in (gazetteer.province, gazetteer.partner):
            try:
                entry = find(name)
                break
            except KeyError:
                continue
    if entry is None:
        return None
    if hasattr(entry, "current_id"):
        return PlaceMention(id=entry.id, name=entry.name, name_en=entry.name_en, current_id=entry.current_id)
    return PlaceMention(id=entry.id, name=entry.name, name_en=entry.name_en, country_id=entry.country)


def _apply_place_overrides(found: tuple[PlaceMention, ...], overrides: dict, added: list[PlaceMention]) -> tuple[PlaceMention, ...]:
    """Drop the places the editor ignores (by id or name); add the ones the editor names."""
    ignored = set(overrides.get("ignore", ()))
    kept = [p for p in found if p.id not in ignored and p.name not in ignored]
    known = {p.id for p in kept}
    kept.extend(p for p in added if p.id not in known)
    return tuple(kept)


def _find_places(text: str, names: list[str], sidecar: dict, gazetteer: Gazetteer, path: Path):
    """Return (provinces, countries, foreign localities) of `text`, with the sidecar's corrections.

    A name in the sidecar that no gazetteer knows is an error naming the sidecar: silently
    dropping an editor's correction would leave the page wrong with nobody told.
    """
    additions: dict[str, list[PlaceMention]] = {"provinces": [], "partners": []}
    for key, wanted in additions.items():
        for name in sidecar.get(key, {}).get("add", ()):
            mention = _sidecar_place(name, gazetteer)
            if mention is None:
                raise SourceError(path, f"{key}: add: {name!r} is in no gazetteer (generator/data/provinces.yml, partners.yml)")
            wanted.append(mention)
    provinces = find_provinces(text, gazetteer, people_names=names)
    countries, localities = find_partners(text, gazetteer, people_names=names)
    partners = sidecar.get("partners", {})
    added_partners = additions["partners"]
    return (
        _apply_place_overrides(provinces, sidecar.get("provinces", {}), [p for p in additions["provinces"] if p.current_id]),
        _apply_place_overrides(countries, partners, [p for p in added_partners if not p.country_id]),
        _apply_place_overrides(localities, partners, [p for p in added_partners if p.country_id]),
    )


def _dropped_line_doubts(blocks: tuple[Block, ...]) -> tuple[Doubt, ...]:
    return tuple(
        Doubt(kind="dropped-line", line=b.line, message=f"dropped ({b.reason}): “{b.text[:80]}”")
        for b in blocks
        if b.role is Role.DROPPED
    )


def _stages(source: Source, resources: Resources) -> Generator[None, None, Article]:
    """Everything the generator understands of `source`, with the sidecar applied last.

    A generator that pauses (`yield`) between the stages of the extraction, so that
    `extract_many` can run one stage for a whole batch of articles before the next: see there.
    """
    blocks = clean(source, resources.cleaning)
    sidecar = source.sidecar
    if not any(b.role in (Role.LEAD, Role.PARAGRAPH, Role.HEADLINE) for b in blocks):
        raise SourceError(source.path, "has no article text (empty, or only page furniture)")
    title, title_source, title_doubts = _resolve_title(blocks, sidecar)
    found_date = extract_date(blocks, sidecar.get("date"))
    authors, credits = _resolve_credits(blocks, sidecar)
    story = [b.text for b in blocks if b.role in STORY_ROLES]
    yield
    people = extract_people(
        [b.text for b in blocks if b.role in STORY_ROLES and b.role is not Role.HEADLINE],
        resources.people,
        place_names=resources.gazetteer.place_names,
        credit_names=credits,
    )
    people = _apply_people_overrides(people, sidecar.get("people", {}))
    names = [p.name for p in people] + list(credits)
    yield
    provinces, countries, localities = _find_places(
        "\n".join([title, *story]), names, sidecar, resources.gazetteer, source.sidecar_path or source.path
    )
    places_as_written = [p.name for p in (*provinces, *countries, *localities)]
    yield
    unmatched = find_unmatched_names(
        story, names + places_as_written, resources.gazetteer.place_names, lambda n: split_vietnamese_name(n, resources.people)[0]
    )
    yield
    topics = extract_topics(story, resources.topics)
    role_doubts = tuple(
        Doubt(kind="untranslated-role", message=f"no English for the role “{role}” of {person.name}; add its words to generator/data/glossary.yml")
        for person in people
        for role in person.roles
        if resources.translate_role(role) is None
    )
    name_doubts = tuple(
        Doubt(kind="unknown-name", message=f"“{name}” looks like a person's name but was not recognised; add it under `people: add:` if it is one")
        for name in unmatched
    )
    lead = next((b.text for b in blocks if b.role is Role.LEAD), None)
    source_info = sidecar.get("source", {})
    return Article(
        id=source.id,
        slug=sidecar.get("slug") or make_slug(title) or slugify(source.id),
        title=title,
        title_source=title_source,
        date=found_date.date,
        date_precision=found_date.precision,
        category=next((b.text for b in blocks if b.role is Role.CATEGORY), None),
        lead=lead,
        blocks=blocks,
        people=people,
        credits=credits,
        authors=authors,
        provinces=provinces,
        countries=countries,
        foreign_localities=localities,
        topics=topics,
        source_outlet=source_info.get("outlet"),
        source_url=source_info.get("url"),
        summary=sidecar.get("summary"),
        title_en=sidecar.get("title_en"),
        summary_en=sidecar.get("summary_en"),
        aliases=tuple(sidecar.get("aliases", ())),
        doubts=title_doubts + found_date.doubts + name_doubts + role_doubts + _dropped_line_doubts(blocks),
        source_hash=source_hash(source.text),
    )


def extract_many(sources: Sequence[Source], resources: Resources) -> list[Article | SourceError]:
    """`extract` of each source, in order: its article, or the error that stops it.

    The articles go through the stages together: cleaning for all of them, then people for
    all of them, and so on. One stage's tables, patterns and caches then stay in the
    processor's caches from one article to the next, where article by article every stage
    pushed the others' out: a batch of a few dozen articles is extracted about a fifth faster.
    """
    results: list[Article | SourceError | None] = [None] * len(sources)
    running = [(index, _stages(source, resources)) for index, source in enumerate(sources)]
    while running:
        still_running = []
        for index, stages in running:
            try:
                next(stages)
            except StopIteration as done:
                results[index] = done.value
            except SourceError as error:
                results[index] = error
            else:
                still_running.append((index, stages))
        running = still_running
    return results  # type: ignore[return-value]  (every place is filled)


def extract(source: Source, resources: Resources) -> Article:
    """Return everything the generator understands of `source`, with the sidecar applied last.

    Raises SourceError for an article that cannot be used (no text, a sidecar naming an unknown place).
    """
    result = extract_many([source], resources)[0]
    if isinstance(result, SourceError):
        raise result
    return result
