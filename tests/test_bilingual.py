"""Both languages: English twins of every page, the switcher, hreflang, honest English pages."""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import BuiltSite
from generator.cli import main
from generator.extract import Resources, extract
from generator.read import read_source

ROOT = Path(__file__).resolve().parent.parent
# Letters only Vietnamese uses among Latin scripts: a page in English shows almost none outside lang="vi".
VIETNAMESE_ONLY = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàảãạằẳẵặầẩẫậèẻẽẹềểễệìỉĩịòỏõọồổỗộờởỡợùủũụừửữựỳỷỹỵ]", re.I)
ENGLISH_MAX_VIETNAMESE_SHARE = 0.01
SKIPPED = {"pagefind", "assets", "search"}


def page_folders(site: Path) -> list[str]:
    """Site-relative folders of the Vietnamese HTML pages ("" for the home page)."""
    folders = []
    for page in site.rglob("index.html"):
        relative = page.parent.relative_to(site).as_posix()
        relative = "" if relative == "." else relative
        if relative.split("/")[0] in SKIPPED | {"en"}:
            continue
        folders.append(relative)
    return sorted(folders)


def url_of(folder: str) -> str:
    return f"{folder}/" if folder else ""


def head_alternates(text: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', text))


def switcher_target(text: str, page_folder: str, lang: str) -> str:
    match = re.search(rf'<nav class="language-switcher".*?<a href="([^"]+)" hreflang="{lang}"', text, re.S)
    assert match, f"no switcher to {lang} on {page_folder or 'home'}"
    return posixpath.normpath(posixpath.join(page_folder or ".", match.group(1))).strip("/").replace(".", "") if match.group(1) else ""


def resolve(page_folder: str, href: str) -> str:
    joined = posixpath.normpath(posixpath.join(page_folder or ".", href))
    return "" if joined == "." else joined.strip("/")


def test_every_vietnamese_page_has_an_english_twin_and_the_switcher_links_them(built_site: BuiltSite) -> None:
    site = built_site.site
    folders = page_folders(site)
    assert len(folders) > 50
    for folder in folders:
        english_folder = f"en/{folder}".rstrip("/")
        english = site / english_folder / "index.html"
        assert english.exists(), f"no English twin of {folder or 'home'}"
        vi_text = (site / folder / "index.html").read_text(encoding="utf-8")
        en_text = english.read_text(encoding="utf-8")
        to_en = re.search(r'<nav class="language-switcher".*?<a href="([^"]+)" hreflang="en"', vi_text, re.S).group(1)
        to_vi = re.search(r'<nav class="language-switcher".*?<a href="([^"]+)" hreflang="vi"', en_text, re.S).group(1)
        assert resolve(folder, to_en) == english_folder
        assert resolve(english_folder, to_vi) == folder


def test_hreflang_alternates_are_absolute_reciprocal_with_x_default(built_site: BuiltSite) -> None:
    home = yaml.safe_load((built_site.root / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["home_url"]
    for folder in page_folders(built_site.site):
        vi = head_alternates((built_site.site / folder / "index.html").read_text(encoding="utf-8"))
        en = head_alternates((built_site.site / "en" / folder / "index.html").read_text(encoding="utf-8"))
        expected = {"vi": home + url_of(folder), "en": home + "en/" + url_of(folder), "x-default": home + url_of(folder)}
        assert vi == expected and en == expected, folder


def test_sitemaps_list_language_alternates(built_site: BuiltSite) -> None:
    for sitemap in (built_site.site / "sitemap.xml", built_site.site / "en" / "sitemap.xml"):
        text = sitemap.read_text(encoding="utf-8")
        assert text.count("<url>") > 50
        assert text.count('hreflang="vi"') == text.count('hreflang="en"') == text.count("<url>")


class _TextOutsideVietnamese(HTMLParser):
    """Collects the text of the page content that is not inside an element marked lang="vi"."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.inside_body = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        vietnamese = attributes.get("lang") == "vi" or (bool(self.stack) and self.stack[-1])
        if tag in ("br", "img", "meta", "link", "input", "hr", "wbr"):
            return
        self.stack.append(vietnamese)
        if "data-pagefind-body" in attributes:
            self.inside_body = len(self.stack)

    def handle_endtag(self, tag):
        if tag in ("br", "img", "meta", "link", "input", "hr", "wbr") or not self.stack:
            return
        if self.inside_body == len(self.stack):
            self.inside_body = 0
        self.stack.pop()

    def handle_data(self, data):
        if self.inside_body and not (self.stack and self.stack[-1]):
            self.text.append(data)


def test_no_english_page_is_a_vietnamese_page_in_disguise(built_site: BuiltSite) -> None:
    for page in (built_site.site / "en").rglob("index.html"):
        if page.parent.name in SKIPPED:
            continue
        text = page.read_text(encoding="utf-8")
        assert '<html lang="en"' in text, page
        parser = _TextOutsideVietnamese()
        parser.feed(text)
        english = unicodedata.normalize("NFC", " ".join(parser.text))
        letters = [c for c in english if c.isalpha()]
        share = len(VIETNAMESE_ONLY.findall(english)) / max(len(letters), 1)
        assert letters and share <= ENGLISH_MAX_VIETNAMESE_SHARE, f"{page}: {share:.1%} Vietnamese letters outside lang=vi"


def test_untranslated_article_says_so_and_marks_its_body_vietnamese(built_site: BuiltSite) -> None:
    page = next(p for p in (built_site.docs / "en" / "articles").glob("*.md") if "translation of this article is pending" in p.read_text(encoding="utf-8"))
    text = page.read_text(encoding="utf-8")
    assert '<div lang="vi" markdown>' in text


def test_editor_translation_is_used_for_the_english_page(built_site: BuiltSite) -> None:
    page = built_site.docs / "en" / "articles" / "bo-ngoai-giao-lam-viec-voi-tinh-nghe-an-ve-hoi-nhap-va-doi-ngoai-dia-phuong.md"
    text = page.read_text(encoding="utf-8")
    assert "# Ministry of Foreign Affairs works with Nghe An Province" in text
    assert "pending" not in text and '<div lang="vi"' not in text


def test_every_role_in_the_seeds_renders_in_english_except_the_listed_ones() -> None:
    """The roles that fall back to Vietnamese on English pages (and are listed in the report)."""
    resources = Resources.load()
    fallbacks = set()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for person in extract(read_source(path), resources).people:
            fallbacks.update(role for role in person.roles if resources.translate_role(role) is None)
    assert fallbacks == {"nữ sĩ"}  # a literary epithet ("poetess"), not an office: kept in Vietnamese


@pytest.mark.parametrize(("status", "hash_line"), [("translated", ""), ("outdated", "source_hash: 000000000000\n"), ("missing", None)])
def test_translations_command_reports_each_status(status, hash_line, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("Tiêu đề thử nghiệm\n\nNội dung bài viết.\n", encoding="utf-8")
    if hash_line is not None:
        (tmp_path / "a.en.md").write_text(f"---\ntitle: Test title\n{hash_line}---\nBody.\n", encoding="utf-8")
    assert main(["translations", "--seeds", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith(f"{status} ")
