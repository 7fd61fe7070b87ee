"""Run every bad input, fault and hostile text of issue 7 through the command line; write the table in RELIABILITY.md.

Usage: .venv/bin/python benchmarks/reliability_catalogue.py [--quick] [--print]

Each case runs `python -m generator build` (and, for hostile text, `mkdocs build --strict`) in a
fresh temporary project, the way an editor would, and records what came out: the page built,
the line the build printed, or the state docs/ was left in. `--quick` leaves out the two slow
measurements (an uncapped 20 MB article, a line of capitalised words); `--print` prints the
table instead of rewriting RELIABILITY.md between its catalogue markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from generator import write  # noqa: E402
from samples.cases import ARTICLE, INPUT_CASES, SIDECAR_CASES, to_vni  # noqa: E402

RELIABILITY = ROOT / "RELIABILITY.md"
START, END = "<!-- catalogue:start -->", "<!-- catalogue:end -->"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
Row = tuple[str, str, str, str]  # group, case, outcome, seconds


def run(args: list[str], cwd: Path, env: dict | None = None, timeout: float = 600) -> tuple[subprocess.CompletedProcess | None, float]:
    start = time.monotonic()
    try:
        result = subprocess.run(args, cwd=cwd, env=env or ENV, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - start
    return result, time.monotonic() - start


def build(cwd: Path, *extra: str, timeout: float = 600, code: str | None = None) -> tuple[subprocess.CompletedProcess | None, float]:
    """`python -m generator build` in `cwd`, or the same through `code` that patches the generator first."""
    if code:
        return run([sys.executable, "-c", code, str(ROOT), *extra], cwd, timeout=timeout)
    return run([sys.executable, "-m", "generator", "build", "--project", str(ROOT), *extra], cwd, timeout=timeout)


def project(base: Path, name: str) -> Path:
    root = base / name
    (root / "seeds").mkdir(parents=True)
    return root


def lines_of(result: subprocess.CompletedProcess, prefix: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(prefix)]


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def code(text: str) -> str:
    """`text` as a Markdown code span, whatever backticks it holds."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or fence != "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def article_titles(docs: Path) -> list[str]:
    titles = []
    for page in sorted((docs / "articles").glob("*.md")):
        match = re.search(r"^title: (.*)$", page.read_text(encoding="utf-8"), re.M)
        if page.name != "index.md" and match:
            titles.append(match[1].strip("'\""))
    return titles


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else None for p in sorted(folder.rglob("*"))}


# --- inputs -----------------------------------------------------------------------------------


def input_rows(base: Path) -> list[Row]:
    rows = []
    for case in INPUT_CASES:
        root = project(base, f"input-{len(rows)}")
        (root / "seeds" / case.name).write_bytes(case.content())
        (root / "seeds" / "bai-khac.txt").write_text("Một bài khác\n\nNội dung của một bài khác.\n", encoding="utf-8")
        result, seconds = build(root)
        skipped = lines_of(result, "skipped ")
        converted = lines_of(result, "converted ")
        if skipped:
            outcome = f"refused, the other article built: {code(skipped[0].removeprefix('skipped '))}"
        else:
            titles = [t for t in article_titles(root / "docs") if t != "Một bài khác"]
            outcome = f"built: “{titles[0]}”" + (f"; {code(converted[0])}" if converted else "")
        rows.append(("input", case.id, outcome, f"{seconds:.1f}"))
    return rows


def size_rows(base: Path, quick: bool) -> list[Row]:
    rows = []
    sentence = ARTICLE.split("\n")[2] + " "
    root = project(base, "one-mb-line")
    line = (sentence * (1_000_000 // len(sentence.encode()) + 1))[:1_000_000]
    (root / "seeds" / "mot-dong.txt").write_text(f"Một dòng rất dài\n\n{line}\n", encoding="utf-8")
    result, seconds = build(root)
    rows.append(("size", "a single 1 MB line of prose", f"built: {code(result.stdout.strip())}", f"{seconds:.1f}"))

    root = project(base, "twenty-mb")
    with (root / "seeds" / "qua-lon.txt").open("wb") as stream:
        for _ in range(20_000_000 // len(ARTICLE.encode()) + 1):
            stream.write(ARTICLE.encode())
    result, seconds = build(root)
    rows.append(("size", "a 20 MB file", f"refused in seconds: {code(lines_of(result, 'skipped ')[0].removeprefix('skipped '))}", f"{seconds:.1f}"))
    if quick:
        return rows
    uncapped = "import sys, generator.read as r; r.MAX_ARTICLE_BYTES = 10**9; from generator.cli import main; sys.exit(main(['build', '--project', sys.argv[1]]))"
    result, seconds = build(root, code=uncapped, timeout=900)
    outcome = f"built (size limit lifted): {code(result.stdout.strip())}" if result else "did not finish in 900 s"
    rows.append(("size", "the same 20 MB file with the size limit lifted (measures the pipeline)", outcome, f"{seconds:.1f}"))

    # A long run of capitalised words, in an article with a heading in capitals (which makes the
    # clean stage collect the body's proper nouns): memory limited, so that it cannot take the machine down.
    times, seconds_taken = [], []
    for size in (4_000, 8_000, 16_000):
        root = project(base, f"capitalised-{size}")
        words = "Ông Nguyễn " * (size // 11)
        (root / "seeds" / "viet-hoa.txt").write_text(f"Tiêu đề\n\nĐoạn mở đầu.\n\nMỘT TIÊU ĐỀ VIẾT HOA\n\n{words}\n", encoding="utf-8")
        limited = "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)); from generator.cli import main; sys.exit(main(['build', '--project', sys.argv[1]]))"
        result, seconds = build(root, code=limited, timeout=120)
        finished = bool(result and result.returncode == 0)
        times.append(f"{size // 1000} KB: {seconds:.1f} s" if finished else f"{size // 1000} KB: did not finish (120 s, 2 GB)")
        seconds_taken.append(seconds if finished else float("inf"))
    # four times the text: sixteen times the time if it is quadratic, four if it is linear
    quadratic = seconds_taken[-1] > 8 * seconds_taken[0]
    verdict = "**open, quadratic** (`clean._capitalised_phrases` / `to_normal_case`)" if quadratic else "built, in time that does not grow quadratically"
    rows.append(("size", "a line of capitalised words (“Ông Nguyễn Ông Nguyễn …”) in an article with a heading in capitals",
                 f"{verdict}: {'; '.join(times)}", ""))
    return rows


# --- sidecars and slugs -------------------------------------------------------------------------


def sidecar_rows(base: Path) -> list[Row]:
    rows = []
    for case in SIDECAR_CASES:
        root = project(base, f"sidecar-{len(rows)}")
        (root / "seeds" / "bai.txt").write_text(ARTICLE, encoding="utf-8")
        (root / "seeds" / "bai.yml").write_text(case.yaml, encoding="utf-8")
        result, seconds = build(root)
        skipped = lines_of(result, "skipped ")
        outcome = f"article skipped: {code(skipped[0].removeprefix('skipped '))}" if skipped else "**accepted**"
        rows.append(("sidecar", case.id, outcome, f"{seconds:.1f}"))
    return rows


def slug_rows(base: Path) -> list[Row]:
    root = project(base, "slugs")
    seeds, docs = root / "seeds", root / "docs"
    (docs / "articles").mkdir(parents=True)
    (docs / "articles" / "gioi-thieu-so-ngoai-vu.md").write_text("# Viết tay\n", encoding="utf-8")
    same = "Nghệ An đón đoàn công tác của Lào\n\n"
    (seeds / "a.txt").write_text(same + "Sáng 2/3/2024, tỉnh Nghệ An đón đoàn thứ nhất.\n", encoding="utf-8")
    (seeds / "b.txt").write_text(same + "Chiều 5/3/2024, tỉnh Nghệ An đón đoàn thứ hai.\n", encoding="utf-8")
    (seeds / "c.txt").write_text("Một bài khác hẳn\n\nNội dung của bài thứ ba.\n", encoding="utf-8")
    (seeds / "c.yml").write_text("slug: nghe-an-don-doan-cong-tac-cua-lao\n", encoding="utf-8")
    (seeds / "d.txt").write_text("Bài thứ tư\n\nNội dung của bài thứ tư.\n", encoding="utf-8")
    (seeds / "d.yml").write_text("slug: dia-chi-rieng\n", encoding="utf-8")
    (seeds / "e.txt").write_text("Bài thứ năm\n\nNội dung của bài thứ năm.\n", encoding="utf-8")
    (seeds / "e.yml").write_text("slug: dia-chi-rieng\n", encoding="utf-8")
    (seeds / "f.txt").write_text("Giới thiệu Sở Ngoại vụ\n\nNội dung của bài thứ sáu.\n", encoding="utf-8")
    result, seconds = build(root)
    skipped = {line.split(":")[0].removeprefix("skipped seeds/"): line.removeprefix("skipped ") for line in lines_of(result, "skipped ")}
    pages = sorted(p.name for p in (docs / "articles").glob("nghe-an-don-doan*.md"))
    rows = [
        ("slug", "sidecar slug = another article's slug (from its title)", f"that article skipped: {code(skipped['c.yml'])}", f"{seconds:.1f}"),
        ("slug", "two sidecars pin the same slug", f"the second skipped, both named: {code(skipped['e.yml'])}", ""),
        ("slug", "an article's page = a hand-written page", f"that article skipped, the page untouched: {code(skipped['f.txt'])}", ""),
        ("slug", "two seeds with the same headline", f"both built: {', '.join(code(page) for page in pages)}", ""),
    ]
    root = project(base, "removed")
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# Viết tay\n", encoding="utf-8")
    (root / "seeds" / "giu.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "seeds" / "bo.txt").write_text("Bộ trưởng Bùi Thanh Sơn thăm Hàn Quốc\n\nBộ trưởng Ngoại giao Bùi Thanh Sơn thăm Hàn Quốc.\n", encoding="utf-8")
    build(root)
    about = (root / "docs" / "about.md").stat().st_mtime_ns
    (root / "seeds" / "bo.txt").unlink()
    result, seconds = build(root)
    gone = not (root / "docs" / "articles" / "bo-truong-bui-thanh-son-tham-han-quoc.md").exists()
    kept = (root / "docs" / "about.md").stat().st_mtime_ns == about
    rows.append(("slug", "a seed removed since the last build", f"{code(result.stdout.strip())}; its pages gone: {gone}; hand-written page untouched: {kept}", f"{seconds:.1f}"))

    root = project(base, "ignored")
    for name in ("bai.txt", "ghi-chu.docx", "bai-hoa.TXT", "ban-nhap.yaml", "README.md", "bai.yml", "bai.en.md"):
        (root / "seeds" / name).write_text(ARTICLE if name.endswith((".txt", ".TXT")) else "note: x\n", encoding="utf-8")
    result, seconds = build(root)
    ignored = "; ".join(code(line) for line in lines_of(result, "ignored "))
    rows.append(("input", "files without the .txt suffix (and a README, a sidecar, a translation)", f"only the other files named: {ignored}", f"{seconds:.1f}"))
    return rows


# --- faults -----------------------------------------------------------------------------------

FAULT = """
import os, signal, sys
import generator.build, generator.write as write
from generator.cache import CACHE_SUFFIX
from generator.cli import main
where, number, action = sys.argv[2], int(sys.argv[3]), sys.argv[4]
calls = []
def fault(original):
    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == number:
            if action == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            raise OSError(28, "injected fault: no space left on device")
        if action == "raise-then-kill" and len(calls) == number + 2:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)
    return wrapper
if where == "render":
    generator.build.render_shares = fault(generator.build.render_shares)
elif where == "staging":
    write._write_file = fault(write._write_file)
else:  # the extraction cache's own renames (before the write begins) are not counted
    replace, counted = os.replace, fault(os.replace)
    write.os.replace = lambda source, target: (replace if CACHE_SUFFIX in os.fspath(target) else counted)(source, target)
sys.exit(main(["build", "--project", sys.argv[1]]))
"""


def _versions(root: Path, version: int) -> None:
    seeds = root / "seeds"
    shutil.rmtree(seeds, ignore_errors=True)
    seeds.mkdir()
    for index in range(6 if version == 1 else 5):
        title = f"Bài số {index} về Nghệ An" if version == 1 else f"Tin số {index} về hợp tác với Lào"
        (seeds / f"bai-{index}.txt").write_text(f"{title}\n\n{ARTICLE}", encoding="utf-8")


def fault_rows(base: Path) -> list[Row]:
    cases: list[tuple[str, str, int, str]] = [
        ("an exception while rendering", "render", 1, "raise"),
        ("an exception while staging (disk full)", "staging", 5, "raise"),
        ("an exception while moving pages in (after the commit)", "replace", 8, "raise"),
        ("SIGKILL while staging", "staging", 5, "kill"),
        ("SIGKILL renaming the journal (the commit)", "replace", 1, "kill"),
        ("SIGKILL just after the commit", "replace", 2, "kill"),
        ("SIGKILL in the middle of moving pages in", "replace", 20, "kill"),
        ("an exception moving pages in, then SIGKILL while undoing it", "replace", 8, "raise-then-kill"),
    ]
    rows = []
    for label, where, number, action in cases:
        root = project(base, f"fault-{len(rows)}")
        (root / "docs").mkdir()
        (root / "docs" / "about.md").write_text("# Viết tay\n", encoding="utf-8")
        _versions(root, 1)
        build(root)
        reference = base / f"fault-{len(rows)}-reference"
        shutil.copytree(root, reference)
        _versions(root, 2)
        _versions(reference, 2)
        build(reference)
        before, after = snapshot(root / "docs"), {k: v and v[0] for k, v in snapshot(reference / "docs").items()}
        result, seconds = run([sys.executable, "-c", FAULT, str(ROOT), where, str(number), action], root)
        journal = write.staging_dir(root / "docs") / write.JOURNAL_NAME
        state = json.loads(journal.read_text(encoding="utf-8"))["state"] if journal.exists() else None
        if snapshot(root / "docs") == before:
            left = "docs/ exactly as before (bytes and mtimes)"
        else:
            left = f"docs/ mid-{state}, journal kept" if state else "docs/ = the new build"
        recovered = write.recover(root / "docs")
        if recovered:
            now = snapshot(root / "docs")
            result_state = "the previous build" if now == before else ("the new build" if {k: v and v[0] for k, v in now.items()} == after else "**a mix**")
            left += f"; the next run's recovery: {'undo finished' if state == 'undo' else recovered} → {result_state}"
        exit_text = "killed" if result.returncode == -signal.SIGKILL else f"exit {result.returncode} ({code(result.stderr.strip().splitlines()[-1][:80])})"
        build(root)
        rerun_ok = {k: v and v[0] for k, v in snapshot(root / "docs").items()} == after
        rows.append(("fault", label, f"{exit_text}; {left}; a rerun gives the new build: {rerun_ok}", f"{seconds:.1f}"))
    return rows


def random_kill_rows(base: Path) -> list[Row]:
    root = project(base, "random-kill")
    (root / "docs").mkdir()
    (root / "docs" / "about.md").write_text("# Viết tay\n", encoding="utf-8")
    for index in range(16):
        (root / "seeds" / f"bai-{index:02d}.txt").write_text(f"Bài số {index} của tỉnh Nghệ An\n\n{ARTICLE}", encoding="utf-8")
    build(root)
    for index in range(16):
        (root / "seeds" / f"bai-{index:02d}.txt").write_text(f"Tin số {index} về hợp tác với Lào\n\n{ARTICLE}", encoding="utf-8")
    saved, reference = base / "random-saved", base / "random-reference"
    shutil.copytree(root / "docs", saved)
    shutil.copytree(root, reference)
    build(reference)
    after = {k: v and v[0] for k, v in snapshot(reference / "docs").items()}
    docs, staging = root / "docs", write.staging_dir(root / "docs")
    counts: dict[str, int] = {}
    for attempt in range(12):
        shutil.rmtree(docs)
        shutil.copytree(saved, docs)
        before = snapshot(docs)
        target = staging if attempt % 2 == 0 else staging / write.JOURNAL_NAME
        process = subprocess.Popen([sys.executable, "-m", "generator", "build", "--project", str(ROOT)], cwd=root, env=ENV,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while process.poll() is None and not target.exists():
            time.sleep(0.0002)
        time.sleep(0.001 * (attempt // 2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if (staging / write.JOURNAL_NAME).exists():
            write.recover(docs)
            outcome = "killed during the apply, rolled forward by the next run" if {k: v and v[0] for k, v in snapshot(docs).items()} == after else "MIX"
        elif snapshot(docs) == before:
            outcome = "killed before the commit, docs/ as before"
        else:
            outcome = "finished" if {k: v and v[0] for k, v in snapshot(docs).items()} == after else "MIX"
        counts[outcome] = counts.get(outcome, 0) + 1
    text = "; ".join(f"{outcome}: {n}" for outcome, n in sorted(counts.items()))
    return [("fault", "SIGKILL of a real `python -m generator build` (16 articles) when it starts writing or commits, 12 times", text, "")]


# --- machine independence and hostile text ----------------------------------------------------


def determinism_rows(base: Path) -> list[Row]:
    variants = [
        {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C.UTF-8"},
        {"PYTHONHASHSEED": "4242", "TZ": "KIR-14", "LC_ALL": "C"},
        {"PYTHONHASHSEED": "random", "TZ": "HST+10", "LC_ALL": "POSIX"},
    ]
    outputs, seconds = [], 0.0
    sources = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
    for number, variant in enumerate(variants):
        root = project(base, f"same-{number}")
        for source in (sources if number % 2 == 0 else reversed(sources)):
            shutil.copy(source, root / "seeds" / source.name)
        (root / "seeds" / "vni.txt").write_bytes(to_vni(ARTICLE).encode("cp1252"))
        result, took = run([sys.executable, "-m", "generator", "build", "--project", str(ROOT)], root, env={**ENV, **variant})
        seconds += took
        outputs.append({k: v and v[0] for k, v in snapshot(root / "docs").items()})
    same = all(output == outputs[0] for output in outputs)
    return [("determinism", "seeds copied in different orders, PYTHONHASHSEED 0/4242/random, TZ UTC/UTC+14/UTC−10, LC_ALL C.UTF-8/C/POSIX",
             f"{len(outputs[0])} files, byte-identical: {same}", f"{seconds:.1f}")]


def hostile_rows(base: Path) -> list[Row]:
    from conftest import build_site, copy_project  # the tests' helpers: generator, strict MkDocs builds, Pagefind

    import html as html_module

    (base / "hostile").mkdir()
    root = copy_project(base / "hostile")
    hostile = (ROOT / "tests" / "samples" / "hostile.txt").read_text(encoding="utf-8")
    (root / "seeds" / "zz_hostile.txt").write_text(hostile, encoding="utf-8")
    start = time.monotonic()
    built = build_site(root)
    seconds = time.monotonic() - start
    page = (built.site / "articles" / "bai-thu-nghiem-noi-dung-doc-hai" / "index.html").read_text(encoding="utf-8")
    body = page[page.index("</h1>") + 5 : page.index('<div class="share"')]
    shown = {html_module.unescape(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", body, re.S)}
    tags = sorted({m[1] for m in re.finditer(r"<(/?[a-zA-Z][a-zA-Z0-9]*)", body)})
    rows = []
    for line in [line for line in hostile.splitlines()[2:-1] if line]:
        rows.append(("hostile", code(line), "shown as text" if line in shown else "**not shown as written**", ""))
    scripts = {p.name for p in built.site.rglob("*.html") if "alert(" in "".join(re.findall(r"<script\b[^>]*>(.*?)</script", p.read_text(encoding="utf-8"), re.S))}
    rows.append(("hostile", "whole site: elements in the article body; scripts carrying article text",
                 f"only {', '.join(code(f'<{t}>') for t in tags)}; {len(scripts)} pages with such a script; {'no file read' if 'root:x:0:0' not in page else '**a file was read**'}", f"{seconds:.1f}"))

    (base / "head").mkdir()
    root = copy_project(base / "head")
    for seed in (root / "seeds").iterdir():
        seed.unlink()
    (root / "seeds" / "dau-trang.txt").write_text('Tiêu đề "><script>alert(1)</script>\n\nĐoạn mở đầu "><img src=x onerror=alert(3)> của bài.\n\nĐoạn hai.\n', encoding="utf-8")
    built = build_site(root)
    page = next((built.site / "articles").glob("tieu-de-*/index.html")).read_text(encoding="utf-8")
    injected = "<script>alert(1)" in page or "<img src=x" in page
    rows.append(("hostile", "a quote in the headline or lead: " + code('"><script>alert(1)</script>'),
                 "**open: the script is injected into the page head** (`<title>`, `<meta content>`: render.py / overrides/main.html; a strict xfail test)" if injected else "shown as text", ""))
    return rows


GROUPS: list[tuple[str, Callable[..., list[Row]]]] = [
    ("inputs", input_rows), ("sizes", size_rows), ("sidecars", sidecar_rows), ("slugs", slug_rows),
    ("faults", fault_rows), ("random kills", random_kill_rows), ("determinism", determinism_rows), ("hostile text", hostile_rows),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="leave out the slow measurements")
    parser.add_argument("--print", action="store_true", help="print the table instead of writing RELIABILITY.md")
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="reliability-") as temp:
        base = Path(temp)
        for name, function in GROUPS:
            print(f"running {name}…", file=sys.stderr)
            rows += function(base, args.quick) if function is size_rows else function(base)
    table = [
        f"Run {dt.date.today().isoformat()} on {os.cpu_count()} cores{' (--quick)' if args.quick else ''}. "
        "Command: `.venv/bin/python benchmarks/reliability_catalogue.py`",
        "",
        "| # | kind | case | outcome | s |",
        "|---|---|---|---|---|",
    ]
    table += [f"| {n} | {group} | {cell(case)} | {cell(outcome)} | {seconds} |" for n, (group, case, outcome, seconds) in enumerate(rows, 1)]
    text = "\n".join(table)
    if args.print:
        print(text)
        return 0
    document = RELIABILITY.read_text(encoding="utf-8")
    before, rest = document.split(START, 1)
    after = rest.split(END, 1)[1]
    RELIABILITY.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")
    print(f"wrote {len(rows)} cases into {RELIABILITY.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
