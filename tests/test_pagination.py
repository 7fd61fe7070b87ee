"""Long lists of articles are cut into pages: every article is listed once, newest first, the
pages link to each other, and only the first page of a list is in the search index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import BuiltSite, build_site, copy_project
from generator.render import LIST_PAGE_SIZE

# More copies of one article than a list page holds, so every list they are in has two pages.
COPIES = LIST_PAGE_SIZE + 7
SEED = "004_e0a7eaabf4e30ef7.txt"
ARTICLE_LINK = re.compile(r'<a href="(?:\.\./)+articles/([\w-]+)/">')


@pytest.fixture(scope="module")
def paginated(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The seeds plus `COPIES` copies of one of them, each with its own title and date (in 2019)."""
    root = copy_project(tmp_path_factory.mktemp("paginated"))
    text = (root / "seeds" / SEED).read_text(encoding="utf-8")
    for k in range(COPIES):
        (root / "seeds" / f"copy_{k:03}.txt").write_text(text, encoding="utf-8")
        sidecar = {"title": f"Bản sao số {k}", "date": f"2019-{1 + k // 28:02}-{1 + k % 28:02}"}
        (root / "seeds" / f"copy_{k:03}.yml").write_text(yaml.safe_dump(sidecar, allow_unicode=True), encoding="utf-8")
    return build_site(root)


def listed(page: Path) -> list[str]:
    """The articles a built list page links to (slugs), in the order shown."""
    return ARTICLE_LINK.findall(page.read_text(encoding="utf-8"))


def copies(slugs: list[str]) -> list[str]:
    return [slug for slug in slugs if slug.startswith("ban-sao-so-")]


def newest_first() -> list[str]:
    return [f"ban-sao-so-{k}" for k in reversed(range(COPIES))]


@pytest.mark.parametrize("first", ["partners/han-quoc", "en/partners/han-quoc", "archive/2019", "en/archive/2019"])
def test_a_long_list_is_split_into_linked_pages_that_show_every_article_once(paginated: BuiltSite, first: str) -> None:
    first_page = paginated.site / first / "index.html"
    second_page = paginated.site / first / "2" / "index.html"
    shown = listed(first_page) + listed(second_page)
    assert len(listed(first_page)) == LIST_PAGE_SIZE
    assert len(shown) == len(set(shown)) > LIST_PAGE_SIZE
    assert copies(shown) == newest_first()
    assert not (paginated.site / first / "3").exists()
    first_html, second_html = first_page.read_text(encoding="utf-8"), second_page.read_text(encoding="utf-8")
    assert re.search(r'<p class="pager">.*href="2/".*</p>', first_html)  # "older" from the first page
    assert re.search(r'<p class="pager"><a href="\.\./">', second_html)  # "newer" back to it
    assert "data-pagefind-body" in first_html and "data-pagefind-body" not in second_html


def test_the_archive_index_links_every_year_and_shows_the_latest_articles(paginated: BuiltSite) -> None:
    archive = (paginated.site / "articles" / "index.html").read_text(encoding="utf-8")
    years = dict(re.findall(r'<a href="\.\./archive/(\w+)/">[^<]+</a> \((\d+) bài viết\)', archive))
    assert years["2019"] == str(COPIES)
    assert sum(map(int, years.values())) == COPIES + len(list((paginated.root / "seeds").glob("0*.txt")))
    for year in years:
        assert (paginated.site / "archive" / year / "index.html").is_file()


def test_a_list_of_one_page_has_no_pager(paginated: BuiltSite) -> None:
    page = (paginated.site / "topics").glob("*/index.html")
    short = [p for p in page if len(listed(p)) < LIST_PAGE_SIZE and not (p.parent / "2").exists()]
    assert short
    for path in short:
        assert 'class="pager"' not in path.read_text(encoding="utf-8")
