"""Render stage: `Site` -> {path under docs/: Markdown text}. Pure: it writes nothing.

Pages are Jinja2 templates in `generator/templates/`; front matter is a dict dumped by
`yaml.safe_dump`, never built from strings. Article text is untrusted: `escape_markdown`
turns every character that Markdown, HTML, attribute lists, snippets or emoji shortcodes
could act on into an HTML character reference, so a line "<script>…" or "--8<-- 'x'" is
shown as text and can neither change the page nor read a file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import jinja2
import yaml

from generator.link import Site
from generator.model import Article, Role

TEMPLATES_DIR = Path(__file__).parent / "templates"

# How many articles the home page shows.
HOME_LATEST_COUNT = 6

# Characters with a meaning anywhere in a line for Markdown, HTML, Jinja, attr_list,
# pymdownx (snippets "--8<--", emoji ":x:", tilde, caret, mark, keys) or footnotes.
_ALWAYS_ESCAPED = frozenset("\\`*_{}[]<>&|~:^=$!\"'#")
# Characters with a meaning only where a line starts: "- item", "+ item", "1. item", "> quote".
_LINE_START_MARKER = re.compile(r"^(\d*)([-+.)>])")


def _reference(char: str) -> str:
    return f"&#{ord(char)};"


def escape_markdown(text: str) -> str:
    """Return `text` as inert Markdown: it renders as the same characters and nothing else."""
    escaped = "".join(_reference(c) if c in _ALWAYS_ESCAPED else c for c in text)
    escaped = _LINE_START_MARKER.sub(lambda m: m.group(1) + _reference(m.group(2)), escaped)
    return " ".join(escaped.split())


def format_date_vi(iso: str | None) -> str:
    """Return an ISO date of any precision the Vietnamese way: "20/02/2023", "02/2023", "2023"."""
    if not iso:
        return ""
    return "/".join(reversed(iso.split("-")))


def front_matter(meta: Mapping) -> str:
    """Return a YAML front-matter block for `meta`, dumped by the YAML library."""
    return "---\n" + yaml.safe_dump(dict(meta), allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def _environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    env.filters["vi_date"] = format_date_vi
    return env


def article_url(article: Article) -> str:
    """Return the docs-relative Markdown path of an article page."""
    return f"articles/{article.slug}.md"


def article_meta(article: Article) -> dict:
    """Return the front matter of an article page: what `extract --json` prints, for the theme and tools."""
    return {
        "title": article.title,
        "id": article.id,
        "slug": article.slug,
        "title_source": article.title_source,
        "date": article.date,
        "date_precision": article.date_precision,
        "description": article.summary or article.lead or "",
        "category": article.category,
        "authors": list(article.authors),
        "credits": list(article.credits),
        "people": [{"name": p.name, "role": p.role} for p in article.people],
        "provinces": [
            {"name": p.name, "id": p.id, "name_en": p.name_en, "current_id": p.current_id} for p in article.provinces
        ],
        "countries": [{"name": p.name, "id": p.id, "name_en": p.name_en} for p in article.countries],
        "foreign_localities": [
            {"name": p.name, "id": p.id, "name_en": p.name_en, "country_id": p.country_id}
            for p in article.foreign_localities
        ],
        "topics": list(article.topics),
        "source": {"outlet": article.source_outlet, "url": article.source_url},
    }


def render_site(site: Site, templates_dir: Path = TEMPLATES_DIR) -> dict[str, str]:
    """Return every generated page as {docs-relative path: text}."""
    env = _environment(templates_dir)
    body_roles = {Role.LEAD, Role.PARAGRAPH, Role.HEADING, Role.CAPTION}
    pages = {
        "index.md": env.get_template("home.md.j2").render(
            meta=front_matter({"title": "Trang chủ", "template": "home.html", "hide": ["navigation", "toc"]}),
            latest=site.articles[:HOME_LATEST_COUNT],
            article_count=len(site.articles),
        ),
        "articles/index.md": env.get_template("articles_index.md.j2").render(
            meta=front_matter({"title": "Bài viết"}),
            articles=site.articles,
        ),
    }
    template = env.get_template("article.md.j2")
    for article in site.articles:
        pages[article_url(article)] = template.render(
            meta=front_matter(article_meta(article)),
            article=article,
            body=[b for b in article.blocks if b.role in body_roles],
        )
    return pages
