"""Render stage: `Site` -> {path under docs/: Markdown text}. Pure: it writes nothing.

Pages are Jinja2 templates in `generator/templates/`; front matter is a dict dumped by
`yaml.safe_dump`, never built from strings; interface words come from `data/labels.yml`.
Article text is untrusted: `escape_markdown` turns every character that Markdown, HTML,
attribute lists, snippets or emoji shortcodes could act on into an HTML character
reference, so a line "<script>…" or "--8<-- 'x'" is shown as text and can neither change
the page nor read a file. Links are built here, from slugs and ids the generator made.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from generator.collate import initial
from generator.link import Person, Site, partner_ids
from generator.model import Article, Role

TEMPLATES_DIR = Path(__file__).parent / "templates"
LABELS_PATH = Path(__file__).parent / "data" / "labels.yml"

# How many articles the home page shows with their lead, and how many topics it features.
HOME_LATEST_COUNT = 5
HOME_TOPIC_COUNT = 6

# Characters with a meaning anywhere in a line for Markdown, HTML, Jinja, attr_list,
# pymdownx (snippets "--8<--", emoji ":x:", tilde, caret, mark, keys) or footnotes.
_ALWAYS_ESCAPED = frozenset("\\`*_{}[]<>&|~:^=$!\"'#")
# Characters with a meaning only where a line starts: "- item", "+ item", "1. item", "> quote".
_LINE_START_MARKER = re.compile(r"^(\d*)([-+.)>])")

# A line break inside a block would let the next line start a Markdown construct.
_WHITESPACE_RUN = re.compile(r"\s+")

# Folders of the generated pages, one per kind of page.
SECTION_DIRS = {"article": "articles", "person": "people", "province": "provinces", "partner": "partners", "topic": "topics"}


def _reference(char: str) -> str:
    return f"&#{ord(char)};"


def escape_markdown(text: str) -> str:
    """Return `text` as inert Markdown: it renders as the same characters and nothing else."""
    escaped = "".join(_reference(c) if c in _ALWAYS_ESCAPED else c for c in text)
    escaped = _LINE_START_MARKER.sub(lambda m: m.group(1) + _reference(m.group(2)), escaped)
    return _WHITESPACE_RUN.sub(" ", escaped)


def format_date_vi(iso: str | None) -> str:
    """Return an ISO date of any precision the Vietnamese way: "20/02/2023", "02/2023", "2023"."""
    if not iso:
        return ""
    return "/".join(reversed(iso.split("-")))


def front_matter(meta: Mapping) -> str:
    """Return a YAML front-matter block for `meta`, dumped by the YAML library."""
    return "---\n" + yaml.safe_dump(dict(meta), allow_unicode=True, sort_keys=False, width=1000) + "---\n"


def load_labels(path: Path = LABELS_PATH) -> dict[str, dict[str, str]]:
    """Read the interface words per language; a malformed file raises ValueError naming it."""
    try:
        labels = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(labels, dict) or not all(isinstance(v, dict) for v in labels.values()):
            raise TypeError("expected a mapping of languages to mappings of words")
        return labels
    except (OSError, yaml.YAMLError, TypeError) as error:
        raise ValueError(f"{path}: invalid labels: {error}") from None


def page_path(kind: str, key: str) -> str:
    """Return the docs-relative Markdown path of an entity or article page: ("person", "x") -> "people/x.md"."""
    return f"{SECTION_DIRS[kind]}/{key}.md"


def index_path(kind: str) -> str:
    return f"{SECTION_DIRS[kind]}/index.md"


def relative(from_page: str, to_page: str) -> str:
    """Return the Markdown link from one docs-relative page to another ("../people/x.md")."""
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def md_link(text: str, from_page: str, to_page: str) -> str:
    """Return an escaped Markdown link, the only way generated pages link to each other."""
    return f"[{escape_markdown(text)}]({relative(from_page, to_page)})"


def article_path(article: Article) -> str:
    """Return the docs-relative Markdown path of an article page."""
    return page_path("article", article.slug)


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


def link_first_mentions(text: str, targets: dict[str, str], from_page: str) -> str:
    """Return `text` as Markdown with the first mention of each target linked; used targets are removed.

    `targets` maps a name as the article writes it to the page it links to. Longer names win
    where two start at the same place ("Thành phố Hồ Chí Minh" over "Hồ Chí Minh").
    """
    parts: list[str] = []
    position = 0
    while targets:
        found = None
        for surface in sorted(targets, key=len, reverse=True):
            for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text[position:]):
                start = position + match.start()
                if found is None or start < found[0]:
                    found = (start, surface)
                break
        if found is None:
            break
        start, surface = found
        parts.append(escape_markdown(text[position:start]))
        parts.append(md_link(surface, from_page, targets.pop(surface)))
        position = start + len(surface)
    parts.append(escape_markdown(text[position:]))
    return "".join(parts)


@dataclass(frozen=True)
class _Context:
    """What every page renderer needs: the site, its language, words and templates."""

    site: Site
    lang: str
    words: Mapping[str, str]
    env: jinja2.Environment

    def name(self, kind: str, key: str) -> str:
        """The display name of an entity in this language."""
        gazetteer = self.site.gazetteer
        if kind == "province":
            entry = gazetteer.province(key)
        elif kind == "partner":
            entry = gazetteer.partner(key)
        elif kind == "topic":
            entry = next(t for t in self.site.taxonomy.topics if t.id == key)
        else:
            return next(p.name for p in self.site.people if p.key == key)
        return entry.name_en if self.lang == "en" else entry.name

    def link(self, kind: str, key: str, from_page: str) -> str:
        return md_link(self.name(kind, key), from_page, page_path(kind, key))

    def article_link(self, article: Article, from_page: str) -> str:
        return md_link(article.title, from_page, article_path(article))

    def date(self, iso: str | None) -> str:
        return format_date_vi(iso)

    def render(self, template: str, meta: Mapping, **values) -> str:
        return self.env.get_template(template).render(meta=front_matter(meta), w=self.words, **values)


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
    return env


def _article_list(ctx: _Context, article_ids: Sequence[str], from_page: str) -> list[dict]:
    """Rows for a list of articles: link, date and lead, in the order given."""
    rows = []
    for article_id in article_ids:
        article = ctx.site.article(article_id)
        rows.append({"link": ctx.article_link(article, from_page), "date": ctx.date(article.date), "lead": article.lead})
    return rows


def _body_targets(ctx: _Context, article: Article) -> dict[str, str]:
    """Names in the article body -> the pages they link to (people, provinces, partners)."""
    targets = {p.name: page_path("person", ctx.site.person_keys[p.name]) for p in article.people}
    for province in article.provinces:
        targets.setdefault(province.name, page_path("province", province.id))
    for partner in (*article.countries, *article.foreign_localities):
        targets.setdefault(partner.name, page_path("partner", partner.id))
    return targets


def _render_body(ctx: _Context, article: Article, path: str) -> list[dict]:
    """Body blocks as Markdown, with the first mention of each entity linked (not in captions)."""
    targets = _body_targets(ctx, article)
    body = []
    for block in article.blocks:
        if block.role in (Role.LEAD, Role.PARAGRAPH):
            body.append({"role": block.role.value, "text": link_first_mentions(block.text, targets, path)})
        elif block.role in (Role.HEADING, Role.CAPTION):
            body.append({"role": block.role.value, "text": escape_markdown(block.text), "credit": escape_markdown(block.credit or "")})
    return body


def _article_facts(ctx: _Context, article: Article, path: str) -> list[tuple[str, list[str]]]:
    people = [
        ctx.link("person", ctx.site.person_keys[p.name], path) + (f" — {escape_markdown(p.role)}" if p.role else "")
        for p in article.people
    ]
    facts = [
        (ctx.words["people"], people),
        (ctx.words["provinces"], [ctx.link("province", p.id, path) for p in article.provinces]),
        (ctx.words["partners"], [ctx.link("partner", i, path) for i in partner_ids(article)]),
        (ctx.words["topics"], [ctx.link("topic", t, path) for t in article.topics]),
    ]
    return [(label, items) for label, items in facts if items]


def _render_article(ctx: _Context, article: Article) -> str:
    path = article_path(article)
    source = escape_markdown(article.source_outlet or "")
    if article.source_url:
        source = f"[{source or escape_markdown(article.source_url)}](<{article.source_url}>)"
    return ctx.render(
        "article.md.j2",
        article_meta(article),
        title=escape_markdown(article.title),
        date=ctx.date(article.date),
        iso_date=article.date,
        source=source,
        authors=", ".join(escape_markdown(a) for a in article.authors),
        facts=_article_facts(ctx, article, path),
        body=_render_body(ctx, article, path),
        related=_article_list(ctx, ctx.site.related[article.id], path),
    )


def _render_person(ctx: _Context, person: Person) -> str:
    path = page_path("person", person.key)
    roles = [
        {"role": escape_markdown(r.role), "article": ctx.article_link(ctx.site.article(r.article_id), path), "date": ctx.date(r.date)}
        for r in person.roles
    ]
    return ctx.render(
        "person.md.j2",
        {"title": person.name, "family": person.family, "middle": person.middle, "given": person.given},
        name=escape_markdown(person.name),
        roles=roles,
        articles=_article_list(ctx, person.article_ids, path),
        companions=[f"{ctx.link('person', key, path)} ({count})" for key, count in person.companions],
        provinces=[ctx.link("province", i, path) for i in person.province_ids],
    )


def _render_province(ctx: _Context, page) -> str:
    path = page_path("province", page.id)
    province = ctx.site.gazetteer.province(page.id)
    reform = ctx.date(ctx.site.gazetteer.reform_date.isoformat())
    successor = None if province.current else ctx.link("province", province.merged_into, path)
    known = {p.id for p in ctx.site.provinces}
    absorbed = [ctx.link("province", i, path) if i in known else escape_markdown(ctx.name("province", i)) for i in province.absorbed]
    return ctx.render(
        "province.md.j2",
        {"title": ctx.name("province", page.id), "id": page.id, "name_en": province.name_en},
        name=escape_markdown(province.name),
        name_en=escape_markdown(province.name_en),
        kind=ctx.words[f"kind_{province.kind}"],
        reform=reform,
        successor=successor,
        absorbed=absorbed,
        articles=_article_list(ctx, page.article_ids, path),
        people=[ctx.link("person", k, path) for k in page.person_keys],
        partners=[ctx.link("partner", i, path) for i in page.partner_ids],
    )


def _render_partner(ctx: _Context, page) -> str:
    path = page_path("partner", page.id)
    partner = ctx.site.gazetteer.partner(page.id)
    country = ctx.link("partner", partner.country, path) if partner.country else None
    return ctx.render(
        "partner.md.j2",
        {"title": ctx.name("partner", page.id), "id": page.id, "name_en": partner.name_en},
        name=escape_markdown(partner.name),
        name_en=escape_markdown(partner.name_en),
        kind=ctx.words[f"kind_{partner.kind}"],
        country=country,
        articles=_article_list(ctx, page.article_ids, path),
        provinces=[ctx.link("province", i, path) for i in page.province_ids],
        localities=[ctx.link("partner", i, path) for i in page.locality_ids],
    )


def _render_topic(ctx: _Context, page) -> str:
    path = page_path("topic", page.id)
    return ctx.render(
        "topic.md.j2",
        {"title": ctx.name("topic", page.id), "id": page.id},
        name=escape_markdown(ctx.name("topic", page.id)),
        articles=_article_list(ctx, page.article_ids, path),
    )


def _render_archive(ctx: _Context) -> str:
    path = index_path("article")
    years: dict[str, list[str]] = defaultdict(list)
    undated = []
    for article in ctx.site.articles:
        (years[article.date[:4]] if article.date else undated).append(article.id)
    return ctx.render(
        "archive.md.j2",
        {"title": ctx.words["archive"]},
        years=[(year, _article_list(ctx, ids, path)) for year, ids in years.items()],
        undated=_article_list(ctx, undated, path),
    )


def _render_people_directory(ctx: _Context) -> str:
    path = index_path("person")
    groups: dict[str, list[str]] = {}
    for person in ctx.site.people:
        row = ctx.link("person", person.key, path)
        if person.roles:
            row += f" — {escape_markdown(person.roles[0].role)}"
        groups.setdefault(initial(person.given), []).append(row)
    return ctx.render("people_index.md.j2", {"title": ctx.words["person_directory"]}, groups=list(groups.items()))


def _render_provinces_directory(ctx: _Context) -> str:
    path = index_path("province")
    gazetteer = ctx.site.gazetteer
    current, former = [], []
    for page in ctx.site.provinces:
        province = gazetteer.province(page.id)
        row = ctx.link("province", page.id, path) + f" ({ctx.words['article_count'].format(count=len(page.article_ids))})"
        if province.current:
            current.append(row)
        else:
            former.append(f"{row} → {ctx.link('province', province.merged_into, path)}")
    reform = ctx.date(gazetteer.reform_date.isoformat())
    return ctx.render(
        "provinces_index.md.j2",
        {"title": ctx.words["province_directory"]},
        current=current,
        former=former,
        former_heading=ctx.words["former_units"].format(date=reform),
    )


def _render_partners_directory(ctx: _Context) -> str:
    path = index_path("partner")
    countries, localities = [], []
    for page in ctx.site.partners:
        partner = ctx.site.gazetteer.partner(page.id)
        row = ctx.link("partner", page.id, path) + f" ({ctx.words['article_count'].format(count=len(page.article_ids))})"
        if partner.country:
            localities.append(f"{row}, {ctx.words['in_country']} {ctx.link('partner', partner.country, path)}")
        else:
            countries.append(row)
    return ctx.render("partners_index.md.j2", {"title": ctx.words["partner_directory"]}, countries=countries, localities=localities)


def _render_topics_directory(ctx: _Context) -> str:
    path = index_path("topic")
    rows = [
        ctx.link("topic", page.id, path) + f" ({ctx.words['article_count'].format(count=len(page.article_ids))})"
        for page in sorted(ctx.site.topics, key=lambda p: -len(p.article_ids))
    ]
    return ctx.render("topics_index.md.j2", {"title": ctx.words["topic_directory"]}, rows=rows)


def _render_home(ctx: _Context) -> str:
    path = "index.md"
    site = ctx.site
    countries = [p for p in site.partners if not site.gazetteer.partner(p.id).country]
    figures = [
        (len(site.articles), ctx.words["figures_articles"], relative(path, index_path("article"))),
        (len(countries), ctx.words["figures_partners"], relative(path, index_path("partner"))),
        (len(site.provinces), ctx.words["figures_provinces"], relative(path, index_path("province"))),
        (len(site.people), ctx.words["figures_people"], relative(path, index_path("person"))),
    ]
    topics = sorted(site.topics, key=lambda p: -len(p.article_ids))[:HOME_TOPIC_COUNT]
    return ctx.render(
        "home.md.j2",
        {"title": ctx.words["home"], "template": "home.html", "hide": ["navigation", "toc"]},
        figures=figures,
        latest=_article_list(ctx, [a.id for a in site.articles[:HOME_LATEST_COUNT]], path),
        all_articles=md_link(ctx.words["all_articles"].format(count=len(site.articles)), path, index_path("article")),
        countries=[ctx.link("partner", p.id, path) for p in sorted(countries, key=lambda p: -len(p.article_ids))],
        topics=[ctx.link("topic", p.id, path) for p in topics],
    )


def render_site(site: Site, labels: Mapping[str, Mapping[str, str]], lang: str = "vi", templates_dir: Path = TEMPLATES_DIR) -> dict[str, str]:
    """Return every generated page as {docs-relative path: text}."""
    ctx = _Context(site=site, lang=lang, words=labels[lang], env=_environment(templates_dir))
    pages = {
        "index.md": _render_home(ctx),
        index_path("article"): _render_archive(ctx),
        index_path("person"): _render_people_directory(ctx),
        index_path("province"): _render_provinces_directory(ctx),
        index_path("partner"): _render_partners_directory(ctx),
        index_path("topic"): _render_topics_directory(ctx),
    }
    pages.update({article_path(a): _render_article(ctx, a) for a in site.articles})
    pages.update({page_path("person", p.key): _render_person(ctx, p) for p in site.people})
    pages.update({page_path("province", p.id): _render_province(ctx, p) for p in site.provinces})
    pages.update({page_path("partner", p.id): _render_partner(ctx, p) for p in site.partners})
    pages.update({page_path("topic", p.id): _render_topic(ctx, p) for p in site.topics})
    return pages
