"""End to end: seeds -> generator -> `mkdocs build --strict` -> HTML, read back."""

from __future__ import annotations

import html
import json
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT, BuiltSite, build_site, copy_project, run
from generator.fingerprint import INPUTS_FILE
from generator.write import MANIFEST_NAME

# Hosts a page may name in a request attribute: none but its own (relative URLs).
REQUEST_ATTRIBUTE = re.compile(r'<(?:script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)="(?P<url>[^"]+)"', re.I)
LEFTOVERS = ("BÌNH LUẬN", "Vui lòng nhập", "Tin cùng chuyên mục", "Hoi nghi Ngoai giao")


def front_matter_of(page: Path) -> dict:
    return yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])


def article_pages(built: BuiltSite) -> list[Path]:
    return sorted(p for p in (built.docs / "articles").glob("*.md") if p.name != "index.md")


def test_every_seed_has_an_article_page_with_its_title(built_site: BuiltSite, seed_paths: list[Path]) -> None:
    pages = article_pages(built_site)
    assert sorted(front_matter_of(p)["id"] for p in pages) == [p.stem for p in seed_paths]
    for page in pages:
        title = html.unescape(front_matter_of(page)["title"])  # the theme prints it as HTML
        built = (built_site.site / "articles" / page.stem / "index.html").read_text(encoding="utf-8")
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", built, re.S)
        assert heading and html.unescape(re.sub(r"<[^>]+>", "", heading.group(1))).strip() == title


def test_no_boilerplate_survives_in_the_html(built_site: BuiltSite) -> None:
    for page in (built_site.site / "articles").rglob("index.html"):
        text = html.unescape(page.read_text(encoding="utf-8"))
        for leftover in LEFTOVERS:
            assert leftover not in text, f"{leftover!r} in {page}"


def test_strict_build_has_no_warning(built_site: BuiltSite) -> None:
    assert not re.search(r"^(WARNING|ERROR)", built_site.mkdocs_log, re.M), built_site.mkdocs_log


def test_built_html_requests_nothing_from_another_host(built_site: BuiltSite) -> None:
    own = yaml.safe_load((built_site.root / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["home_url"]
    for page in built_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
        for match in REQUEST_ATTRIBUTE.finditer(text):
            url = match["url"]
            assert url.startswith(own) or not re.match(r"^(?:[a-z]+:)?//", url), f"{page}: {url}"
    for css in built_site.site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css.read_text(encoding="utf-8")), css


def test_articles_index_lists_every_article_newest_first(built_site: BuiltSite) -> None:
    index = (built_site.docs / "articles" / "index.md").read_text(encoding="utf-8")
    dates = [front_matter_of(p).get("date") for p in article_pages(built_site)]
    order = [front_matter_of(p) for p in article_pages(built_site)]
    positions = {meta["slug"]: index.index(f"({meta['slug']}.md)") for meta in order}
    dated = sorted((m for m in order if m["date"]), key=lambda m: str(m["date"]), reverse=True)
    undated = [m for m in order if not m["date"]]
    listed = sorted(order, key=lambda m: positions[m["slug"]])
    assert listed[: len(dated)] == dated and len(listed) == len(dates)
    assert all(positions[u["slug"]] > max((positions[d["slug"]] for d in dated), default=-1) for u in undated)


def test_second_run_is_byte_identical_and_hand_written_page_survives(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "notes.md").write_text("# Ghi chú\n\nViết tay.\n", encoding="utf-8")
    run([sys.executable, "-m", "generator", "build"], cwd=root)
    first = {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    result = run([sys.executable, "-m", "generator", "build"], cwd=root)
    second = {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    assert first == second
    assert "0 files written" in result.stdout
    assert (root / "docs" / "notes.md").read_text(encoding="utf-8") == "# Ghi chú\n\nViết tay.\n"


def test_hostile_article_text_stays_text_in_the_html(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    (root / "seeds" / "zz_hostile.txt").write_text(
        "Bài thử nghiệm an toàn\n\nĐoạn mở đầu của bài thử nghiệm.\n\n<script>alert('x')</script>\n\n"
        '<img src=x onerror="alert(1)">\n\n[liên kết](javascript:alert(1))\n',
        encoding="utf-8",
    )
    built = build_site(root)
    page = next((built.site / "articles").glob("bai-thu-nghiem-an-toan/index.html")).read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript:' not in page
    visible = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "<script>alert('x')</script>" in visible and "[liên kết](javascript:alert(1))" in visible


ANCHOR = re.compile(r'<a [^>]*href="(?P<href>[^"#]*)"[^>]*>(?P<text>.*?)</a>', re.S)


def links_of(page: Path, site: Path) -> dict[str, set[str]]:
    """Site-relative page folders that `page` links to -> the link texts used."""
    folder = page.parent.relative_to(site).as_posix()
    found: dict[str, set[str]] = {}
    for match in ANCHOR.finditer(page.read_text(encoding="utf-8")):
        href = match["href"]
        if re.match(r"^[a-z]+:", href) or not href:
            continue
        target = posixpath.normpath(posixpath.join(folder, href)).strip("/")
        text = html.unescape(re.sub(r"<[^>]+>", "", match["text"])).strip()
        found.setdefault(target, set()).add(text)
    return found


def test_every_entity_of_an_article_is_linked_both_ways(built_site: BuiltSite) -> None:
    site = built_site.site
    checked = 0
    for page in article_pages(built_site):
        meta = front_matter_of(page)
        article_folder = f"articles/{meta['slug']}"
        article_links = links_of(site / article_folder / "index.html", site)
        people_pages = {t: texts for t, texts in article_links.items() if t.startswith("people/")}
        expected = [("people", p["name"]) for p in meta["people"]]
        expected += [("provinces", p["id"]) for p in meta["provinces"]]
        expected += [("partners", p["id"]) for p in meta["countries"] + meta["foreign_localities"]]
        for section, key in expected:
            if section == "people":
                targets = [t for t, texts in people_pages.items() if key in texts]
                assert targets, f"{article_folder} does not link {key}"
                target = targets[0]
            else:
                target = f"{section}/{key}"
                assert target in article_links, f"{article_folder} does not link {target}"
            back = links_of(site / target / "index.html", site)
            assert article_folder in back, f"{target} does not link back to {article_folder}"
            checked += 1
    assert checked > 40  # the seeds name dozens of people, provinces and partners


def test_home_figures_are_computed_from_the_corpus(built_site: BuiltSite) -> None:
    home = (built_site.docs / "index.md").read_text(encoding="utf-8")
    articles = len(article_pages(built_site))
    people = len([p for p in (built_site.docs / "people").glob("*.md") if p.name != "index.md"])
    assert f"<strong>{articles}</strong>" in home and f"<strong>{people}</strong>" in home


def test_province_page_says_what_a_merged_province_became(built_site: BuiltSite) -> None:
    page = (built_site.site / "provinces" / "quang-nam" / "index.html")
    if not page.exists():
        page = next(p for p in (built_site.site / "provinces").glob("*/index.html") if "là một phần của" in p.read_text(encoding="utf-8"))
    text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    assert "01/07/2025" in text and "là một phần của" in text


def test_every_generated_file_is_ignored_by_git(built_site: BuiltSite) -> None:
    """`git add -A` after a build must not commit generated pages: each is listed in .gitignore."""
    manifest = json.loads((built_site.docs / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    paths = [f"docs/{path}" for path in (*manifest, MANIFEST_NAME, INPUTS_FILE)]
    checked = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=ROOT, input="\n".join(paths), capture_output=True, text=True, check=False,
    )
    assert checked.returncode in (0, 1), checked.stderr
    assert sorted(set(paths) - set(checked.stdout.splitlines())) == []
    assert "docs/.permalinks.json" not in checked.stdout  # the slug history is committed
