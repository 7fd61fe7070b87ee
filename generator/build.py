"""The pipeline: gather every article first, then render, then write (MkDocs' `build()` order)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator.extract import Resources, extract
from generator.extract.people import split_vietnamese_name
from generator.link import Site, link
from generator.model import Article, SourceError
from generator.read import read_sources
from generator.cards import Card, card_name, draw_card
from generator.render import PERMALINKS_FILE, load_labels, render_site
from generator.site_config import load_site_config
from generator.translation import read_translation
from generator.write import WriteResult, write_history, write_pages


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
    """
    resources = resources or Resources.load()
    config = load_site_config(project_dir)
    articles, errors = extract_all(seeds_dir, resources)
    site = link(
        articles,
        resources.gazetteer,
        resources.topics,
        lambda name: split_vietnamese_name(name, resources.people),
        history=read_permalinks(out_dir),
    )
    rendered = render_site(site, load_labels(), resources, config)
    result = write_pages({**rendered.pages, **draw_cards(rendered.cards, out_dir)}, out_dir)
    write_history(out_dir / PERMALINKS_FILE, rendered.permalinks)
    return BuildReport(site=site, written=result, skipped=tuple(errors))
