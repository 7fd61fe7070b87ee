"""Command line: `python -m generator build | extract | report`.

Each command parses its options, calls the pipeline and turns known errors into a one-line
message and an exit code; no logic lives here (sqlite-utils' cli.py). Each command imports
the parts of the pipeline it runs, so that a build with nothing to do starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.fingerprint import input_fingerprint, unchanged_since_last_build
from generator.model import SourceError
from generator.write import WriteError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build_cmd = commands.add_parser("build", help="generate the Markdown site from the articles")
    build_cmd.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of articles (default: seeds/)")
    build_cmd.add_argument("--out", type=Path, default=Path("docs"), help="output folder (default: docs/)")
    build_cmd.add_argument("--strict", action="store_true", help="fail if any article had to be skipped")
    build_cmd.add_argument("--project", type=Path, default=Path("."), help="folder of mkdocs.yml and mkdocs.en.yml (default: .)")
    build_cmd.add_argument("--jobs", type=int, default=None, help="processes for large corpora (default: every core; 1: serial)")

    extract_cmd = commands.add_parser("extract", help="print what the generator understands of article files")
    extract_cmd.add_argument("files", nargs="+", type=Path, help="article text files (a sidecar beside each is applied)")
    extract_cmd.add_argument("--json", action="store_true", required=True, help="one JSON object per line and file")

    translations_cmd = commands.add_parser("translations", help="list every article as translated, missing or outdated")
    translations_cmd.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of articles (default: seeds/)")

    commands.add_parser("compile", help="compile the extraction's hot modules with Cython (make runs it; see generator/compiled.py)")

    report_cmd = commands.add_parser("report", help="list, per article, what the generator doubted")
    report_cmd.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of articles (default: seeds/)")
    report_cmd.add_argument("--lines", action="store_true", help="also show the role the generator gave every line")
    return parser


def _run_build(args: argparse.Namespace) -> int:
    # the pipeline is imported only when there is work: importing it is most of the time of a
    # build that finds nothing changed
    report = None
    fingerprint = input_fingerprint(args.seeds, args.project)
    if not unchanged_since_last_build(args.out, fingerprint):
        from generator.build import build

        report = build(args.seeds, args.out, args.project, workers=args.jobs, fingerprint=fingerprint)
    if report is None or report.unchanged:
        print(f"nothing changed since the last build of {args.out}/: 0 files written")
        return EXIT_OK
    for error in report.skipped:
        print(f"skipped {error}", file=sys.stderr)
    result = report.written
    print(
        f"built {len(report.site.articles)} articles into {args.out}/: "
        f"{len(result.written)} files written, {len(result.unchanged)} unchanged, "
        f"{len(result.removed)} removed, {len(report.skipped)} articles skipped"
    )
    if args.strict and report.skipped:
        return EXIT_FAILED
    return EXIT_OK


def _run_extract(args: argparse.Namespace) -> int:
    from generator.extract import Resources, extract
    from generator.read import read_source
    from generator.render import article_meta

    resources = Resources.load()
    status = EXIT_OK
    for path in args.files:
        try:
            article = extract(read_source(path), resources)
        except SourceError as error:
            print(f"error: {error}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        print(json.dumps(article_meta(article), ensure_ascii=False))
    return status


def _run_report(args: argparse.Namespace) -> int:
    from generator.build import extract_all
    from generator.extract import Resources

    articles, errors = extract_all(args.seeds, Resources.load())
    for error in errors:
        print(f"{error.path.name}: SKIPPED: {error}")
    for article in sorted(articles, key=lambda a: a.id):
        print(f"{article.id}: {article.title}")
        if not article.doubts:
            print("  no doubts")
        for doubt in article.doubts:
            where = f" (line {doubt.line})" if doubt.line else ""
            print(f"  - {doubt.kind}{where}: {doubt.message}")
        if args.lines:
            for block in article.blocks:
                credit = f" [credit: {block.credit}]" if block.credit else ""
                print(f"    {block.line:>4} {block.role.value:<10} {block.text[:70]}{credit}")
    return EXIT_OK


def _run_translations(args: argparse.Namespace) -> int:
    from generator.build import extract_all
    from generator.extract import Resources
    from generator.translation import translation_status

    articles, errors = extract_all(args.seeds, Resources.load())
    for error in errors:
        print(f"{error.path.name}: SKIPPED: {error}")
    counts: dict[str, int] = {}
    for article in sorted(articles, key=lambda a: a.id):
        status = translation_status(article.translation, article.source_hash)
        counts[status] = counts.get(status, 0) + 1
        print(f"{status:<10} {article.id}  source_hash: {article.source_hash}  {article.title}")
    print(", ".join(f"{count} {status}" for status, count in sorted(counts.items())))
    return EXIT_OK


def _run_compile(args: argparse.Namespace) -> int:
    from generator.compiled import build

    print(build())
    return EXIT_OK


_COMMANDS = {"build": _run_build, "compile": _run_compile, "extract": _run_extract, "report": _run_report, "translations": _run_translations}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except (SourceError, WriteError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
