"""Measure the generator, the full build and page weight on synthetic corpora; write BENCHMARKS.md.

Usage: .venv/bin/python benchmarks/run_benchmarks.py [--sizes 100 1000 10000] [--no-write]

For each size N a deterministic corpus (benchmarks/synthetic.py) is written to a temporary
folder and `python -m generator build --seeds DIR --out DIR` is run in a subprocess:
cold (empty output folder, no extraction cache; twice, into two folders, and the faster build is
the figure), warm (nothing changed: the files whose mtime changed are
counted, there should be none) and after one article was edited (the generator's own
"N files written" and the mtimes). Extraction speed is timed by benchmarks/extraction_rate.py:
read, clean and extract over the corpus, one core, `EXTRACTION_RUNS` times, each in a fresh
process; the fastest run is the figure, and every run is shown (on a shared machine other
work only ever slows a run down). For the smaller sizes (--mkdocs-sizes) a copy of the
project (configurations, overrides, hand-written pages; tests/conftest.py's copy_project)
gets the corpus as its seeds/ and goes through the steps of `make build`: the generator, both
strict MkDocs builds and Pagefind, each timed. The smallest of those sites is weighed: home,
article and partner pages, and everything an article page downloads on first load.

Peak memory of a command is the larger of its own ru_maxrss (from os.wait4 on that child
only, so measurements never mix) and the sum of the proportional set sizes (PSS) of its
process tree, sampled from /proc every 50 ms: a parallel generator is several forked
processes, and PSS counts the pages they share once. Sampling takes CPU from the command
measured, so the cold and edited generator runs are timed without it; the cold peak memory
comes from a third cold run into a third folder.

Before each command, data earlier steps left unwritten is flushed, and no file is deleted
until the whole run is over (see `main`): on this project's benchmark machine both made the
next command's file writes several times slower. For the same reason a run waits before it
times anything while the disk is still slowed by files deleted before it started
(`settled_file_creation`).
Timings are figures, not tests: a run that fails or times out is reported as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests")]

from conftest import copy_project  # noqa: E402  (tests/conftest.py: what a project copy needs)
from eval_extraction import write_section  # noqa: E402
from generator.compiled import HOT_MODULES, compiled_modules  # noqa: E402
from generator.extract import EXTRACT_BATCH  # noqa: E402
from synthetic import DEFAULT_SEED, corpus_digest, generate_corpus  # noqa: E402

SECTION = "performance"
PYTHON = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
# The generator's summary line: "built 100 articles into out/: 2 files written, 1047 unchanged, 0 removed, …"
# or "nothing changed since the last build of out/: 0 files written".
WRITTEN = re.compile(r"(\d+) files? written")
REMOVED = re.compile(r"(\d+) removed")
EDIT_SENTENCE = " Câu này được thêm vào để đo lần dựng lại sau khi sửa một bài."

# The targets of issue 8.
COLD_SECONDS_10K = 30
COLD_MEMORY_10K_MB = 1024
EXTRACTION_RATE = 500
WARM_SHARE = 0.10
GENERATOR_SHARE = 0.15
FIRST_LOAD_KB = 350
ARTICLE_HTML_KB = 60
# Extraction is timed this many times at each size, each in a fresh process (see `time_extraction`).
EXTRACTION_RUNS = 3


# -- running a command ---------------------------------------------------------------------

@dataclass
class Run:
    """One command: wall time, peak memory, exit code (None: stopped at the timeout), output."""

    args: list[str]
    seconds: float
    peak_kb: int
    returncode: int | None
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def failure(self) -> str:
        if self.returncode is None:
            return f"timed out after {self.seconds:.0f} s"
        last = (self.stderr.strip().splitlines() or ["(no output)"])[-1]
        return f"failed (exit {self.returncode}: {last[:120]})"


def _children(pid: int) -> list[int]:
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found = []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as stream:
                found.extend(int(child) for child in stream.read().split())
        except OSError:
            pass
    return found


def _memory_kb(pid: int) -> int:
    """The process's proportional set size (pages shared with forked workers counted once overall), else its RSS."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}") as stream:
                for line in stream:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def _tree_rss_kb(root: int) -> int:
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _memory_kb(pid)
        todo.extend(_children(pid))
    return total


def measure(args: list[str], cwd: Path, timeout: float, sample_memory: bool = True) -> Run:
    """Run `args` in `cwd`; time it, sample its memory, stop its process group after `timeout` seconds.

    Whatever earlier steps left unwritten is flushed to disk first, untimed: the generator ends
    its write with one `syncfs`, which flushes the whole file system's data, not only its own.
    Sampling memory costs CPU the command then shares its cores with (reading the PSS of an
    850 MB process tree takes tens of milliseconds: a cold build at 10,000 articles measured
    47.0 s sampled and 41.8 s not): without `sample_memory`, the peak is only the largest
    process's own (ru_maxrss), and the time is the command's alone.
    """
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=out, stderr=err, start_new_session=True)
        peak = [0]
        done = threading.Event()
        timed_out = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

        def stop() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the group of the process started above, by its id
            except ProcessLookupError:
                pass

        sampler = threading.Thread(target=sample, daemon=True)
        timer = threading.Timer(timeout, stop)
        if sample_memory:
            sampler.start()
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        timer.cancel()
        done.set()
        if sample_memory:
            sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Run(
            args=args,
            seconds=seconds,
            peak_kb=max(peak[0], usage.ru_maxrss),  # ru_maxrss is in KiB on Linux
            returncode=None if timed_out.is_set() else proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def written_count(run: Run) -> int | None:
    match = WRITTEN.search(run.stdout)
    return int(match.group(1)) if match else None


def removed_count(run: Run) -> int | None:
    match = REMOVED.search(run.stdout)
    return int(match.group(1)) if match else 0 if WRITTEN.search(run.stdout) else None


def pages_and_bookkeeping(paths: list[str]) -> tuple[list[str], list[str]]:
    """Split changed files into pages and the generator's dot files (manifest, slug history), which MkDocs skips."""
    dot = [p for p in paths if any(part.startswith(".") for part in p.split("/"))]
    return [p for p in paths if p not in dot], dot


def changes_cell(written: int | None, removed: int | None, paths: list[str]) -> str:
    pages, dot = pages_and_bookkeeping(paths)
    cell = f"{written} / {len(pages)}"
    if dot:
        cell += f" (+{len(dot)} dot file{'s' if len(dot) > 1 else ''})"
    if removed:
        cell += f", {removed} removed"
    return cell


def mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def changed(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


# -- the generator at one size -------------------------------------------------------------

@dataclass
class GeneratorResult:
    size: int
    corpus_bytes: int = 0
    digest: str = ""
    cold: Run | None = None
    """Timed alone: its memory is not sampled (see `measure`). The warm and edited runs rebuild its folder."""
    cold_again: Run | None = None
    """A second cold build timed alone, into another folder (see `fastest_cold`)."""
    cold_memory: Run | None = None
    """A third cold build, into a third folder, its memory sampled."""
    cold_written: int | None = None
    warm: Run | None = None
    warm_written: int | None = None
    warm_mtime_changed: list[str] = field(default_factory=list)
    edit: Run | None = None
    edit_written: int | None = None
    edit_removed: int | None = None
    warm_removed: int | None = None
    edit_mtime_changed: list[str] = field(default_factory=list)
    edited_file: str = ""
    extract_runs: list[tuple[int, float]] = field(default_factory=list)
    """(articles, seconds) of each extraction timing (see `time_extraction`)."""
    extract_error: str = ""

    def fastest_cold(self) -> Run | None:
        """The faster of the two cold builds timed alone, the figure reported: other work on a
        shared machine only ever slows a build down (`cold` if the second was not run)."""
        runs = [run for run in (self.cold, self.cold_again) if run is not None and run.ok]
        return min(runs, key=lambda run: run.seconds) if runs else self.cold

    def extract_rates(self) -> list[float]:
        """Articles per second of each extraction timing, in the order they ran."""
        return [articles / seconds for articles, seconds in self.extract_runs if seconds]

    def extract_rate(self) -> float | None:
        """The fastest of `extract_rates`: the figure reported (None without a timing)."""
        return max(self.extract_rates(), default=None)


def edit_one_article(corpus: Path) -> tuple[Path, bytes]:
    """Append a sentence to the last body paragraph of the middle article (its lead and people stay).

    Return the file and its bytes before the edit.
    """
    paths = sorted(corpus.glob("*.txt"))
    path = paths[len(paths) // 2]
    original = path.read_bytes()
    lines = original.decode("utf-8").split("\n")
    long = [i for i, line in enumerate(lines) if len(line) > 200]
    target = long[-1] if len(long) > 1 else long[0]
    lines[target] += EDIT_SENTENCE
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path, original


def time_extraction(corpus: Path, budget: float, result: GeneratorResult) -> None:
    """Time read + clean + extract over `corpus`, one core, `EXTRACTION_RUNS` times, each in a
    fresh process (benchmarks/extraction_rate.py) for at most about `budget` seconds."""
    for _ in range(EXTRACTION_RUNS):
        run = subprocess.run([PYTHON, str(ROOT / "benchmarks" / "extraction_rate.py"), str(corpus), "--budget", str(budget)],
                             cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0:  # the generator is being edited by others: a figure, not a crash
            result.extract_error = (run.stderr.strip().splitlines() or [f"exit status {run.returncode}"])[-1]
            return
        timed = json.loads(run.stdout)
        result.extract_runs.append((timed["articles"], timed["seconds"]))


def rerun(command: list[str], out: Path, timeout: float, sample_memory: bool) -> tuple[Run, int | None, int | None, list[str]]:
    """Run the generator again on its output: the run, files written and removed, files whose mtime changed."""
    before = mtimes(out)
    run = measure(command, ROOT, timeout, sample_memory)
    return run, written_count(run), removed_count(run), changed(before, mtimes(out))


def bench_generator(size: int, work: Path, seed: int, timeout: float, budget: float) -> GeneratorResult:
    result = GeneratorResult(size)
    corpus, out = work / f"corpus-{size}", work / f"out-{size}"
    paths = generate_corpus(size, corpus, seed)
    result.corpus_bytes = sum(p.stat().st_size for p in paths)
    result.digest = corpus_digest(paths)[:16]

    def building(folder: Path) -> list[str]:
        return [PYTHON, "-m", "generator", "build", "--seeds", str(corpus), "--out", str(folder)]

    command = building(out)
    log(f"[{size}] corpus {result.corpus_bytes / 1e6:.1f} MB, sha256 {result.digest}; cold run")
    result.cold = measure(command, ROOT, timeout, sample_memory=False)
    result.cold_written = written_count(result.cold)
    result.cold_memory = result.cold
    log(f"[{size}] cold {result.cold.seconds:.1f} s, {result.cold.stdout.strip() or result.cold.failure()}")
    if result.cold.ok:
        result.cold_again = measure(building(work / f"out-{size}-again"), ROOT, timeout, sample_memory=False)
        log(f"[{size}] cold again into another folder: {secs(result.cold_again)}")
        result.cold_memory = measure(building(work / f"out-{size}-memory"), ROOT, timeout)
        log(f"[{size}] cold a third time into a third folder, memory sampled: {result.cold_memory.seconds:.1f} s, "
            f"{result.cold_memory.peak_kb / 1024:.0f} MB")
        result.warm, result.warm_written, result.warm_removed, result.warm_mtime_changed = rerun(command, out, timeout, True)
        log(f"[{size}] warm {result.warm.seconds:.1f} s, {result.warm.stdout.strip() or result.warm.failure()}; "
            f"mtime changed: {len(result.warm_mtime_changed)} {result.warm_mtime_changed[:10]}")
        edited, original = edit_one_article(corpus)
        result.edited_file = edited.name
        result.edit, result.edit_written, result.edit_removed, result.edit_mtime_changed = rerun(command, out, timeout, False)
        log(f"[{size}] one article edited ({result.edited_file}) {result.edit.seconds:.1f} s, "
            f"{result.edit.stdout.strip() or result.edit.failure()}; mtime changed: {result.edit_mtime_changed}")
        edited.write_bytes(original)  # the corpus as it was, for the in-process timing
    time_extraction(corpus, budget, result)
    if result.extract_error:
        log(f"[{size}] extraction timing failed: {result.extract_error}")
    else:
        log(f"[{size}] extraction " + ", ".join(f"{a} articles in {s:.1f} s" for a, s in result.extract_runs))
    return result  # its files stay until the whole run is over: see `main`


# -- the full build at one size ------------------------------------------------------------

@dataclass
class BuildResult:
    size: int
    steps: dict[str, Run] = field(default_factory=dict)
    pages_vi: int = 0
    pages_en: int = 0
    html_bytes: int = 0
    markdown_bytes: int = 0
    site: Path | None = None

    @property
    def ok(self) -> bool:
        return len(self.steps) == len(BUILD_STEPS) and all(run.ok for run in self.steps.values())


BUILD_STEPS = {
    "generator": ["-m", "generator", "build"],
    "mkdocs (vi)": ["-m", "mkdocs", "build", "--strict", "--quiet"],
    "mkdocs (en)": ["-m", "mkdocs", "build", "--strict", "--quiet", "-f", "mkdocs.en.yml"],
    "pagefind": ["-m", "pagefind", "--site", "site", "--quiet"],
}


def bench_build(size: int, work: Path, seed: int, timeout: float) -> BuildResult:
    result = BuildResult(size)
    (work / f"project-{size}").mkdir()
    project = copy_project(work / f"project-{size}")
    shutil.rmtree(project / "seeds")
    generate_corpus(size, project / "seeds", seed)
    for name, args in BUILD_STEPS.items():
        run = measure([PYTHON, *args], project, timeout)
        result.steps[name] = run
        log(f"[{size}] {name}: {run.seconds:.1f} s, {run.peak_kb / 1024:.0f} MB" + ("" if run.ok else f", {run.failure()}"))
        if not run.ok:
            break
    site = project / "site"
    if site.is_dir():
        result.site = site
        result.pages_en = sum(1 for _ in (site / "en").rglob("*.html")) if (site / "en").is_dir() else 0
        result.pages_vi = sum(1 for _ in site.rglob("*.html")) - result.pages_en
        result.html_bytes = sum(p.stat().st_size for p in site.rglob("*.html"))
    result.markdown_bytes = sum(p.stat().st_size for p in (project / "docs").rglob("*.md"))
    return result


# -- page weight ---------------------------------------------------------------------------

class _Resources(HTMLParser):
    """The files a page makes a browser download, and whether its text is set in italics."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.italic = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").lower().split()
        if tag == "link" and "stylesheet" in rel and a.get("href"):
            self.urls.append(("css", a["href"]))
        elif tag == "link" and ("icon" in rel or ("preload" in rel and a.get("as") == "font")) and a.get("href"):
            self.urls.append(("icon" if "icon" in rel else "font", a["href"]))
        elif tag == "script" and a.get("src"):
            self.urls.append(("js", a["src"]))
        elif tag == "img" and a.get("src") and not a["src"].startswith("data:"):
            self.urls.append(("image", a["src"]))
        if tag in ("em", "i", "cite") or "caption" in a.get("class", "").split():
            self.italic = True
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


_FONT_FACE = re.compile(r"@font-face\s*{(.*?)}", re.S)
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")


def _in_ranges(chars: set[str], ranges: str) -> bool:
    """Does any of `chars` fall in a CSS unicode-range ("U+0000-00FF, U+0131")?"""
    points = {ord(c) for c in chars}
    for part in ranges.split(","):
        part = part.strip().upper().removeprefix("U+")
        if "?" in part:
            low, high = int(part.replace("?", "0"), 16), int(part.replace("?", "F"), 16)
        elif "-" in part:
            low, high = (int(x, 16) for x in part.split("-"))
        else:
            low = high = int(part, 16)
        if any(low <= p <= high for p in points):
            return True
    return False


def _fonts_used(css: str, css_url: str, chars: set[str], italic: bool) -> list[str]:
    """The woff2 files of the @font-face rules a page with these characters downloads."""
    fonts = []
    for block in _FONT_FACE.findall(css):
        style = re.search(r"font-style:\s*(\w+)", block)
        if style and style.group(1) == "italic" and not italic:
            continue
        ranges = re.search(r"unicode-range:\s*([^;]+)", block)
        if ranges and not _in_ranges(chars, ranges.group(1)):
            continue
        woff2 = [u for u in _URL.findall(block) if u.split("?")[0].endswith(".woff2")]
        if woff2:
            fonts.append(urljoin(css_url, woff2[0]))
    return fonts


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


@dataclass
class Weight:
    page: str
    raw: int
    gzip: int


def page_weight(site: Path, page: Path) -> Weight:
    data = page.read_bytes()
    folder = page.relative_to(site).parent.as_posix()
    return Weight("/" if folder == "." else f"/{folder}/", len(data), gz(data))


def first_load(site: Path, page: Path) -> list[tuple[str, str, int, int]]:
    """(kind, site path, raw bytes, transferred bytes) of the page and every file it downloads first.

    Text files (HTML, CSS, JS) count gzip -9; woff2 and images are compressed already and count raw.
    """
    page_url = "/" + page.relative_to(site).as_posix()
    html = page.read_bytes()
    parser = _Resources()
    parser.feed(html.decode("utf-8"))
    chars = set("".join(parser.text))
    files = [("html", page_url, len(html), gz(html))]
    seen = {page_url}
    for kind, url in parser.urls:
        if urlsplit(url).scheme or url.startswith("//"):
            files.append((kind, url, 0, 0))  # another host: should never happen (README)
            continue
        absolute = urlsplit(urljoin(page_url, url)).path
        path = site / absolute.lstrip("/")
        if absolute in seen or not path.is_file():
            continue
        seen.add(absolute)
        data = path.read_bytes()
        files.append((kind, absolute, len(data), gz(data) if kind in ("css", "js") else len(data)))
        if kind == "css":
            for font in _fonts_used(data.decode("utf-8", "replace"), absolute, chars, parser.italic):
                font_path = site / urlsplit(font).path.lstrip("/")
                if font not in seen and font_path.is_file():
                    seen.add(font)
                    files.append(("font", font, font_path.stat().st_size, font_path.stat().st_size))
    return files


@dataclass
class WeightResult:
    articles: int
    home: Weight
    article_median: Weight
    article_largest: Weight
    partner_median: Weight
    partner_largest: Weight
    load: list[tuple[str, str, int, int]]


def weigh(site: Path, articles: int) -> WeightResult:
    def pages(section: str) -> list[Weight]:
        found = [page_weight(site, p) for p in sorted((site / section).glob("*/index.html"))]
        return sorted(found, key=lambda w: (w.raw, w.page))

    article_pages, partner_pages = pages("articles"), pages("partners")
    median = article_pages[len(article_pages) // 2]
    return WeightResult(
        articles=articles,
        home=page_weight(site, site / "index.html"),
        article_median=median,
        article_largest=article_pages[-1],
        partner_median=partner_pages[len(partner_pages) // 2],
        partner_largest=partner_pages[-1],
        load=first_load(site, site / median.page.strip("/") / "index.html"),
    )


# -- the report ----------------------------------------------------------------------------

def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def secs(run: Run | None) -> str:
    if run is None:
        return "not run"
    return f"{run.seconds:.1f} s" if run.ok else run.failure()


def mem(run: Run | None) -> str:
    if run is None:
        return "—"
    if run.returncode is None:
        return f"≥ {run.peak_kb / 1024:.0f} MB when stopped"
    return f"{run.peak_kb / 1024:.0f} MB"


def cold_cell(result: GeneratorResult) -> str:
    """"29.1 s (29.1, 29.8 s)": the faster cold build, then both in turn."""
    if result.cold_again is None or not (result.cold and result.cold.ok and result.cold_again.ok):
        return secs(result.fastest_cold())
    return f"{secs(result.fastest_cold())} ({result.cold.seconds:.1f}, {result.cold_again.seconds:.1f} s)"


def extraction_cell(result: GeneratorResult) -> str:
    """"561 (548, 561, 556; 1,000 articles a run in 1.8 s)": the fastest run, then every run in turn."""
    rates = ", ".join(f"{rate:.0f}" for rate in result.extract_rates())
    articles, seconds = min(result.extract_runs, key=lambda run: run[1] / run[0])
    return f"{result.extract_rate():.0f} ({rates}; {articles:,} articles a run in {seconds:.1f} s)"


def verdict(values: list[bool | None]) -> str:
    """"yes" when every measured value meets its target, "**no**" when one does not."""
    measured = [v for v in values if v is not None]
    if not measured:
        return "not measured"
    if not all(measured):
        return "**no**"
    return "yes" if len(measured) == len(values) else "yes, where measured"


def cold_memory_met(run: Run | None) -> bool | None:
    if run is None:
        return None
    over = run.peak_kb / 1024 >= COLD_MEMORY_10K_MB
    if run.returncode is None:
        return False if over else None  # stopped early: only a breach is known
    return run.ok and not over


def generator_table(results: list[GeneratorResult]) -> list[str]:
    by_size = {r.size: r for r in results}
    big = by_size.get(10_000)
    head = "| measure | " + " | ".join(f"{r.size:,} articles" for r in results) + " | target (issue 8) | met |"
    rows = [head, "|---" * (len(results) + 3) + "|"]

    def row(name: str, cells: list[str], target: str, met: str) -> None:
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {target} | {met} |")

    cold_ok = [r.cold is not None and r.cold.ok for r in results]
    cold_time = None
    fastest = big.fastest_cold() if big else None
    if fastest and (fastest.ok or fastest.returncode is None):  # a run stopped at the timeout is a figure
        cold_time = fastest.ok and fastest.seconds < COLD_SECONDS_10K
    row("cold (empty output): wall time, the faster of 2 builds", [cold_cell(r) for r in results],
        f"< {COLD_SECONDS_10K} s at 10,000", verdict([cold_time]))
    row("cold: peak memory", [mem(r.cold_memory) for r in results], "< 1 GB at 10,000",
        verdict([cold_memory_met(big.cold_memory if big else None)]))
    row("cold: files written", [str(r.cold_written) if r.cold_written is not None else "—" for r in results], "—", "—")
    shares = [r.warm.seconds / r.fastest_cold().seconds if r.warm and r.warm.ok and ok else None for r, ok in zip(results, cold_ok)]
    row("warm (nothing changed): wall time, share of cold",
        [f"{secs(r.warm)} ({s:.0%})" if s is not None else secs(r.warm) for r, s in zip(results, shares)],
        "< 10% of cold", verdict([s < WARM_SHARE if s is not None else None for s in shares]))
    row("warm: peak memory", [mem(r.warm) for r in results], "—", "—")
    row("warm: files written (generator's report) / files whose mtime changed",
        [changes_cell(r.warm_written, r.warm_removed, r.warm_mtime_changed) if r.warm and r.warm.ok else "—" for r in results],
        "0 / 0", verdict([r.warm_written == 0 and not r.warm_mtime_changed if r.warm and r.warm.ok else None for r in results]))
    row("one article edited: wall time", [secs(r.edit) for r in results], "—", "—")
    row("one article edited: files written (generator's report) / pages whose mtime changed",
        [changes_cell(r.edit_written, r.edit_removed, r.edit_mtime_changed) if r.edit and r.edit.ok else "—" for r in results],
        "only its dependants: 2 / 2 (the article, vi + en) for a body edit",
        verdict([r.edit_written == len(pages_and_bookkeeping(r.edit_mtime_changed)[0]) == 2 and not r.edit_removed
                 if r.edit and r.edit.ok else None for r in results]))
    rates = [None if r.extract_error else r.extract_rate() for r in results]
    row(f"extraction (read + clean + extract), articles/s per core: the fastest of {EXTRACTION_RUNS} runs",
        [extraction_cell(r) if rate else (r.extract_error[:60] or "—") for rate, r in zip(rates, results)],
        f"≥ {EXTRACTION_RATE}", verdict([rate >= EXTRACTION_RATE if rate else None for rate in rates]))
    return rows


def build_table(builds: list[BuildResult]) -> list[str]:
    head = "| step | " + " | ".join(f"{b.size:,} articles" for b in builds) + " | target (issue 8) | met |"
    rows = [head, "|---" * (len(builds) + 3) + "|"]
    for name, args in BUILD_STEPS.items():
        cells = [secs(b.steps.get(name)) for b in builds]
        rows.append(f"| `{' '.join(args[1:])}` | " + " | ".join(cells) + " | — | — |")
    totals = [sum(r.seconds for r in b.steps.values()) if b.ok else None for b in builds]
    rows.append("| total | " + " | ".join(f"{t:.1f} s" if t else "—" for t in totals) + " | — | — |")
    shares = [b.steps["generator"].seconds / t if t else None for b, t in zip(builds, totals)]
    at_1000 = [s for b, s in zip(builds, shares) if b.size == 1000]
    rows.append("| generator's share of the total | " + " | ".join(f"{s:.0%}" if s is not None else "—" for s in shares)
                + f" | < {GENERATOR_SHARE:.0%} at 1,000 | {verdict([s < GENERATOR_SHARE if s is not None else None for s in at_1000])} |")
    # The corpus is what grows: MkDocs grows linearly when its time per article stays the same.
    mkdocs_seconds = []
    for b in builds:
        mk = [b.steps.get(n) for n in ("mkdocs (vi)", "mkdocs (en)")]
        mkdocs_seconds.append(sum(r.seconds for r in mk) if all(r and r.ok for r in mk) else None)
    per_article = [t / b.size * 1000 if t else None for b, t in zip(builds, mkdocs_seconds)]
    per_page = [t / (b.pages_vi + b.pages_en) * 1000 if t and b.pages_vi else None for b, t in zip(builds, mkdocs_seconds)]
    linear = None
    if len(per_article) > 1 and all(per_article):
        linear = per_article[-1] <= per_article[0] * 1.25
    rows.append("| MkDocs time per article of the corpus, both languages | " + " | ".join(f"{p:.1f} ms" if p else "—" for p in per_article)
                + " | grows no worse than linearly (about constant per article) | " + verdict([linear]) + " |")
    rows.append("| MkDocs time per HTML page, both languages | " + " | ".join(f"{p:.1f} ms" if p else "—" for p in per_page) + " | — | — |")
    rows.append("| HTML pages built (vi + en) | " + " | ".join(f"{b.pages_vi:,} + {b.pages_en:,}" for b in builds) + " | — | — |")
    rows.append("| Markdown in, HTML out (both languages) | " + " | ".join(
        f"{b.markdown_bytes / 2**20:.1f} MB → {b.html_bytes / 2**20:.1f} MB" for b in builds) + " | — | — |")
    rows.append("| HTML per page, average | " + " | ".join(
        f"{b.html_bytes / (b.pages_vi + b.pages_en) / 1024:.1f} KB" if b.pages_vi + b.pages_en else "—" for b in builds) + " | — | — |")
    def largest(b: BuildResult) -> str:
        name, run = max(b.steps.items(), key=lambda item: item[1].peak_kb)
        return f"{run.peak_kb / 1024:.0f} MB ({name})"

    rows.append("| peak memory, largest step | " + " | ".join(largest(b) if b.steps else "—" for b in builds) + " | — | — |")
    return rows


def weight_table(w: WeightResult) -> list[str]:
    rows = [
        "| page | HTML raw | HTML gzip -9 | target (issue 8) | met |",
        "|---|---|---|---|---|",
        f"| home `{w.home.page}` | {kb(w.home.raw)} | {kb(w.home.gzip)} | — | — |",
    ]
    for label, page in (("article, median", w.article_median), ("article, largest", w.article_largest)):
        rows.append(f"| {label} `{page.page}` | {kb(page.raw)} | {kb(page.gzip)} | < {ARTICLE_HTML_KB} KB raw | "
                    f"{verdict([page.raw < ARTICLE_HTML_KB * 1024])} |")
    for label, page in (("partner, median", w.partner_median), ("partner, largest", w.partner_largest)):
        rows.append(f"| {label} `{page.page}` | {kb(page.raw)} | {kb(page.gzip)} | — | — |")
    total = sum(f[3] for f in w.load)
    rows.append(f"| **first load of the median article page**: HTML + CSS + JS + fonts + icon, transferred | "
                f"{kb(sum(f[2] for f in w.load))} | {kb(total)} | ≤ {FIRST_LOAD_KB} KB | {verdict([total <= FIRST_LOAD_KB * 1024])} |")
    return rows


def load_breakdown(w: WeightResult) -> str:
    parts = []
    for kind, url, raw, sent in w.load:
        name = url.rsplit("/", 1)[-1] if kind != "html" else "the page"
        parts.append(f"{name} {kb(sent)}" if raw == sent else f"{name} {kb(sent)} ({kb(raw)} raw)")
    return "; ".join(parts)


def code_state() -> str:
    """The commit measured, and whether generator/ had uncommitted changes (read-only git commands)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "overrides", "mkdocs.yml"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except OSError:
        return "code: unknown (no git)"
    running = compiled_modules()
    how = f"{len(running)} of the {len(HOT_MODULES)} hot modules compiled by Cython (`generator/compiled.py`)" if running else "plain Python (no compiled modules)"
    return f"code: commit {head}" + (" with uncommitted changes to generator/, overrides/ or mkdocs.yml" if dirty else "") + f", run as {how}"


def report(gens: list[GeneratorResult], builds: list[BuildResult], weight: WeightResult | None,
           command: str, seed: int, timeout: float, context: str) -> str:
    cores = os.cpu_count()
    lines = [
        "## Performance (issue 8)",
        "",
        f"Measured {dt.date.today().isoformat()} on a machine with {cores} cores "
        f"({platform.processor() or platform.machine()}, Python {platform.python_version()}), on synthetic corpora from "
        f"`benchmarks/synthetic.py` (seed {seed}; about {statistics.mean(g.corpus_bytes / g.size for g in gens) / 1024:.0f} KB "
        "of text per article, people, provinces, partners and dates drawn from `generator/data/`).",
        f"Command: `{command}`",
        "",
        context,
        "",
        "### Generator: `python -m generator build --seeds DIR --out DIR`",
        "",
        *generator_table(gens),
        "",
        "Cold: empty output folder, built twice (each time into another folder), the faster figure shown first. Warm: the same command again, nothing changed. One article edited: a sentence "
        "appended to a body paragraph of one article. Peak memory: the command's process tree (PSS summed over "
        "forked workers), sampled every 50 ms; sampling takes CPU from the command, so the cold and edited runs are "
        "timed unsampled, and the cold peak memory is that of a third cold build into a third folder. Extraction: timed over the corpus (at most a time budget) in one process, so one core, "
        f"in batches of {EXTRACT_BATCH} articles as the generator's workers take them, {EXTRACTION_RUNS} times, each in a "
        "fresh process (`benchmarks/extraction_rate.py`); the figure is the fastest run, as other work on a shared machine "
        "only ever slows a run down, and every run is shown after it. The generator itself may use every core.",
    ]
    for g in gens:
        for name, run in (("cold", g.cold), ("warm", g.warm), ("edit", g.edit)):
            if run is not None and run.returncode is None:
                rate = g.extract_rate()
                estimate = f"; at the measured extraction rate, extraction alone would take about {g.size / rate:.0f} s" if rate else ""
                lines += ["", f"**Finding:** the {name} run at {g.size:,} articles was stopped at the {timeout:.0f} s timeout, "
                              f"using {run.peak_kb / 1024:.0f} MB by then{estimate}; the measures after it at that size were not run."]
    if builds:
        lines += [
            "",
            "### Full build: the steps of `make build` in a copy of the project",
            "",
            *build_table(builds),
        ]
    if weight:
        lines += [
            "",
            f"### Page weight: the {weight.articles}-article site (Vietnamese)",
            "",
            *weight_table(weight),
            "",
            f"First load: {load_breakdown(weight)}. HTML, CSS and JS count gzip -9; woff2 fonts and the icon are "
            "compressed already and count as they are. Fonts: the `@font-face` rules whose `unicode-range` covers a "
            "character of the page (italic ones only when the page has italic text).",
        ]
    return "\n".join(lines)


PROBE_FILES = 5000
# Creating `PROBE_FILES` files slower than this means a disk slowed by a recent deletion: about
# 0.2 s on the machine of the figures when it is not, several seconds when it is.
SLOW_PROBE_SECONDS = 1.0
# How long a run waits, at most, for such a disk to recover before it times anything.
SETTLE_MINUTES = 8


def file_creation_seconds(folder: Path) -> float:
    """Seconds to create `PROBE_FILES` files of a page's size in `folder`, kept until the run's end.

    Within minutes of thousands of files being deleted, creating files is several times slower
    on some disks (see `main`): a cold build, which creates tens of thousands, is then slower
    too. Measured before the run, this tells a reader whether the run was taken in such a while.
    """
    folder.mkdir()
    page = b"x" * 12_000
    start = time.perf_counter()
    for number in range(PROBE_FILES):
        (folder / f"{number:05d}.md").write_bytes(page)
    return time.perf_counter() - start


def settled_file_creation(work: Path, minutes: float) -> list[float]:
    """Probe file creation (`file_creation_seconds`) until it is no longer slow, for at most `minutes`; every probe's seconds.

    On ext4 without a journal (this project's benchmark machine) the kernel skips the inodes
    freed in the last minutes while it looks for a free one, checking each: a file created
    just after thousands were deleted (the last benchmark's cleanup, a test run) costs
    milliseconds instead of microseconds, until the deletions are minutes old and on disk. So a
    slow probe is followed by a flush of the disk and a minute's wait, and another probe.
    """
    probes = [file_creation_seconds(work / "probe")]
    deadline = time.monotonic() + 60 * minutes
    while probes[-1] > SLOW_PROBE_SECONDS and time.monotonic() + 60 < deadline:
        log(f"creating {PROBE_FILES} files took {probes[-1]:.2f} s: the disk is slowed; waiting a minute")
        os.sync()
        time.sleep(60)
        probes.append(file_creation_seconds(work / f"probe-{len(probes) + 1}"))
    return probes


def probes_text(probes: list[float], minutes: float) -> str:
    """The probes for the report's header: "creating 5,000 files of 12 KB took 0.21 s before the run"."""
    times = ", ".join(f"{p:.2f}" for p in probes[:-1]) + (" and " if len(probes) > 1 else "") + f"{probes[-1]:.2f} s"
    apart = ", a minute apart," if len(probes) > 1 else ""
    return (
        f"creating {PROBE_FILES:,} files of 12 KB took {times}{apart} before the run (a disk slowed by a recent deletion "
        "takes several times its usual time for this, and cold builds are slower with it: "
        + (f"a run waits, up to {minutes:g} minutes, while it takes over {SLOW_PROBE_SECONDS:g} s" if minutes else "this run was told not to wait")
        + "; see README)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000], help="corpus sizes for the generator")
    parser.add_argument("--mkdocs-sizes", type=int, nargs="*", default=[100, 1000], help="corpus sizes for the full build")
    parser.add_argument("--timeout", type=float, default=600, help="seconds after which one generator run is stopped")
    parser.add_argument("--build-timeout", type=float, default=1800, help="the same for one step of the full build")
    parser.add_argument("--extract-budget", type=float, default=30, help="seconds after which an extraction timing (each of its runs) starts no new batch")
    parser.add_argument("--settle-minutes", type=float, default=SETTLE_MINUTES,
                        help="at most this long, wait for a disk slowed by a recent deletion before timing (0: do not wait)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (its path is printed)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()
    command = " ".join([".venv/bin/python benchmarks/run_benchmarks.py", *sys.argv[1:]]).replace(" --no-write", "")

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="benchmarks-"))
    log(f"working in {work}")
    try:
        probes = settled_file_creation(work, args.settle_minutes)
        log(f"creating {PROBE_FILES} files took {probes[-1]:.2f} s")
        builds = [bench_build(n, work, args.seed, args.build_timeout) for n in sorted(args.mkdocs_sizes)]
        gens = [bench_generator(n, work, args.seed, args.timeout, args.extract_budget) for n in sorted(args.sizes)]
        built = [b for b in builds if b.ok and b.site]
        weight = weigh(built[0].site, built[0].size) if built else None
        context = (
            f"{code_state()}; load average (1 min) {load_before:.1f} before and {os.getloadavg()[0]:.1f} after the "
            f"run (above 0 means other work shared the {os.cpu_count()} cores: timings are noisy); {probes_text(probes, args.settle_minutes)}; "
            f"the whole run took {(time.perf_counter() - started) / 60:.0f} min."
        )
        text = report(gens, builds, weight, command, args.seed, args.timeout, context)
    finally:
        # Nothing is deleted before the end of the run. On ext4 without a journal (this project's
        # benchmark machine) a file created within minutes of thousands being deleted costs
        # milliseconds instead of microseconds: allocating its inode skips every recently freed
        # one (the kernel's find_inode_bit and recently_deleted). Removing one size's output
        # before timing the next made the next pay for the benchmark's own cleanup.
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(text)
    if not args.no_write:
        write_section(SECTION, text)
        log(f"wrote the {SECTION!r} section of BENCHMARKS.md")


if __name__ == "__main__":
    main()
