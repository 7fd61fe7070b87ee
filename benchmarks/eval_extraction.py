"""Score people and province extraction on hand-labelled passages; write the figures to BENCHMARKS.md.

Usage: .venv/bin/python benchmarks/eval_extraction.py [--no-write]

The passages (benchmarks/extraction_eval.yml) are not in seeds/: they measure how the rules
generalise. Precision = found and labelled / found; recall = found and labelled / labelled.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.extract import Resources, extract  # noqa: E402
from generator.model import Source  # noqa: E402

PASSAGES = Path(__file__).with_name("extraction_eval.yml")
BENCHMARKS = ROOT / "BENCHMARKS.md"
SECTION = "extraction"


def score(found: set[str], labelled: set[str]) -> tuple[int, int, int]:
    """Return (true positives, false positives, false negatives)."""
    return len(found & labelled), len(found - labelled), len(labelled - found)


def evaluate() -> tuple[dict[str, tuple[int, int, int]], list[str]]:
    """Return per-field totals and a line per miss or false alarm."""
    resources = Resources.load()
    totals = {"people": [0, 0, 0], "provinces": [0, 0, 0]}
    misses: list[str] = []
    passages = yaml.safe_load(PASSAGES.read_text(encoding="utf-8"))["passages"]
    for number, passage in enumerate(passages, start=1):
        # A title line first, so that the passage is read as the article's lead.
        source = Source(id=f"p{number}", path=PASSAGES, text="Bài đánh giá\n\n" + passage["text"].strip())
        article = extract(source, resources)
        found = {
            "people": {p.name for p in article.people},
            "provinces": {p.id for p in article.provinces},
        }
        for field, values in found.items():
            labelled = set(passage[field])
            tp, fp, fn = score(values, labelled)
            for index, value in enumerate((tp, fp, fn)):
                totals[field][index] += value
            if values - labelled:
                misses.append(f"passage {number} {field}: extra {sorted(values - labelled)}")
            if labelled - values:
                misses.append(f"passage {number} {field}: missed {sorted(labelled - values)}")
    return {k: tuple(v) for k, v in totals.items()}, misses, len(passages)


def table(totals: dict[str, tuple[int, int, int]], passages: int) -> str:
    rows = [
        f"Measured {dt.date.today().isoformat()} on {passages} hand-labelled passages "
        f"(`benchmarks/extraction_eval.yml`, none from `seeds/`), {os.cpu_count()} cores.",
        "Command: `.venv/bin/python benchmarks/eval_extraction.py`",
        "",
        "| field | labelled | found | correct | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for field, (tp, fp, fn) in totals.items():
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append(f"| {field} | {tp + fn} | {tp + fp} | {tp} | {precision:.2f} | {recall:.2f} | {f1:.2f} |")
    return "\n".join(rows)


def write_section(name: str, body: str, path: Path = BENCHMARKS) -> None:
    """Replace the text between `<!-- name:start -->` and `<!-- name:end -->` in BENCHMARKS.md."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{start}\n{body}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip("\n") + f"\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    totals, misses, passages = evaluate()
    print(table(totals, passages))
    print("\n".join(misses) or "no misses")
    if not args.no_write:
        write_section(SECTION, table(totals, passages))


if __name__ == "__main__":
    main()
