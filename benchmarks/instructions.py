"""Instructions executed per article while extracting: a yardstick that machine noise does not move.

Usage: .venv/bin/python benchmarks/instructions.py [--articles N] [--seed S]

Wall and CPU time on a shared machine vary by 10–30% from run to run, as much as any one
change to the extraction is now worth. The instructions the CPU executes do not vary: valgrind
counts them (cachegrind without its cache simulation), with hash randomisation fixed so that
sets and dicts are laid out the same each time. This script extracts the first N articles of
a synthetic corpus (`synthetic.py`) as the benchmark does (read, clean, extract, in batches)
and, to leave out starting Python and loading the resources, subtracts a run that extracts
none. Compare the figure before and after a change; then confirm a gain in wall time with
`run_benchmarks.py`, since instructions are not time (a cache miss costs many).

Needs valgrind (Debian: `apt-get install valgrind`); it is not a dependency of the project.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from synthetic import DEFAULT_SEED, generate_corpus

ROOT = Path(__file__).resolve().parent.parent

# The child's work: load the resources, then extract the first `count` articles of `corpus`.
EXTRACTING = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
from generator.extract import EXTRACT_BATCH, Resources, extract_many
from generator.read import read_source
resources = Resources.load()
paths = sorted(Path({corpus!r}).glob("*.txt"))[:{count}]
for first in range(0, len(paths), EXTRACT_BATCH):
    extract_many([read_source(path) for path in paths[first : first + EXTRACT_BATCH]], resources)
"""

# cachegrind's summary line: "==123== I   refs:      19,551,004,321"
_INSTRUCTIONS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(corpus: Path, count: int) -> int:
    """Instructions executed by a Python that loads the resources and extracts `count` articles."""
    code = EXTRACTING.format(root=str(ROOT), corpus=str(corpus), count=count)
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = _INSTRUCTIONS.search(result.stderr)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"valgrind failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="articles to extract (about 5 s of valgrind each 100)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="instructions-") as work:
        corpus = Path(work) / "corpus"
        generate_corpus(args.articles, corpus, args.seed)
        loading = instructions(corpus, 0)
        extracting = instructions(corpus, args.articles)
    per_article = (extracting - loading) / args.articles
    print(f"{per_article / 1e6:.3f} million instructions per article "
          f"({args.articles} articles, seed {args.seed}; loading alone {loading / 1e9:.2f} billion)")


if __name__ == "__main__":
    main()
