"""Sharing and publishing: link previews, QR codes, permalinks, feeds, print briefs, the workflow."""

from __future__ import annotations

import base64
import html
import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml
import zxingcpp
from PIL import Image

from conftest import BuiltSite, ServedSite, build_site, copy_project, run

ROOT = Path(__file__).resolve().parent.parent
META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"')
SHA_PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def home_url(built: BuiltSite) -> str:
    return yaml.safe_load((built.root / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["home_url"]


def content_pages(site: Path) -> list[Path]:
    """Every HTML page of both languages but redirects and the search index's own files."""
    pages = []
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "pagefind" in page.parts or "window.location.replace" in text:
            continue
        pages.append(page)
    return pages


def test_every_page_has_link_preview_tags_with_absolute_urls_and_a_real_image(built_site: BuiltSite) -> None:
    home = home_url(built_site)
    checked_images = set()
    pages = content_pages(built_site.site)
    assert len(pages) > 100
    for page in pages:
        tags = {}
        for name, value in META.findall(page.read_text(encoding="utf-8")):
            tags.setdefault(name, html.unescape(value))
        for name in ("og:title", "og:description", "og:url", "og:image", "og:type", "og:locale", "og:locale:alternate",
                     "twitter:card", "twitter:image"):
            assert tags.get(name), f"{page}: no {name}"
        assert tags["og:url"].startswith(home) and tags["og:image"].startswith(home), page
        image = built_site.site / tags["og:image"][len(home):]
        if image not in checked_images:
            with Image.open(image) as picture:
                assert picture.format == "PNG" and picture.size == (1200, 630), image
            checked_images.add(image)
        if "/articles/" in page.as_posix() and page.parent.name != "articles":
            assert tags["og:type"] == "article", page
    assert len(checked_images) > 10


def test_article_pages_carry_their_publication_day(built_site: BuiltSite) -> None:
    page = (built_site.site / "articles" / "bo-ngoai-giao-lam-viec-voi-tinh-nghe-an-ve-hoi-nhap-va-doi-ngoai-dia-phuong" / "index.html")
    assert '<meta property="article:published_time" content="2025-10-06">' in page.read_text(encoding="utf-8")


def test_description_is_trimmed_on_a_word_boundary(built_site: BuiltSite) -> None:
    for page in content_pages(built_site.site):
        description = dict(META.findall(page.read_text(encoding="utf-8"))).get("og:description", "")
        description = html.unescape(description)
        assert len(description) <= 201, page
        if description.endswith("…"):
            assert description[-2] != " "


def qr_image(img: str) -> Image.Image:
    """The QR code of an `<img>` as the generator writes it (a PNG data: URI), enlarged for the decoder."""
    image = Image.open(io.BytesIO(base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', img).group(1))))
    return image.convert("L").resize((image.width * 8, image.height * 8), Image.NEAREST)


def test_qr_code_of_every_shared_page_encodes_its_canonical_url(built_site: BuiltSite) -> None:
    checked = 0
    for page in content_pages(built_site.site):
        text = page.read_text(encoding="utf-8")
        share = re.search(r'<figure class="qr">(<img [^>]*>)<figcaption>([^<]+)</figcaption>', text)
        if not share:
            continue
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', text).group(1)
        url = html.unescape(share.group(2))
        assert url == canonical, page
        assert [code.text for code in zxingcpp.read_barcodes(qr_image(share.group(1)))] == [url], page
        checked += 1
    assert checked > 40  # articles, people, provinces and partners in both languages


def test_feeds_list_the_latest_articles_in_each_language_and_are_discoverable(built_site: BuiltSite) -> None:
    home = home_url(built_site)
    for root in ("", "en/"):
        feed = ElementTree.parse(built_site.site / root / "feed.xml").getroot()
        items = feed.findall("channel/item")
        assert len(items) == 5
        for item in items:
            assert item.findtext("link").startswith(home + root + "articles/")
            assert item.findtext("title")
        page = (built_site.site / root / "index.html").read_text(encoding="utf-8")
        assert f'type="application/rss+xml" title=' in page and f'href="{home}{root}feed.xml"' in page


def test_changed_slug_keeps_the_old_url_working(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    first = build_site(root)
    old = "bo-ngoai-giao-lam-viec-voi-tinh-nghe-an-ve-hoi-nhap-va-doi-ngoai-dia-phuong"
    assert (first.site / "articles" / old / "index.html").exists()
    (root / "seeds" / "003_c2d60fe8b1e516ac.yml").write_text("slug: nghe-an-va-bo-ngoai-giao-2025\n", encoding="utf-8")
    second = build_site(root)
    new_page = second.site / "articles" / "nghe-an-va-bo-ngoai-giao-2025" / "index.html"
    assert new_page.exists()
    for language_root in ("", "en/"):
        redirect = (second.site / language_root / "articles" / old / "index.html").read_text(encoding="utf-8")
        location = re.search(r'content="0;url=([^"]+)"', redirect).group(1)
        target = (second.site / language_root / "articles" / old / location / "index.html").resolve()
        assert target == (second.site / language_root / "articles" / "nghe-an-va-bo-ngoai-giao-2025" / "index.html").resolve()
    # the history is kept: a third build without the change of mind still serves the old URL
    assert old in (root / "docs" / ".permalinks.json").read_text(encoding="utf-8")
    sitemap = (second.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"articles/{old}/" not in sitemap


def test_workflow_builds_with_make_and_deploys_with_least_permissions() -> None:
    path = ROOT / ".github" / "workflows" / "pages.yml"
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert uses and all(SHA_PINNED.match(u) for u in uses), uses
    assert any(step.get("run") == "make build" for step in steps)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
