"""Time read + clean + extract over a corpus in this process, on one core; print articles and seconds.

Usage: .venv/bin/python benchmarks/extraction_rate.py CORPUS_DIR [--budget SECONDS]

The articles are taken in batches of `EXTRACT_BATCH`, as the generator's workers take them,
until the corpus or the budget runs out. `run_benchmarks.py` runs this a few times, each in a
fresh process, so that every run starts from empty tables and caches, as a worker does, and no
run inherits another's memory.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.extract import EXTRACT_BATCH, Resources, extract_many  # noqa: E402
from generator.read import read_source  # noqa: E402


def time_extraction(corpus: Path, budget: float) -> tuple[int, float]:
    """The articles of `corpus` read, cleaned and extracted within about `budget` seconds, and the seconds taken."""
    resources = Resources.load()
    paths = sorted(corpus.glob("*.txt"))
    articles = 0
    start = time.perf_counter()
    for first in range(0, len(paths), EXTRACT_BATCH):
        batch = paths[first : first + EXTRACT_BATCH]
        extract_many([read_source(path) for path in batch], resources)
        articles += len(batch)
        if time.perf_counter() - start > budget:
            break
    return articles, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--budget", type=float, default=30, help="seconds after which no new batch is started")
    args = parser.parse_args()
    articles, seconds = time_extraction(args.corpus, args.budget)
    print(json.dumps({"articles": articles, "seconds": seconds}))


if __name__ == "__main__":
    main()
