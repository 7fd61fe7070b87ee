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
