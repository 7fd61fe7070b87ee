"""End to end: seeds -> generator -> `mkdocs build --strict` -> HTML, read back."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import yaml

from conftest import BuiltSite, build_site, copy_project, run

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
        title = front_matter_of(page)["title"]
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
    for page in built_site.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
        for match in REQUEST_ATTRIBUTE.finditer(text):
            assert not re.match(r"^(?:[a-z]+:)?//", match["url"]), f"{page}: {match['url']}"
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
