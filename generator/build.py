"""The pipeline: gather every article first, then render, then write (MkDocs' `build()` order)."""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import pickle
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path, PurePosixPath

from generator.extract import EXTRACT_BATCH, Resources, extract_many, make_slug
from generator.extract.people import split_vietnamese_name
from generator.link import Site, link
from generator.model import Article, Source, SourceError
from generator.read import (
    ARTICLE_SUFFIX,
    SIDECAR_SUFFIX,
    ArticleInputs,
    find_source_paths,
    print_notice,
    read_inputs,
    refuse_shared_slugs,
    sidecar_line,
    source_from_inputs,
)
from generator.cache import ExtractionCache, unpickle_entry
from generator.cards import Card, card_name, draw_card
from generator.render import PERMALINKS_FILE, Rendered, load_labels, permalinks_file, render_shares
from generator.parallel import PARALLEL_MIN_ITEMS, iter_parallel
from generator.site_config import load_site_config
from generator.translation import read_translation
from generator.textkey import slugify
from generator.fingerprint import INPUTS_FILE, generator_fingerprint, input_fingerprint, unchanged_since_last_build
from generator.write import PageWriter, WriteResult, recover


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build did: the site it made, the files it changed, and the articles it skipped."""

    site: Site | None
    """None when nothing changed since the last build and no work was done."""
    written: WriteResult
    skipped: tuple[SourceError, ...]
    unchanged: bool = False


# What reading and extracting an article file gives: its source (without its text), its
# article or the error that stops it, and the notices reading had for the editor.
Understood = tuple[Source, Article | SourceError, tuple[str, ...]]


def _read_inputs(path: Path) -> ArticleInputs | SourceError:
    try:
        return read_inputs(path)
    except SourceError as error:
        return error


def _understand(paths: Sequence[Path], inputs: Sequence[ArticleInputs | SourceError], resources: Resources) -> list[Understood | SourceError]:
    """Understand the article files at `paths` from their `inputs` (`read_inputs`), each to its
    outcome or the error that stops reading it (never raised).

    The files read are extracted together (`extract_many`: stage by stage, faster than one by one).
    """
    outcomes: list[Understood | SourceError | None] = [None] * len(paths)
    read: list[tuple[int, Source, tuple[str, ...]]] = []
    for index, (path, got) in enumerate(zip(paths, inputs)):
        if isinstance(got, SourceError):
            outcomes[index] = got
            continue
        notices: list[str] = []
        try:
            read.append((index, source_from_inputs(path, got, notices.append), tuple(notices)))
        except SourceError as error:
            outcomes[index] = error
    for (index, source, notices), result in zip(read, extract_many([source for _, source, _ in read], resources)):
        outcomes[index] = (replace(source, text=""), result, notices)
    return outcomes  # type: ignore[return-value]  (every place is filled)


def _understand_pickled(
    paths: Sequence[Path], resources: Resources, cache: ExtractionCache | None
) -> list[tuple[str | None, str | None, bytes | SourceError]]:
    """`_understand`, from the cache for the files it has: per file, its cache key, the pack
    holding its entry (None if none does) and the pickled outcome.

    Done in the workers, a batch of files at a time, so that reading is parallel too and the
    texts of a whole corpus never sit in the parent at once. Each file is read once, for its
    key and its extraction. The outcome comes pickled because one pickle is then both the
    cache entry and what travels to the parent; the batch's new entries are kept in one pack.
    An error reading a file is not kept: the next build reads the file again, as it may be
    fixed or readable by then.
    """
    inputs = [_read_inputs(path) for path in paths]
    keys = [
        cache.key(path, got) if cache and not isinstance(got, SourceError) else None for path, got in zip(paths, inputs)
    ]
    found = cache.get_many(keys) if cache else [None] * len(paths)
    results: list[tuple[str | None, str | None, bytes | SourceError | None]] = [
        (key, *hit) if hit else (key, None, None) for key, hit in zip(keys, found)
    ]
    missing = [index for index, hit in enumerate(found) if hit is None]
    kept: list[int] = []
    understood_missing = _understand([paths[index] for index in missing], [inputs[index] for index in missing], resources)
    for index, understood in zip(missing, understood_missing):
        if isinstance(understood, SourceError):
            results[index] = (keys[index], None, understood)
        else:
            results[index] = (keys[index], None, pickle.dumps(understood))
            if keys[index]:
                kept.append(index)
    pack = cache.put_many({keys[index]: results[index][2] for index in kept}) if cache and kept else None
    for index in kept if pack else ():
        results[index] = (keys[index], pack, results[index][2])
    return results  # type: ignore[return-value]  (every outcome is filled)


def _understand_again(
    path: Path, resources: Resources, cache: ExtractionCache | None
) -> tuple[Understood | SourceError, str | None, str | None]:
    """`_understand` for a file whose cache entry could not be unpickled (damaged, or of an
    older layout), kept anew: the outcome, and its key and pack (None when it is not kept)."""
    inputs = _read_inputs(path)
    understood = _understand([path], [inputs], resources)[0]
    if isinstance(understood, SourceError) or isinstance(inputs, SourceError) or cache is None:
        return understood, None, None
    key = cache.key(path, inputs)
    return understood, key, cache.put_many({key: pickle.dumps(understood)})


def _translated(understood: Understood) -> tuple[Source, Article | SourceError]:
    """The source and article with the editor's translation, read at every build (it is no input of extraction)."""
    source, result, _ = understood
    if isinstance(result, Article):
        try:
            translation = read_translation(source.path)
        except SourceError as error:
            return source, error
        if translation is not None:
            result = replace(result, translation=translation)
    return source, result


def extract_all(
    seeds_dir: Path, resources: Resources, workers: int | None = None, cache: ExtractionCache | None = None
) -> tuple[list[Article], list[SourceError]]:
    """Return the articles of `seeds_dir` that could be understood and an error for each that could not.

    A large corpus is read and extracted on every core (`workers`, default all), each worker
    taking `EXTRACT_BATCH` articles at a time; the result is the same as a serial run's, in the
    same order. With a `cache`, only the articles whose files changed since they were last
    extracted are extracted again; the cache keeps only the packs holding this corpus's entries.
    """
    paths = find_source_paths(seeds_dir)
    batches = [paths[start : start + EXTRACT_BATCH] for start in range(0, len(paths), EXTRACT_BATCH)]
    outcomes = chain.from_iterable(
        iter_parallel(
            lambda batch: _understand_pickled(batch, resources, cache),
            batches,
            workers,
            min_items=PARALLEL_MIN_ITEMS // EXTRACT_BATCH,
            chunk_size=1,
        )
    )
    read, errors = [], []
    index: dict[str, str] = {}  # the cache's new index: key -> pack
    # each outcome unpickled as it comes: the pickles of a whole corpus never sit here at once
    for path, (key, pack, outcome) in zip(paths, outcomes):
        understood = outcome if isinstance(outcome, SourceError) else unpickle_entry(outcome)
        if understood is None:
            understood, key, pack = _understand_again(path, resources, cache)
        if key and pack:
            index[key] = pack
        if isinstance(understood, SourceError):
            errors.append(understood)
            continue
        for notice in understood[2]:
            print_notice(notice)
        read.append(_translated(understood))
    if cache:
        cache.keep_only(index)
    kept, slug_errors = refuse_shared_slugs([source for source, _ in read])
    kept_ids = {source.id for source in kept}
    results = [result for source, result in read if source.id in kept_ids]
    articles = [r for r in results if isinstance(r, Article)]
    return articles, errors + slug_errors + [r for r in results if isinstance(r, SourceError)]


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


def write_cards(cards: Mapping[str, Card], writer: PageWriter, workers: int | None = None) -> None:
    """Hand every preview image to `writer`; one already there under its name (a hash of its content) is not drawn again.

    The workers that draw the images also stage them, so the files are written in parallel.
    """
    to_draw = [path for path, card in sorted(cards.items()) if not (PurePosixPath(path).name == card_name(card) and writer.keep(path))]
    staged = iter_parallel(lambda path: writer.stage(path, draw_card(cards[path])), to_draw, workers)
    for path, was_staged in zip(to_draw, staged):
        writer.record(path, was_staged)


def _stage_share(writer: PageWriter, share: Rendered) -> tuple[dict[str, bool], dict[str, Card]]:
    """Stage a rendered share's pages where it was rendered; what the writing process must record, and the cards."""
    return {path: writer.stage(path, page) for path, page in share.pages.items()}, share.cards


@contextlib.contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector in this process (not in the workers: `iter_parallel`).

    A build gathers a corpus's articles, then links them into a site, and keeps both until it
    ends; it makes next to no cyclic garbage. The collector's repeated passes over those
    hundreds of thousands of objects found nothing and took a third of the building process's
    own time (about 2 of 6 s of CPU at 10,000 articles), for the same peak memory.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_cycle_collection_paused()
def build(
    seeds_dir: Path,
    out_dir: Path,
    project_dir: Path = Path("."),
    resources: Resources | None = None,
    workers: int | None = None,
    fingerprint: str | None = None,
) -> BuildReport:
    """Generate the Markdown site for `seeds_dir` into `out_dir`; one broken article is skipped, not fatal.

    `project_dir` holds mkdocs.yml and mkdocs.en.yml, read for the site's address and names.
    `fingerprint` is the inputs' `input_fingerprint` when the caller has it already (it reads
    every seed). Pages are written as they are rendered, in one transaction (see
    `generator.write`): a build that fails or is killed leaves `out_dir` as the previous build left it.
    """
    recover(out_dir)  # finish a write a kill interrupted, before anything reads out_dir
    fingerprint = fingerprint or input_fingerprint(seeds_dir, project_dir)
    if unchanged_since_last_build(out_dir, fingerprint):
        return BuildReport(site=None, written=WriteResult((), (), ()), skipped=(), unchanged=True)
    resources = resources or Resources.load()
    config = load_site_config(project_dir)
    articles, errors = extract_all(seeds_dir, resources, workers, ExtractionCache(out_dir, generator_fingerprint()))
    articles, slug_errors = refuse_pinned_slug_collisions(articles, seeds_dir)
    errors += slug_errors
    history = read_permalinks(out_dir)
    labels = load_labels()
    while True:
        site = link(
            articles,
            resources.gazetteer,
            resources.topics,
            lambda name: split_vietnamese_name(name, resources.people),
            history=history,
            workers=workers,
        )
        with PageWriter(out_dir) as writer:
            cards: dict[str, Card] = {}
            stage = functools.partial(_stage_share, writer)
            for staged, share_cards in render_shares(site, labels, resources, config, workers=workers, then=stage):
                for path, was_staged in staged.items():
                    writer.record(path, was_staged)
                cards.update(share_cards)
            writer.flush_ahead()  # the pages reach the disk while the cards are drawn
            write_cards(cards, writer, workers)
            clashes = _hand_written_clashes(writer.foreign, site.articles, seeds_dir, out_dir)
            if not clashes:
                # a build that skipped an article is not recorded as done: the next one tries again
                record = {INPUTS_FILE: fingerprint + "\n"} if not errors else {}
                result = writer.commit(shared={PERMALINKS_FILE: permalinks_file(site), **record})
                return BuildReport(site=site, written=result, skipped=tuple(errors))
        # leaving the writer uncommitted dropped what it staged: skip those articles, render the rest again
        errors += clashes.values()
        articles = [a for a in articles if a.id not in clashes]


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
