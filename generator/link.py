"""Link stage: all articles -> one `Site`: unique slugs, entities, cross-links, a stable order.

It needs every article before any page exists (MkDocs' "gather all data first"): slug
collisions, an entity's list of articles, the people someone appears with and the
related articles are facts about the whole corpus, not about one article.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from generator.collate import sort_key
from generator.extract.places import Gazetteer, find_provinces
from generator.extract.topics import Taxonomy
from generator.model import Article
from generator.parallel import map_parallel
from generator.textkey import slugify

# Characters of the article id's hash appended to a colliding slug: "…-3f9a1c".
SLUG_SUFFIX_CHARS = 6
# How many related articles an article page lists, and how strongly two must be tied.
RELATED_MAX = 5
RELATED_MIN_SCORE = 2
# What a shared entity is worth when relating two articles: a shared person says most.
RELATED_WEIGHTS = {"people": 3, "partners": 2, "topics": 1, "provinces": 1}
# Related articles are looked for among each shared entity's articles nearest in time to the
# article, this many on each side: a partner named in thousands of articles relates an article
# to those of its own period, and the work stays linear in the size of the corpus.
RELATED_WINDOW = 40
# How many companions a person page lists.
COMPANIONS_MAX = 8


@dataclass(frozen=True, slots=True)
class RoleHeld:
    """A role as one article states it for a person."""

    role: str
    article_id: str
    date: str | None


@dataclass(frozen=True, slots=True)
class Person:
    """Someone named in the corpus, with everything the articles say of them."""

    key: str
    """URL slug and identity: "bui-thanh-son". The same name is the same person."""
    name: str
    family: str
    """Family name ("Nguyễn", "Tôn Nữ"); empty for a foreign name, which keeps its own order."""
    middle: str
    given: str
    """The name the directory sorts by: "Tám" in "Trần Văn Tám"; the whole name for a foreign one."""
    roles: tuple[RoleHeld, ...]
    """Newest first."""
    article_ids: tuple[str, ...]
    """Newest first."""
    companions: tuple[tuple[str, int], ...]
    """(person key, articles shared), most shared first."""
    province_ids: tuple[str, ...]
    """Provinces named in this person's roles ("Phó Chủ tịch UBND tỉnh Nghệ An" -> nghe-an)."""


@dataclass(frozen=True, slots=True)
class ProvincePage:
    """A Vietnamese provincial unit with the corpus's facts about it."""

    id: str
    article_ids: tuple[str, ...]
    person_keys: tuple[str, ...]
    partner_ids: tuple[str, ...]
    """Foreign partners named in the same articles, most often first."""


@dataclass(frozen=True, slots=True)
class PartnerPage:
    """A country, region, bloc or foreign locality with the corpus's facts about it."""

    id: str
    article_ids: tuple[str, ...]
    province_ids: tuple[str, ...]
    """Vietnamese provinces named in the same articles, most often first."""
    locality_ids: tuple[str, ...]
    """For a country: its localities that the corpus names."""


@dataclass(frozen=True, slots=True)
class TopicPage:
    id: str
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Site:
    """The whole corpus as the render stage sees it."""

    articles: tuple[Article, ...]
    """Newest first; undated articles last; ties by id, so the order never depends on the file system."""
    people: tuple[Person, ...]
    """In Vietnamese directory order: given name, then family and middle names."""
    provinces: tuple[ProvincePage, ...]
    partners: tuple[PartnerPage, ...]
    topics: tuple[TopicPage, ...]
    related: dict[str, tuple[str, ...]]
    """Article id -> ids of related articles, most related first."""
    person_keys: dict[str, str]
    """A person's name as printed -> the key of their page."""
    gazetteer: Gazetteer
    taxonomy: Taxonomy

    articles_by_id: dict[str, Article]
    people_by_key: dict[str, Person]
    permalinks: dict[str, tuple[str, ...]]
    """Article id -> every slug it has been published under, oldest first (the current one last)."""

    def article(self, article_id: str) -> Article:
        return self.articles_by_id[article_id]


def newest_first(articles: Iterable[Article]) -> list[Article]:
    """Return `articles` newest first (ISO dates of any precision sort as text), undated last, ties by id."""
    by_id = sorted(articles, key=lambda a: a.id)
    dated = sorted((a for a in by_id if a.date), key=lambda a: a.date, reverse=True)
    return dated + [a for a in by_id if not a.date]


def resolve_slugs(articles: Iterable[Article]) -> list[Article]:
    """Return the articles with unique slugs.

    When several share a slug, the one with the smallest id keeps it and each other one gets
    a suffix from a hash of its own id, so that no slug depends on the order of the build.
    """
    by_slug: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_slug[article.slug].append(article)
    result = []
    for slug, group in by_slug.items():
        group.sort(key=lambda a: a.id)
        result.append(group[0])
        for article in group[1:]:
            result.append(replace(article, slug=f"{slug}-{_hash_suffix(article.id)}"))
    return result


def _hash_suffix(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:SLUG_SUFFIX_CHARS]


def assign_person_keys(names: Iterable[str]) -> dict[str, str]:
    """Return name -> URL key; the same name is the same person ("Trần Văn Tám" -> "tran-van-tam").

    Two names that differ only by accents ("Hùng", "Húng") share an ASCII slug: the one first in
    Vietnamese order keeps it, each other gets a suffix from a hash of the name itself, so that
    no key depends on which articles came first.
    """
    by_slug: dict[str, list[str]] = defaultdict(list)
    for name in set(names):
        by_slug[slugify(name)].append(name)
    keys = {}
    for slug, group in by_slug.items():
        group.sort(key=lambda n: (sort_key(n), n))
        keys[group[0]] = slug
        keys.update((name, f"{slug}-{_hash_suffix(name)}") for name in group[1:])
    return keys


def partner_ids(article: Article) -> list[str]:
    """Countries, regions and foreign localities of an article, in its order."""
    return [p.id for p in (*article.countries, *article.foreign_localities)]


def _ordered_by_count(counter: Counter[str], order: Callable[[str], object]) -> tuple[str, ...]:
    return tuple(sorted(counter, key=lambda item: (-counter[item], order(item))))


def _collect_people(
    articles: Sequence[Article],
    keys: dict[str, str],
    gazetteer: Gazetteer,
    split_name: Callable[[str], tuple[str, str, str]],
) -> tuple[Person, ...]:
    names: dict[str, str] = {}
    name_parts: dict[str, tuple[str, str, str]] = {}
    roles: dict[str, list[RoleHeld]] = defaultdict(list)
    mentions: dict[str, list[str]] = defaultdict(list)
    together: dict[str, Counter[str]] = defaultdict(Counter)
    provinces: dict[str, Counter[str]] = defaultdict(Counter)
    # An official's role is written the same way in article after article: its provinces are found once.
    role_provinces: dict[str, list[str]] = {}
    for article in articles:  # newest first, so lists come out newest first
        article_keys = [keys[p.name] for p in article.people]
        for person, key in zip(article.people, article_keys):
            names.setdefault(key, person.name)
            if person.name_parts:
                name_parts.setdefault(key, person.name_parts)  # the editor's split wins
            mentions[key].append(article.id)
            if person.role:
                roles[key].append(RoleHeld(person.role, article.id, article.date))
                if person.role not in role_provinces:
                    role_provinces[person.role] = [mention.id for mention in find_provinces(person.role, gazetteer)]
                provinces[key].update(role_provinces[person.role])
            together[key].update(k for k in article_keys if k != key)
    people = []
    for key, name in names.items():
        family, middle, given = name_parts.get(key) or split_name(name)
        people.append(Person(
            key=key,
            name=name,
            family=family,
            middle=middle,
            given=given,
            roles=tuple(roles[key]),
            article_ids=tuple(dict.fromkeys(mentions[key])),
            companions=tuple((k, together[key][k]) for k in _ordered_by_count(together[key], names.get))[:COMPANIONS_MAX],
            province_ids=_ordered_by_count(provinces[key], str),
        ))
    # The given name decides first, tones included ("Anh" before "Ánh"), then family, then middle names.
    return tuple(sorted(people, key=lambda p: (sort_key(p.given), sort_key(p.family), sort_key(p.middle), p.key)))


def _collect_provinces(articles: Sequence[Article], people: Sequence[Person], gazetteer: Gazetteer) -> tuple[ProvincePage, ...]:
    mentions: dict[str, list[str]] = defaultdict(list)
    partners: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        for province in article.provinces:
            mentions[province.id].append(article.id)
            partners[province.id].update(partner_ids(article))
    # A former province's successor gets a page too, so that "became part of X" always links.
    for province_id in list(mentions):
        successor = gazetteer.province(province_id).current_id
        mentions.setdefault(successor, [])
    tied: dict[str, list[str]] = defaultdict(list)
    for person in people:
        for province_id in person.province_ids:
            tied[province_id].append(person.key)
            mentions.setdefault(province_id, [])
    pages = [
        ProvincePage(
            id=province_id,
            article_ids=tuple(dict.fromkeys(ids)),
            person_keys=tuple(tied[province_id]),
            partner_ids=_ordered_by_count(partners[province_id], str),
        )
        for province_id, ids in mentions.items()
    ]
    return tuple(sorted(pages, key=lambda p: sort_key(gazetteer.province(p.id).name)))


def _collect_partners(articles: Sequence[Article], gazetteer: Gazetteer) -> tuple[PartnerPage, ...]:
    mentions: dict[str, list[str]] = defaultdict(list)
    provinces: dict[str, Counter[str]] = defaultdict(Counter)
    localities: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for partner_id in partner_ids(article):
            mentions[partner_id].append(article.id)
            provinces[partner_id].update(p.id for p in article.provinces)
        for locality in article.foreign_localities:
            if locality.country_id:
                localities[locality.country_id].add(locality.id)
    for country_id in list(localities):
        mentions.setdefault(country_id, [])  # a locality's country gets a page to belong to
    pages = [
        PartnerPage(
            id=partner_id,
            article_ids=tuple(dict.fromkeys(ids)),
            province_ids=_ordered_by_count(provinces[partner_id], str),
            locality_ids=tuple(sorted(localities[partner_id], key=lambda i: sort_key(gazetteer.partner(i).name))),
        )
        for partner_id, ids in mentions.items()
    ]
    return tuple(sorted(pages, key=lambda p: sort_key(gazetteer.partner(p.id).name)))


def _collect_topics(articles: Sequence[Article], taxonomy: Taxonomy) -> tuple[TopicPage, ...]:
    mentions: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        for topic_id in article.topics:
            mentions[topic_id].append(article.id)
    return tuple(TopicPage(t.id, tuple(mentions[t.id])) for t in taxonomy.topics if mentions[t.id])


def _entity_sets(article: Article) -> dict[str, set[str]]:
    return {
        "people": {p.name for p in article.people},
        "partners": set(partner_ids(article)),
        "topics": set(article.topics),
        "provinces": {p.id for p in article.provinces},
    }


def relate_articles(articles: Sequence[Article], workers: int | None = None) -> dict[str, tuple[str, ...]]:
    """Return, per article id, the articles sharing the most weighted entities with it.

    Shared people weigh most, then partners, then topics and provinces; ties go to the newer
    article, so the lists never depend on the order of the files. For each of its entities an
    article is compared with the `RELATED_WINDOW` articles before and after it among those
    naming the entity (all of them in a corpus of a few dozen): scoring every pair would be
    quadratic in the corpus, and the period of an article is part of what relates it. The
    articles of a large corpus are scored on every core (`workers`, default all).
    """
    sets = {a.id: _entity_sets(a) for a in articles}
    position = {a.id: index for index, a in enumerate(articles)}
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    places: dict[str, list[tuple[str, list[str], int]]] = defaultdict(list)
    for article in articles:  # newest first
        for kind, keys in sets[article.id].items():
            for key in sorted(keys):
                naming = index[(kind, key)]
                places[article.id].append((kind, naming, len(naming)))
                naming.append(article.id)

    def related_to(at_position: int) -> tuple[str, ...]:
        """The related articles of `articles[at_position]` (a position: workers have the articles through the fork)."""
        article = articles[at_position]
        candidates: list[str] = []
        for kind, naming, at in places[article.id]:
            # a weight of 3 is three counts: all of them counted in one C call below
            candidates += naming[max(0, at - RELATED_WINDOW) : at + RELATED_WINDOW + 1] * RELATED_WEIGHTS[kind]
        scores = Counter(candidates)
        del scores[article.id]
        # the RELATED_MAX-th best score, then only the articles that can be among the first
        # RELATED_MAX ordered with their ties
        ranked = sorted(scores.values(), reverse=True)
        lowest = max(RELATED_MIN_SCORE, ranked[RELATED_MAX - 1] if len(ranked) >= RELATED_MAX else 0)
        best = [i for i, score in scores.items() if score >= lowest]
        return tuple(sorted(best, key=lambda i: (-scores[i], position[i]))[:RELATED_MAX])

    return dict(zip((a.id for a in articles), map_parallel(related_to, range(len(articles)), workers)))


def record_permalinks(
    articles: Sequence[Article], history: Mapping[str, Sequence[str]]
) -> tuple[list[Article], dict[str, tuple[str, ...]]]:
    """Return the articles with every earlier slug as an alias, and the updated slug history.

    A published URL must keep working: when a title or sidecar slug changes, the slugs the
    article had before become redirects to the new one. An earlier slug that another article
    now uses is that article's, not a redirect. History of removed articles is kept, so that
    an article put back gets its old redirects back.
    """
    current = {a.slug for a in articles}
    updated = {article_id: tuple(slugs) for article_id, slugs in history.items()}
    result = []
    for article in articles:
        earlier = [s for s in history.get(article.id, ()) if s != article.slug]
        updated[article.id] = (*earlier, article.slug)
        aliases = tuple(dict.fromkeys(s for s in (*earlier, *article.aliases) if s not in current))
        result.append(article if aliases == article.aliases else replace(article, aliases=aliases))
    return result, dict(sorted(updated.items()))


def link(
    articles: Iterable[Article],
    gazetteer: Gazetteer,
    taxonomy: Taxonomy,
    split_name: Callable[[str], tuple[str, str, str]],
    history: Mapping[str, Sequence[str]] | None = None,
    workers: int | None = None,
) -> Site:
    """Return the site built from every article of the corpus.

    `split_name` divides a person's name into (family, middle, given), see `extract.people`;
    `history` is the slug history of earlier builds (see `record_permalinks`); `workers` the
    processes that relate a large corpus's articles (default: every core).
    """
    linked, permalinks = record_permalinks(resolve_slugs(articles), history or {})
    ordered = tuple(newest_first(linked))
    keys = assign_person_keys(p.name for a in ordered for p in a.people)
    people = _collect_people(ordered, keys, gazetteer, split_name)
    return Site(
        articles=ordered,
        people=people,
        provinces=_collect_provinces(ordered, people, gazetteer),
        partners=_collect_partners(ordered, gazetteer),
        topics=_collect_topics(ordered, taxonomy),
        related=relate_articles(ordered, workers),
        person_keys=keys,
        articles_by_id={a.id: a for a in ordered},
        people_by_key={p.key: p for p in people},
        permalinks=permalinks,
        gazetteer=gazetteer,
        taxonomy=taxonomy,
    )
