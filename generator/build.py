"""The pipeline: gather every article first, then render, then write (MkDocs' `build()` order)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from generator.extract import Resources, extract, make_slug
from generator.extract.people import split_vietnamese_name
from generator.link import Site, link
from generator.model import Article, SourceError
from generator.read import ARTICLE_SUFFIX, SIDECAR_SUFFIX, read_sources, sidecar_line
from generator.cards import Card, card_name, draw_card
from generator.render import PERMALINKS_FILE, load_labels, render_site
from generator.site_config import load_site_config
from generator.translation import read_translation
from generator.textkey import slugify
from generator.write import WriteResult, foreign_paths, recover, write_pages


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: the site it made, the files it changed, and the articles it skipped."""

    site: Site
    written: WriteResult
    skipped: tuple[SourceError, ...]


def extract_all(seeds_dir: Path, resources: Resources) -> tuple[list[Article], list[SourceError]]:
    """Return the articles of `seeds_dir` that could be understood and an error for each that could not."""
    sources, errors = read_sources(seeds_dir)
    articles = []
    for source in sources:
        try:
            article = extract(source, resources)
            articles.append(replace(article, translation=read_translation(source.path)))
        except SourceError as error:
            errors.append(error)
    return articles, errors


def read_permalinks(out_dir: Path) -> dict[str, list[str]]:
    """The slug history of earlier builds (`docs/.permalinks.json`); empty on a first build."""
    path = out_dir / PERMALINKS_FILE
    if not path.is_file():
        return {}
    try:
        history = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise SourceError(path, f"unreadable slug history ({error}); restore it from version control") from None
    return {str(k): [str(s) for s in v] for k, v in history.items()}


def draw_cards(cards: Mapping[str, Card], out_dir: Path) -> dict[str, bytes]:
    """Return the PNG bytes of every preview image, reusing those already drawn (their names are content hashes)."""
    images = {}
    for path, card in cards.items():
        existing = out_dir / path
        cached = existing.is_file() and existing.name == card_name(card)
        images[path] = existing.read_bytes() if cached else draw_card(card)
    return images


def build(seeds_dir: Path, out_dir: Path, project_dir: Path = Path("."), resources: Resources | None = None) -> BuildReport:
    """Generate the Markdown site for `seeds_dir` into `out_dir`; one broken article is skipped, not fatal.

    `project_dir` holds mkdocs.yml and mkdocs.en.yml, read for the site's address and names.
    Everything is rendered in memory, then written in one transaction (see `generator.write`):
    a build that fails or is killed leaves `out_dir` as the previous build left it.
    """
    recover(out_dir)  # finish a write a kill interrupted, before anything reads out_dir
    resources = resources or Resources.load()
    config = load_site_config(project_dir)
    articles, errors = extract_all(seeds_dir, resources)
    articles, slug_errors = refuse_pinned_slug_collisions(articles, seeds_dir)
    errors += slug_errors
    history = read_permalinks(out_dir)
    while True:
        site = link(
            articles,
            resources.gazetteer,
            resources.topics,
            lambda name: split_vietnamese_name(name, resources.people),
            history=history,
        )
        rendered = render_site(site, load_labels(), resources, config)
        pages = {**rendered.pages, **draw_cards(rendered.cards, out_dir)}
        clashes = _hand_written_clashes(foreign_paths(pages, out_dir), site.articles, seeds_dir, out_dir)
        if not clashes:
            break
        errors += clashes.values()  # skip those articles and render the rest again
        articles = [a for a in articles if a.id not in clashes]
    result = write_pages(pages, out_dir, shared={PERMALINKS_FILE: rendered.permalinks})
    return BuildReport(site=site, written=result, skipped=tuple(errors))


def _is_pinned(article: Article) -> bool:
    """True if the article's slug was set by its sidecar: it is not the one its title (or id) gives."""
    return article.slug != (make_slug(article.title) or slugify(article.id))


def refuse_pinned_slug_collisions(articles: list[Article], seeds_dir: Path) -> tuple[list[Article], list[SourceError]]:
    """Refuse an article whose sidecar pins a slug that another article has; the error names both.

    Two articles whose titles give the same slug are not an error: the link stage gives one a
    suffix. But a slug an editor pinned is a promise of an address, which cannot be kept twice.
    """
    by_slug: dict[str, list[Article]] = {}
    for article in articles:
        by_slug.setdefault(article.slug, []).append(article)
    errors: dict[str, SourceError] = {}
    for slug, group in by_slug.items():
        for article in group if len(group) > 1 else ():
            if _is_pinned(article):
                others = ", ".join(f"{seeds_dir / other.id}{ARTICLE_SUFFIX}" for other in group if other is not article)
                sidecar = seeds_dir / f"{article.id}{SIDECAR_SUFFIX}"
                errors[article.id] = SourceError(
                    sidecar,
                    f"slug {slug!r} is also the slug of {others}; two articles cannot share a page: choose another slug",
                    sidecar_line(sidecar, "slug"),
                )
    return [a for a in articles if a.id not in errors], list(errors.values())


def _hand_written_clashes(clashes: list[str], articles, seeds_dir: Path, out_dir: Path) -> dict[str, SourceError]:
    """Article id -> the error for each article whose page (or redirect) would replace a hand-written page."""
    errors: dict[str, SourceError] = {}
    for path in clashes:
        pure = PurePosixPath(path)
        for article in articles:
            if "articles" in pure.parts and pure.stem in (article.slug, *article.aliases) and article.id not in errors:
                errors[article.id] = SourceError(
                    seeds_dir / f"{article.id}{ARTICLE_SUFFIX}",
                    f"its page {out_dir / path} would replace a hand-written page (slug {pure.stem!r}); "
                    "set another `slug:` in its sidecar, or rename the hand-written page",
                )
    return errors
