"""Browser tests in real headless Chromium against the built site served on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from browser import ARTIFACTS, browser_page, serve
from conftest import BuiltSite

pytestmark = pytest.mark.browser


def test_home_to_article_by_click_requests_only_the_sites_own_host(built_site: BuiltSite) -> None:
    requested: list[str] = []
    with serve(built_site.site) as base, browser_page() as page:
        page.on("request", lambda request: requested.append(request.url))
        page.goto(base)
        assert "Tin mới nhất" in page.inner_text("article")
        first_article = page.locator("article a[href*='articles/']").first
        title = first_article.inner_text()
        first_article.click()
        page.wait_for_load_state("networkidle")
        assert "/articles/" in page.url
        assert page.locator("article h1").inner_text() == title
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "home-to-article.png"), full_page=False)
    hosts = {urlparse(url).netloc for url in requested if not url.startswith("data:")}
    assert hosts == {urlparse(base).netloc}, hosts
