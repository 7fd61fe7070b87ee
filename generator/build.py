"""The pipeline: gather every article first, then render, then write (MkDocs' `build()` order)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from generator.extract import Resources, extract
from generator.extract.people import split_vietnamese_name
from generator.link import Site, link
from generator.model import Article, SourceError
from generator.read import read_sources
from generator.render import load_labels, render_site
from generator.translation import read_translation
from generator.write import WriteResult, write_pages


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


def build(seeds_dir: Path, out_dir: Path, resources: Resources | None = None) -> BuildReport:
    """Generate the Markdown site for `seeds_dir` into `out_dir`; one broken article is skipped, not fatal."""
    resources = resources or Resources.load()
    articles, errors = extract_all(seeds_dir, resources)
    site = link(articles, resources.gazetteer, resources.topics, lambda name: split_vietnamese_name(name, resources.people))
    result = write_pages(render_site(site, load_labels(), resources), out_dir)
    return BuildReport(site=site, written=result, skipped=tuple(errors))
