"""Browser tests in real headless Chromium against the built site served on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from browser import ARTIFACTS, browser_page
from conftest import ServedSite

pytestmark = pytest.mark.browser

# A link to one article page (not to the archive at "articles/").
ARTICLE_LINK = "article a[href*='articles/']:not([href$='articles/'])"


def test_home_to_article_by_click_requests_only_the_sites_own_host(served_site: ServedSite) -> None:
    requested: list[str] = []
    base = served_site.base
    with browser_page() as page:
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base)
        assert "Tin mới nhất" in page.inner_text("article")
        first_article = page.locator(ARTICLE_LINK).first
        title = first_article.inner_text()
        first_article.click()
        page.wait_for_load_state("networkidle")
        assert "/articles/" in page.url
        assert page.locator("article h1").inner_text() == title
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "home-to-article.png"))
    hosts = {urlparse(url).netloc for url in requested if not url.startswith("data:")}
    assert hosts == {urlparse(base).netloc}, hosts


def test_home_to_partner_to_article_to_person_by_clicks(served_site: ServedSite) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    base = served_site.base
    with browser_page() as page:
        page.goto(base)
        partner = page.locator("article a[href*='partners/']:not([href$='partners/'])").first
        partner_name = partner.inner_text()
        partner.click()
        page.wait_for_load_state("networkidle")
        assert "/partners/" in page.url and page.locator("article h1").inner_text() == partner_name
        page.screenshot(path=str(ARTIFACTS / "1-partner.png"))

        article = page.locator(ARTICLE_LINK).first
        article_title = article.inner_text()
        article.click()
        page.wait_for_load_state("networkidle")
        assert page.locator("article h1").inner_text() == article_title
        assert partner_name in page.inner_text(".facts")
        page.screenshot(path=str(ARTIFACTS / "2-article.png"))

        person = page.locator(".facts a[href*='people/']").first
        person_name = person.inner_text()
        person.click()
        page.wait_for_load_state("networkidle")
        assert "/people/" in page.url and page.locator("article h1").inner_text() == person_name
        assert article_title in page.inner_text("article")
        page.screenshot(path=str(ARTIFACTS / "3-person.png"))


# (language root, query, the page that must be among the first three results)
SEARCHES = [
    (root, query, root + expected)
    for root in ("", "en/")
    for query, expected in [
        ("nghe an", "provinces/nghe-an/"),
        ("Nghệ An", "provinces/nghe-an/"),
        ("bui thanh son", "people/bui-thanh-son/"),
        ("dak lak", "provinces/dak-lak/"),
        ("da nang", "provinces/da-nang/"),
        ("hue", "provinces/hue/"),
    ]
]


def test_search_finds_vietnamese_with_or_without_accents_in_both_languages(served_site: ServedSite) -> None:
    base = served_site.base
    with browser_page() as page:
        for root, query, expected in SEARCHES:
            page.goto(f"{base}{root}search/?q={query}")
            page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
            top = [urlparse(link.get_attribute("href")).path.lstrip("/") for link in page.locator(".pagefind-ui__result-link").all()[:3]]
            assert expected in top, (root, query, top)
            if root == "en/":
                assert all(path.startswith("en/") for path in top), top  # English search finds English pages
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "search.png"))


@pytest.mark.parametrize("path", [
    "articles/day-manh-ket-noi-giua-dia-phuong-voi-cac-co-quan-dai-dien-o-nuoc-ngoai/",
    "people/bui-thanh-son/",
    "provinces/nghe-an/",
])
def test_language_switcher_leads_to_the_same_page_in_the_other_language(served_site: ServedSite, path: str) -> None:
    base = served_site.base
    with browser_page() as page:
        page.goto(base + path)
        assert page.locator("html").get_attribute("lang") == "vi"
        page.locator(".language-switcher a[hreflang='en']").click()
        page.wait_for_load_state("networkidle")
        assert urlparse(page.url).path == "/en/" + path
        assert page.locator("html").get_attribute("lang") == "en"
        page.locator(".language-switcher a[hreflang='vi']").click()
        page.wait_for_load_state("networkidle")
        assert urlparse(page.url).path == "/" + path


PAGES_OF_EVERY_KIND = [
    "", "articles/", "articles/day-manh-ket-noi-giua-dia-phuong-voi-cac-co-quan-dai-dien-o-nuoc-ngoai/",
    "people/", "people/bui-thanh-son/", "provinces/nghe-an/", "partners/lao/", "topics/", "search/", "about/",
]


def test_every_kind_of_page_requests_only_the_sites_own_origin(served_site: ServedSite) -> None:
    requested: list[str] = []
    with browser_page() as page:
        page.on("request", lambda request: requested.append(request.url))
        for root in ("", "en/"):
            for path in PAGES_OF_EVERY_KIND:
                response = page.goto(served_site.base + root + path)
                assert response and response.ok, root + path
                page.wait_for_load_state("networkidle")
    hosts = {urlparse(url).netloc for url in requested if not url.startswith("data:")}
    assert hosts == {urlparse(served_site.base).netloc}, hosts


def test_printed_article_is_a_brief_with_title_url_and_no_navigation(served_site: ServedSite) -> None:
    import io

    from pypdf import PdfReader

    path = "articles/day-manh-ket-noi-giua-dia-phuong-voi-cac-co-quan-dai-dien-o-nuoc-ngoai/"
    with browser_page() as page:
        page.goto(served_site.base + path)
        title = page.locator("article h1").inner_text()
        pdf = page.pdf(format="A4")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "brief.pdf").write_bytes(pdf)
    # PDF text comes out with spaces inside words (glyph positioning): compare without spaces
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "".join(title.split()) in text
    assert served_site.base + path in text
    for chrome in ("Tìmkiếm", "Giớithiệu", "English", "Saochépliênkết"):
        assert chrome not in text, chrome


@pytest.mark.parametrize("path", ["articles/day-manh-ket-noi-giua-dia-phuong-voi-cac-co-quan-dai-dien-o-nuoc-ngoai/", "en/partners/lao/"])
def test_qr_code_decodes_to_the_canonical_url(served_site: ServedSite, path: str) -> None:
    import io

    import zxingcpp
    from PIL import Image

    with browser_page() as page:
        page.set_viewport_size({"width": 1000, "height": 1000})
        page.goto(served_site.base + path)
        canonical = page.locator("link[rel=canonical]").get_attribute("href")
        page.add_style_tag(content=".share .qr img { width: 400px !important; height: 400px !important; }")
        png = page.locator(".share .qr img").screenshot()
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [r.text for r in results] == [canonical]
