"""Link stage: all articles -> one `Site`, with unique slugs and a stable order.

It needs every article before any page exists (MkDocs' "gather all data first"): slug
collisions and, later, cross-links between articles and entities are corpus-wide facts.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from generator.model import Article

# Characters of the article id's hash appended to a colliding slug: "…-3f9a1c".
SLUG_SUFFIX_CHARS = 6


@dataclass(frozen=True, slots=True)
class Site:
    """The whole corpus as the render stage sees it."""

    articles: tuple[Article, ...]
    """Newest first; undated articles last; ties by id, so the order never depends on the file system."""


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
            suffix = hashlib.sha1(article.id.encode("utf-8")).hexdigest()[:SLUG_SUFFIX_CHARS]
            result.append(replace(article, slug=f"{slug}-{suffix}"))
    return result


def link(articles: Iterable[Article]) -> Site:
    """Return the site built from every article of the corpus."""
    return Site(articles=tuple(newest_first(resolve_slugs(articles))))
