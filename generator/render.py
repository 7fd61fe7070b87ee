"""Render stage: `Site` -> {path under docs/: Markdown text}. Pure: it writes nothing.

Pages are Jinja2 templates in `generator/templates/`; front matter is a dict serialised by
`front_matter` (every string quoted and escaped), never pasted together from strings;
interface words come from `data/labels.yml`.
Article text is untrusted: `escape_markdown` turns every character that Markdown, HTML,
attribute lists, snippets or emoji shortcodes could act on into an HTML character
reference, so a line "<script>…" or "--8<-- 'x'" is shown as text and can neither change
the page nor read a file. Links are built here, from slugs and ids the generator made.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import posixpath
import re
import urllib.parse
import xml.etree.ElementTree as ElementTree
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
import yaml
import zxingcpp

from generator import png
from generator.cards import Card, card_name
from generator.collate import initial
from generator.extract import Resources
from generator.link import Person, Site, partner_ids
from generator.parallel import PARALLEL_MIN_ITEMS, iter_parallel
from generator.site_config import SiteConfig
from generator.textkey import strip_accents
from generator.translation import translation_status
from generator.model import Article, Role
from generator.yamlload import load_yaml

TEMPLATES_DIR = Path(__file__).parent / "templates"
LABELS_PATH = Path(__file__).parent / "data" / "labels.yml"

# How much the names of a person, province or partner weigh in search against a page that mentions them.
ENTITY_SEARCH_WEIGHT = 10.0

# Link previews: descriptions are cut to this many characters, on a word boundary.
DESCRIPTION_MAX_CHARS = 200
# Where preview images go, in the Vietnamese tree (both languages link to them absolutely).
CARDS_DIR = "assets/social"
# QR codes: error correction level, data mask (see `qr_image`), pixels per module, colour.
QR_ERROR_CORRECTION = "M"
QR_DATA_MASK = 2
QR_SCALE = 4
QR_COLOUR = "#083a66"
# How many articles a feed lists.
FEED_ARTICLES = 20
# Lists of articles are cut into pages of this many, newest first: a topic or a partner of a
# ten-year corpus is named in thousands of articles, far too many for one page on a phone.
LIST_PAGE_SIZE = 30
# Where the archive's pages of one year go ("archive/2023.md", then "archive/2023/2.md", …).
ARCHIVE_DIR = "archive"

# How many articles the home page shows with their lead, and how many topics it features.
HOME_LATEST_COUNT = 5
HOME_TOPIC_COUNT = 6

# Characters with a meaning anywhere in a line for Markdown, HTML, Jinja, attr_list,
# pymdownx (snippets "--8<--", emoji ":x:", tilde, caret, mark, keys) or footnotes.
_ALWAYS_ESCAPED = "\\`*_{}[]<>&|~:^=$!\"'#"
# One regular-expression pass: `str.translate` with a mapping looks up every character of
# Vietnamese text in a dict and is ten times slower on news paragraphs.
_ESCAPED_CHAR = re.compile(f"[{re.escape(_ALWAYS_ESCAPED)}]")
# Characters with a meaning only where a line starts: "- item", "+ item", "1. item", "> quote".
_LINE_START_MARKER = re.compile(r"^(\d*)([-+.)>])")

# A line break inside a block would let the next line start a Markdown construct: every run of
# whitespace becomes one space. Matching only the runs that are not one space already keeps the
# pass from replacing each space of a paragraph by itself.
_WHITESPACE_RUN = re.compile(r"\s{2,}|[^\S ]")

# Folders of the generated pages, one per kind of page.
SECTION_DIRS = {"article": "articles", "person": "people", "province": "provinces", "partner": "partners", "topic": "topics"}


def _reference(char: str) -> str:
    return f"&#{ord(char)};"


_REFERENCES = {char: _reference(char) for char in _ALWAYS_ESCAPED}


def escape_markdown(text: str, *, starts_line: bool = True) -> str:
    """Return `text` as inert Markdown: it renders as the same characters and nothing else.

    `starts_line=False` is for text that follows other Markdown on the same line, where
    "1." or "-" cannot start a list.
    """
    escaped = _ESCAPED_CHAR.sub(lambda m: _REFERENCES[m.group()], text)
    marker = _LINE_START_MARKER.match(escaped) if starts_line else None
    if marker:
        escaped = marker.group(1) + _reference(marker.group(2)) + escaped[marker.end():]
    # every whitespace character but the space is unprintable: most text needs no pass at all
    if escaped.isprintable() and "  " not in escaped:
        return escaped
    return _WHITESPACE_RUN.sub(" ", escaped)


def format_date_vi(iso: str | None) -> str:
    """Return an ISO date of any precision the Vietnamese way: "20/02/2023", "02/2023", "2023"."""
    if not iso:
        return ""
    return "/".join(reversed(iso.split("-")))


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def format_date_en(iso: str | None) -> str:
    """Return an ISO date of any precision in English: "20 February 2023", "February 2023", "2023"."""
    if not iso:
        return ""
    parts = iso.split("-")
    words = [str(int(parts[2]))] if len(parts) == 3 else []
    if len(parts) >= 2:
        words.append(_MONTHS_EN[int(parts[1]) - 1])
    return " ".join(words + [parts[0]])


DATE_FORMATS = {"vi": format_date_vi, "en": format_date_en}
# Where each language's pages live under docs/.
LANGUAGE_ROOTS = {"vi": "", "en": "en/"}


def search_terms(names: Sequence[str], weight: float) -> str:
    """Return a hidden paragraph of `names` with and without accents, for the search index only.

    Pagefind folds most Vietnamese accents but not đ, so "dak lak" would not find "Đắk Lắk";
    the folded spellings here make it. The paragraph is invisible (CSS) and hidden from
    screen readers; `weight` ranks a page above pages that only mention the name.
    """
    forms = dict.fromkeys(form for name in names for form in (name, strip_accents(name)))
    if not forms:
        return ""
    text = escape_markdown(" · ".join(forms))
    return f'\n<p class="search-terms" lang="vi" aria-hidden="true" data-pagefind-weight="{weight}">{text}</p>\n'


def trim_description(text: str, limit: int = DESCRIPTION_MAX_CHARS) -> str:
    """Return `text` cut to at most `limit` characters at a word boundary, with "…" when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(" ,;:-–") + "…"


def page_url(md_path: str) -> str:
    """The site-relative URL of a Markdown page with directory URLs: "people/x.md" -> "people/x/"."""
    stem = md_path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


def qr_image(url: str) -> str:
    """Return an `<img>` of the QR code of `url`, a two-colour PNG inside the page (a data: URI).

    zxing-cpp (C++) encodes it with a fixed data mask: choosing the mask by its penalty score,
    as encoders do by default, takes seven times as long, and every mask is valid and scans.
    At one bit per module (and the standard light quiet zone) the image is a few hundred
    bytes; CSS scales it up without smoothing (`image-rendering: pixelated`).
    """
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level=QR_ERROR_CORRECTION, data_mask=QR_DATA_MASK)
    image = code.to_image(scale=1, add_quiet_zones=True)
    side = image.shape[1]
    bits = bytes(memoryview(image)).translate(_MODULE_BITS)
    padding, row_bytes = b"0" * (-side % 8), (side + 7) // 8
    # each row as "0"s and "1"s after its filter byte (0, none), packed into bytes by one int()
    rows_as_digits = b"".join(b"00000000" + bits[start:start + side] + padding for start in range(0, side * side, side))
    rows = int(rows_as_digits, 2).to_bytes(side * (1 + row_bytes), "big")
    data = base64.b64encode(png.palette_png(side, side, _QR_PALETTE, rows, bit_depth=1)).decode("ascii")
    pixels = side * QR_SCALE
    return f'<img class="qr-code" src="data:image/png;base64,{data}" width="{pixels}" height="{pixels}" alt="">'


# zxing-cpp draws a dark module as 0 and a light one as 255; in the PNG, light is colour 0 and dark colour 1.
_MODULE_BITS = bytes(ord("1") if value < 128 else ord("0") for value in range(256))
_QR_PALETTE = b"\xff\xff\xff" + bytes.fromhex(QR_COLOUR.removeprefix("#"))


def _quote(text: str) -> str:
    """`text` percent-encoded for a query value, as `urlencode(..., quote_via=quote)` would write it."""
    return urllib.parse.quote(text, safe="")


def in_vietnamese(markdown: str) -> str:
    """Return inline Markdown marked as Vietnamese, for Vietnamese text on an English page."""
    return f'<span lang="vi">{markdown}</span>'


# Characters a YAML double-quoted scalar may not hold as they are: those YAML does not print and
# those it reads as line breaks (JSON leaves them raw). Written as "\\uXXXX", which YAML reads back.
_YAML_ESCAPED = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# A key written without quotes (every key the generator writes), unless YAML 1.1 reads the
# word as a boolean or null.
_PLAIN_KEY = re.compile(r"[a-z_][a-z0-9_]*\Z")
_YAML_WORDS = frozenset({"y", "yes", "n", "no", "true", "false", "on", "off", "null"})


# JSON's own string encoder (C): `json.dumps(..., ensure_ascii=False)` builds an encoder per call.
_json_string = json.encoder.encode_basestring


def _yaml_scalar(value: object) -> str:
    """A scalar as YAML: strings double-quoted with JSON's escapes (a subset of YAML's)."""
    if isinstance(value, str):
        quoted = _json_string(value)
        return _YAML_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted) if _YAML_ESCAPED.search(quoted) else quoted
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)  # as JSON writes it: the number, also for an int subclass
    raise TypeError(f"front matter cannot hold {type(value).__name__}: {value!r}")


@functools.lru_cache(maxsize=256)
def _yaml_key(key: str) -> str:
    """A mapping key as YAML: plain (every key the generator writes), quoted where YAML would read a plain one otherwise."""
    return key if _PLAIN_KEY.match(key) and key not in _YAML_WORDS else _yaml_scalar(key)


def _yaml_block(value: dict | list | tuple, indent: str, lines: list[str]) -> None:
    """Append the lines of a mapping or a list in YAML's block style; empty ones are written `{}` and `[]`.

    Front matter is built of dicts, lists and tuples only: concrete type checks, not the slower
    abstract `Mapping` and `Sequence` (anything else is refused by `_yaml_scalar`).
    """
    inner = indent + "  "
    if isinstance(value, dict):
        for key, item in value.items():
            head = f"{indent}{_yaml_key(key)}:"
            if not isinstance(item, (dict, list, tuple)):
                lines.append(f"{head} {_yaml_scalar(item)}")
            elif not item:
                lines.append(f"{head} {'{}' if isinstance(item, dict) else '[]'}")
            else:
                lines.append(head)
                _yaml_block(item, inner, lines)
        return
    for item in value:
        if not isinstance(item, (dict, list, tuple)):
            lines.append(f"{indent}- {_yaml_scalar(item)}")
        elif not item:
            lines.append(f"{indent}- {'{}' if isinstance(item, dict) else '[]'}")
        elif isinstance(item, dict):  # "- name: …" with its other keys below it
            first = len(lines)
            _yaml_block(item, inner, lines)
            lines[first] = f"{indent}- {lines[first][len(inner):]}"
        else:
            lines.append(f"{indent}-")
            _yaml_block(item, inner, lines)


def front_matter(meta: Mapping) -> str:
    """Return a YAML front-matter block for `meta`: block style, every string double-quoted.

    Written here rather than by `yaml.safe_dump`, whose Python-level representer took a fifth of
    the render time of a large site: the values are only mappings, lists, strings, integers,
    booleans and None, and a test reads every kind back with `yaml.safe_load`.
    """
    lines = ["---"]
    _yaml_block(meta, "", lines)
    lines.append("---\n")
    return "\n".join(lines)


def load_labels(path: Path = LABELS_PATH) -> dict[str, dict[str, str]]:
    """Read the interface words per language; a malformed file raises ValueError naming it."""
    try:
        labels = load_yaml(path.read_text(encoding="utf-8"))
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
    """Return the Markdown link from one docs-relative page to another ("../people/x.md").

    Both are normalised docs-relative file paths (the generator makes them), so the link is
    the folders up to their common folder and down again, without `posixpath.relpath`'s
    normalising, which is most of the time of a page with many links.
    """
    up = from_page.split("/")[:-1]
    down = to_page.split("/")
    common = 0
    while common < len(up) and common < len(down) - 1 and up[common] == down[common]:
        common += 1
    return "../" * (len(up) - common) + "/".join(down[common:])


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
        rest = text[position:]
        for surface in sorted(targets, key=len, reverse=True):
            match = _whole_words(surface).search(rest) if surface in rest else None
            if match and (found is None or position + match.start() < found[0]):
                found = (position + match.start(), surface)
        if found is None:
            break
        start, surface = found
        parts.append(escape_markdown(text[position:start], starts_line=not parts))
        parts.append(md_link(surface, from_page, targets.pop(surface)))
        position = start + len(surface)
    parts.append(escape_markdown(text[position:], starts_line=not parts))
    return "".join(parts)


@functools.lru_cache(maxsize=1 << 14)
def _whole_words(surface: str) -> re.Pattern:
    """The pattern of `surface` as whole words (cached: an entity's name is looked for on every page)."""
    return re.compile(rf"(?<!\w){re.escape(surface)}(?!\w)")


@dataclass(frozen=True)
class _Context:
    """What every page renderer needs: the site, its language, words, data and templates.

    Every choice that differs between the Vietnamese and the English page is made here, so
    that the page renderers and templates are the same for both languages.
    """

    site: Site
    lang: str
    words: Mapping[str, str]
    env: jinja2.Environment
    resources: Resources
    config: SiteConfig
    cards: dict[str, Card]
    """Preview images the rendered pages refer to: docs-relative path -> what to draw."""
    bodies: dict[str, list[dict]]
    """Article id -> its Vietnamese body as rendered (`_render_body`), shared by the contexts of
    both languages: an untranslated English page shows the same body."""
    links: dict[tuple[str, str, str], str] = field(default_factory=dict, init=False)
    """(kind, key, folder of the linking page) -> the link to an entity's page, the same from every
    page of a folder: an often-named entity is linked from most pages of a share."""

    @property
    def english(self) -> bool:
        return self.lang == "en"

    def name(self, kind: str, key: str) -> str:
        """The display name of an entity in this language.

        English pages write Vietnamese personal names without diacritics ("Bui Thanh Son"), as
        Vietnam's official English media do; the person page keeps the Vietnamese form visible.
        """
        gazetteer = self.site.gazetteer
        if kind == "person":
            name = self.site.people_by_key[key].name
            return strip_accents(name) if self.english else name
        if kind == "province":
            entry = gazetteer.province(key)
        elif kind == "partner":
            entry = gazetteer.partner(key)
        else:
            entry = self.site.taxonomy.by_id[key]
        return entry.name_en if self.english else entry.name

    def link(self, kind: str, key: str, from_page: str) -> str:
        cache_key = (kind, key, from_page.rpartition("/")[0])
        link = self.links.get(cache_key)
        if link is None:
            link = self.links[cache_key] = md_link(self.name(kind, key), from_page, page_path(kind, key))
        return link

    def article_title(self, article: Article) -> tuple[str, bool]:
        """(title in this language, whether it is Vietnamese text shown on an English page)."""
        if not self.english:
            return article.title, False
        english = article.translation.title if article.translation else article.title_en
        return (english, False) if english else (article.title, True)

    def article_link(self, article: Article, from_page: str) -> str:
        title, vietnamese = self.article_title(article)
        link = md_link(title, from_page, article_path(article))
        return in_vietnamese(link) if vietnamese else link

    def lead(self, article: Article) -> str | None:
        """The lead as inline Markdown: the English summary on English pages when there is one."""
        if not self.english:
            return escape_markdown(article.lead) if article.lead else None
        english = (article.translation.summary if article.translation else None) or article.summary_en
        if english:
            return escape_markdown(english)
        return in_vietnamese(escape_markdown(article.lead)) if article.lead else None

    def role(self, role: str) -> str:
        """A role as inline Markdown: in English through the glossary, else in Vietnamese, marked so."""
        if not self.english:
            return escape_markdown(role)
        english = self.resources.translate_role(role)
        return escape_markdown(english) if english else in_vietnamese(escape_markdown(role))

    def date(self, iso: str | None) -> str:
        return DATE_FORMATS[self.lang](iso)

    def absolute_url(self, md_path: str) -> str:
        return self.config.url(LANGUAGE_ROOTS[self.lang], page_url(md_path))

    def card(self, title: str, iso_date: str | None = None, path: str | None = None) -> str:
        """Register the preview image of a page (at a path named by its content unless given); return its address."""
        card = Card(
            title=title,
            date=self.date(iso_date),
            site_name=self.config.site_names[self.lang],
            organisation=self.config.organisations[self.lang],
        )
        path = path or f"{CARDS_DIR}/{card_name(card)}"
        self.cards[path] = card
        return self.config.home_url + path

    def share(self, md_path: str, title: str) -> dict:
        """The share block of a page: its canonical address, as text, QR code and e-mail link."""
        url = self.absolute_url(md_path)
        mailto = f"mailto:?subject={_quote(title)}&body={_quote(url)}"
        return {"url": html.escape(url), "qr": qr_image(url), "mailto": html.escape(mailto)}

    def site_card_url(self) -> str:
        """The preview image of pages without one of their own: the site's name and organisation."""
        return self.card(self.config.site_names[self.lang], path=f"{CARDS_DIR}/site-{self.lang}.png")

    def render(
        self,
        template: str,
        meta: Mapping,
        search_names: Sequence[str] = (),
        search_weight: float = 1.0,
        card_url: str | None = None,
        **values,
    ) -> str:
        """Render a page template; `search_names` are indexed for search with and without accents.

        Every page gets a preview image (`card_url`, else the site's) and a trimmed description
        in its front matter, for the link-preview tags that `overrides/main.html` writes.
        Articles and partner pages, the pages that get forwarded, have images of their own.
        """
        meta = {**meta, "lang": self.lang}
        # The theme prints these two into <title>, <meta content="…"> and the header without
        # escaping (MkDocs' Jinja has no autoescape): they go into the front matter as HTML text.
        meta["title"] = html.escape(meta["title"])
        meta["description"] = html.escape(trim_description(meta.get("description") or self.config.site_names[self.lang]))
        meta["image"] = card_url or self.site_card_url()
        page = self.env.get_template(template).render(meta=front_matter(meta), w=self.words, lang=self.lang, **values)
        return page + search_terms(search_names, search_weight)


class _PageEnvironment(jinja2.Environment):
    """Jinja for pages whose values are dicts: `row.link` is the key "link".

    Jinja reads `a.b` as the attribute first and the key only when that fails; the failure
    (an exception for every row, block and word of every page) was a tenth of a page's time.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def _environment(templates_dir: Path) -> jinja2.Environment:
    env = _PageEnvironment(
        loader=jinja2.FileSystemLoader(templates_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # a build renders each template thousands of times: no stat() for each
    )
    env.filters["md"] = escape_markdown
    return env


def _article_list(ctx: _Context, article_ids: Sequence[str], from_page: str, with_lead: bool) -> list[dict]:
    """Rows for a list of articles in the order given: link, date and, `with_lead`, the lead (else None)."""
    rows = []
    for article_id in article_ids:
        article = ctx.site.article(article_id)
        lead = ctx.lead(article) if with_lead else None
        rows.append({"link": ctx.article_link(article, from_page), "date": ctx.date(article.date), "lead": lead})
    return rows


def continuation_path(first_path: str, number: int) -> str:
    """The page `number` of a list that starts on `first_path`: "topics/x.md" for 1, "topics/x/2.md" for 2."""
    return first_path if number == 1 else f"{first_path.removesuffix('.md')}/{number}.md"


def _list_chunks(article_ids: Sequence[str]) -> list[Sequence[str]]:
    return [article_ids[start : start + LIST_PAGE_SIZE] for start in range(0, len(article_ids), LIST_PAGE_SIZE)] or [()]


def _pager(ctx: _Context, first_path: str, number: int, count: int) -> dict | None:
    """Links to the newer and older pages of a list, and "page k of n"; None for a one-page list."""
    if count == 1:
        return None
    path = continuation_path(first_path, number)
    return {
        "newer": md_link(ctx.words["newer"], path, continuation_path(first_path, number - 1)) if number > 1 else "",
        "older": md_link(ctx.words["older"], path, continuation_path(first_path, number + 1)) if number < count else "",
        "position": ctx.words["page_of"].format(page=number, pages=count),
    }


def _paginated_list(ctx: _Context, title: str, first_path: str, article_ids: Sequence[str], with_lead: bool) -> tuple[dict, dict[str, str]]:
    """The first page's list of `article_ids` (rows and pager) and the pages after it, by path.

    The later pages hold only the list; they link back to the first page (the entity's
    own page) and are left out of the search index, which already finds the articles.
    """
    chunks = _list_chunks(article_ids)
    later = {}
    for number, chunk in enumerate(chunks[1:], start=2):
        path = continuation_path(first_path, number)
        position = ctx.words["page_of"].format(page=number, pages=len(chunks))
        later[path] = ctx.render(
            "list_page.md.j2",
            {"title": f"{title} ({position})", "pagefind": False},
            name=escape_markdown(title),
            back=md_link(title, path, first_path),
            rows=_article_list(ctx, chunk, path, with_lead),
            pager=_pager(ctx, first_path, number, len(chunks)),
        )
    first = {"rows": _article_list(ctx, chunks[0], first_path, with_lead), "pager": _pager(ctx, first_path, 1, len(chunks))}
    return first, later


def _body_targets(ctx: _Context, article: Article) -> dict[str, str]:
    """Names in the article body -> the pages they link to (people, provinces, partners)."""
    targets = {p.name: page_path("person", ctx.site.person_keys[p.name]) for p in article.people}
    for province in article.provinces:
        targets.setdefault(province.name, page_path("province", province.id))
    for partner in (*article.countries, *article.foreign_localities):
        targets.setdefault(partner.name, page_path("partner", partner.id))
    return targets


def _render_body(ctx: _Context, article: Article, path: str) -> list[dict]:
    """The Vietnamese body as Markdown blocks, the first mention of each entity linked (not in captions)."""
    targets = _body_targets(ctx, article)
    body = []
    for block in article.blocks:
        if block.role in (Role.LEAD, Role.PARAGRAPH):
            body.append({"role": block.role.value, "text": link_first_mentions(block.text, targets, path)})
        elif block.role in (Role.HEADING, Role.CAPTION):
            body.append({"role": block.role.value, "text": escape_markdown(block.text), "credit": escape_markdown(block.credit or "")})
    return body


def _vietnamese_body(ctx: _Context, article: Article, path: str) -> list[dict]:
    """`_render_body`, once per article for both languages."""
    if article.id not in ctx.bodies:
        ctx.bodies[article.id] = _render_body(ctx, article, path)
    return ctx.bodies[article.id]


def _render_translated_body(article: Article) -> list[dict]:
    return [{"role": kind, "text": escape_markdown(text)} for kind, text in article.translation.blocks]


def _person_label(ctx: _Context, key: str, path: str) -> str:
    """A person's link; on English pages followed by the Vietnamese form of the name."""
    link = ctx.link("person", key, path)
    if ctx.english:
        link += " (" + in_vietnamese(escape_markdown(ctx.site.people_by_key[key].name)) + ")"
    return link


def _article_facts(ctx: _Context, article: Article, path: str) -> list[tuple[str, list[str]]]:
    people = [
        _person_label(ctx, ctx.site.person_keys[p.name], path) + (f" — {ctx.role(p.role)}" if p.role else "")
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
    title, title_in_vietnamese = ctx.article_title(article)
    translated = ctx.english and article.translation is not None
    notice = ""
    if ctx.english and not translated:
        notice = ctx.words["translation_pending"]
    elif translated and translation_status(article.translation, article.source_hash) == "outdated":
        notice = ctx.words["translation_outdated"]
    meta = {**article_meta(article), "og_type": "article"}
    english_summary = (article.translation.summary if translated else None) or article.summary_en
    meta.update(title=title, description=(english_summary if ctx.english else None) or meta["description"])
    return ctx.render(
        "article.md.j2",
        meta,
        search_names=[article.title, *(p.name for p in article.people), *(p.name for p in article.provinces)],
        card_url=ctx.card(title, article.date) if not title_in_vietnamese else _vietnamese_card(ctx, article),
        title=escape_markdown(title),
        title_in_vietnamese=title_in_vietnamese,
        date=ctx.date(article.date),
        iso_date=article.date,
        source=source,
        authors=", ".join(escape_markdown(a) for a in article.authors),
        facts=_article_facts(ctx, article, path),
        notice=notice,
        body_in_vietnamese=ctx.english and not translated,
        body=_render_translated_body(article) if translated else _vietnamese_body(ctx, article, path),
        share=ctx.share(path, title),
        related=_article_list(ctx, ctx.site.related[article.id], path, with_lead=False),
    )


def _vietnamese_card(ctx: _Context, article: Article) -> str:
    """The Vietnamese page's image, for an English page that shows the Vietnamese title too."""
    vietnamese = replace(ctx, lang="vi")
    return vietnamese.card(article.title, article.date)


def _render_person(ctx: _Context, person: Person) -> dict[str, str]:
    path = page_path("person", person.key)
    # one row per role, with the newest article that gives it: an often-named official holds
    # the same role in hundreds of articles, which the list of articles below already shows
    stated: dict[str, list] = {}
    for held in person.roles:  # newest first
        stated.setdefault(held.role, []).append(held)
    roles = [
        {
            "role": ctx.role(role),
            "article": ctx.article_link(ctx.site.article(held[0].article_id), path),
            "date": ctx.date(held[0].date),
            "more": ctx.words["article_count"].format(count=len(held)) if len(held) > 1 else "",
        }
        for role, held in stated.items()
    ]
    name = ctx.name("person", person.key)
    articles, later = _paginated_list(ctx, name, path, person.article_ids, with_lead=False)
    return {path: ctx.render(
        "person.md.j2",
        {"title": name, "name_vi": person.name, "family": person.family, "middle": person.middle, "given": person.given},
        search_names=[person.name],
        search_weight=ENTITY_SEARCH_WEIGHT,
        name=escape_markdown(name),
        vietnamese_name=in_vietnamese(escape_markdown(person.name)) if ctx.english else "",
        share=ctx.share(path, name),
        roles=roles,
        articles=articles,
        companions=[f"{ctx.link('person', key, path)} ({count})" for key, count in person.companions],
        provinces=[ctx.link("province", i, path) for i in person.province_ids],
    ), **later}


def _place_page(ctx: _Context, kind: str, entry, path: str) -> dict:
    """What the pages of a province and of a partner share: names in both languages, kind, share block."""
    name = ctx.name(kind, entry.id)
    other = in_vietnamese(escape_markdown(entry.name)) if ctx.english else f'<span lang="en">{escape_markdown(entry.name_en)}</span>'
    return {
        "meta": {"title": name, "id": entry.id, "name_en": entry.name_en},
        "search_names": [entry.name, entry.name_en, *entry.variants],
        "search_weight": ENTITY_SEARCH_WEIGHT,
        "name": escape_markdown(name),
        "other_name": other,
        "kind": ctx.words[f"kind_{entry.kind}"],
        "share": ctx.share(path, name),
    }


def _render_province(ctx: _Context, page) -> dict[str, str]:
    path = page_path("province", page.id)
    province = ctx.site.gazetteer.province(page.id)
    reform = ctx.date(ctx.site.gazetteer.reform_date.isoformat())
    successor = None if province.current else ctx.link("province", province.merged_into, path)
    known = {p.id for p in ctx.site.provinces}
    absorbed = [ctx.link("province", i, path) if i in known else escape_markdown(ctx.name("province", i)) for i in province.absorbed]
    common = _place_page(ctx, "province", province, path)
    articles, later = _paginated_list(ctx, ctx.name("province", page.id), path, page.article_ids, with_lead=False)
    return {path: ctx.render(
        "province.md.j2",
        common.pop("meta"),
        **common,
        reform=reform,
        successor=successor,
        absorbed=absorbed,
        articles=articles,
        people=[ctx.link("person", k, path) for k in page.person_keys],
        partners=[ctx.link("partner", i, path) for i in page.partner_ids],
    ), **later}


def _render_partner(ctx: _Context, page) -> dict[str, str]:
    path = page_path("partner", page.id)
    partner = ctx.site.gazetteer.partner(page.id)
    country = ctx.link("partner", partner.country, path) if partner.country else None
    common = _place_page(ctx, "partner", partner, path)
    articles, later = _paginated_list(ctx, ctx.name("partner", page.id), path, page.article_ids, with_lead=True)
    return {path: ctx.render(
        "partner.md.j2",
        common.pop("meta"),
        **common,
        card_url=ctx.card(ctx.name("partner", page.id)),
        country=country,
        articles=articles,
        provinces=[ctx.link("province", i, path) for i in page.province_ids],
        localities=[ctx.link("partner", i, path) for i in page.locality_ids],
    ), **later}


def _render_topic(ctx: _Context, page) -> dict[str, str]:
    path = page_path("topic", page.id)
    name = ctx.name("topic", page.id)
    articles, later = _paginated_list(ctx, name, path, page.article_ids, with_lead=True)
    return {path: ctx.render("topic.md.j2", {"title": name, "id": page.id}, name=escape_markdown(name), articles=articles), **later}


def _render_archive(ctx: _Context) -> dict[str, str]:
    """The archive: its index of years with the latest articles, and each year's list of pages.

    A year's pages are "archive/2023.md" and on; articles of unknown date are "archive/undated.md".
    """
    path = index_path("article")
    years: dict[str, list[str]] = defaultdict(list)
    for article in ctx.site.articles:  # newest first
        years[article.date[:4] if article.date else "undated"].append(article.id)
    pages: dict[str, str] = {}
    links = []
    for year, ids in years.items():
        year_path = f"{ARCHIVE_DIR}/{year}.md"
        name = ctx.words["undated"] if year == "undated" else year
        title = f"{ctx.words['archive']}: {name}"
        articles, later = _paginated_list(ctx, title, year_path, ids, with_lead=False)
        pages[year_path] = ctx.render("archive_year.md.j2", {"title": title}, name=escape_markdown(title), articles=articles)
        pages.update(later)
        links.append(md_link(name, path, year_path) + f" ({ctx.words['article_count'].format(count=len(ids))})")
    pages[path] = ctx.render(
        "archive.md.j2",
        {"title": ctx.words["archive"]},
        years=links,
        latest=_article_list(ctx, [a.id for a in ctx.site.articles[:LIST_PAGE_SIZE]], path, with_lead=False),
    )
    return pages


def _render_people_directory(ctx: _Context) -> str:
    path = index_path("person")
    groups: dict[str, list[str]] = {}
    for person in ctx.site.people:
        row = ctx.link("person", person.key, path)
        if person.roles:
            row += f" — {ctx.role(person.roles[0].role)}"
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
        latest=_article_list(ctx, [a.id for a in site.articles[:HOME_LATEST_COUNT]], path, with_lead=True),
        all_articles=md_link(ctx.words["all_articles"].format(count=len(site.articles)), path, index_path("article")),
        countries=[ctx.link("partner", p.id, path) for p in sorted(countries, key=lambda p: -len(p.article_ids))],
        topics=[ctx.link("topic", p.id, path) for p in topics],
    )


def _render_redirects(ctx: _Context) -> dict[str, str]:
    """Pages at an article's earlier slugs that send the reader to its current one."""
    pages = {}
    for article in ctx.site.articles:
        for alias in article.aliases:
            path = page_path("article", alias)
            pages[path] = front_matter({
                "title": ctx.article_title(article)[0],
                "template": "redirect.html",
                # the redirect page is served at "articles/<alias>/": its target is a sibling folder
                "location": posixpath.relpath(page_url(article_path(article)), page_url(path)) + "/",
                "search": {"exclude": True},
            })
    return pages


def render_feed(ctx: _Context) -> str:
    """Return the RSS 2.0 feed of the latest articles in this language (built with ElementTree).

    An item gets a publication date only when the article's day is known: a feed must not
    invent one. No build time is written, so an unchanged corpus gives an unchanged feed.
    """
    import email.utils
    from datetime import datetime, timezone

    rss = ElementTree.Element("rss", version="2.0")
    channel = ElementTree.SubElement(rss, "channel")
    site_name = ctx.config.site_names[ctx.lang]
    for tag, text in (
        ("title", ctx.words["feed_title"].format(site=site_name)),
        ("link", ctx.absolute_url("index.md")),
        ("description", ctx.config.organisations[ctx.lang] or site_name),
        ("language", ctx.lang),
    ):
        ElementTree.SubElement(channel, tag).text = text
    for article in ctx.site.articles[:FEED_ARTICLES]:
        item = ElementTree.SubElement(channel, "item")
        url = ctx.absolute_url(article_path(article))
        ElementTree.SubElement(item, "title").text = ctx.article_title(article)[0]
        ElementTree.SubElement(item, "link").text = url
        ElementTree.SubElement(item, "guid", isPermaLink="true").text = url
        if article.date_precision == "day":
            year, month, day = map(int, article.date.split("-"))
            published = datetime(year, month, day, tzinfo=timezone.utc)
            ElementTree.SubElement(item, "pubDate").text = email.utils.format_datetime(published)
        lead = (article.translation.summary if ctx.english and article.translation else None) or article.lead
        if lead:
            # feed readers show <description> as HTML: the article's text must arrive as text
            ElementTree.SubElement(item, "description").text = html.escape(trim_description(lead, 500))
    ElementTree.indent(rss)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(rss, encoding="unicode") + "\n"


def _render_site_pages(ctx: _Context) -> dict[str, str]:
    """The pages of a language that are not one per article or entity: home, directories, archive, redirects."""
    ctx.site_card_url()  # also the image of pages the generator did not write (overrides/main.html)
    return {
        "index.md": _render_home(ctx),
        "search.md": ctx.render(
            "search.md.j2",
            {"title": ctx.words["search"], "template": "search.html", "placeholder": ctx.words["search_placeholder"], "hide": ["toc"]},
        ),
        "feed.xml": render_feed(ctx),
        index_path("person"): _render_people_directory(ctx),
        index_path("province"): _render_provinces_directory(ctx),
        index_path("partner"): _render_partners_directory(ctx),
        index_path("topic"): _render_topics_directory(ctx),
        **_render_archive(ctx),
        **_render_redirects(ctx),
    }


def _render_article_pages(ctx: _Context, article: Article) -> dict[str, str]:
    return {article_path(article): _render_article(ctx, article)}


PERMALINKS_FILE = ".permalinks.json"


@dataclass(frozen=True, slots=True)
class Rendered:
    """Pages and the preview images they use: all of a site, or one share of it (`render_shares`)."""

    pages: dict[str, bytes]
    """Docs-relative path -> UTF-8 text: Markdown pages and feeds (bytes: half the memory of
    Vietnamese `str`, and what the write stage compares with the disk)."""
    cards: dict[str, Card]
    """Docs-relative path -> preview image to draw (drawn by the build, cached by name)."""


# Pages rendered as one piece of work: a share is rendered, handed on and written before the
# rest, so that a site of tens of thousands of pages never sits in memory whole.
SHARE_SIZE = 100

# Per kind of page: what one page (or one page and its later list pages) is rendered from.
_PAGE_RENDERERS: dict[str, Callable] = {
    "article": _render_article_pages,
    "person": _render_person,
    "province": _render_province,
    "partner": _render_partner,
    "topic": _render_topic,
}


def _items_of(site: Site, kind: str) -> Sequence:
    """The articles or entities a kind of page is rendered from (none for the site pages)."""
    return {"site": (), "article": site.articles, "person": site.people, "province": site.provinces, "partner": site.partners, "topic": site.topics}[kind]


def _shares(site: Site) -> list[tuple[str, int, int]]:
    """The pieces of work of a site: (kind of page, start, stop) in its items, site pages first.

    A share names its items by position, not by value: the workers have the site already
    (they are forked), and pickling a hundred articles to send them costs as much as rendering.
    """
    shares: list[tuple[str, int, int]] = [("site", 0, 0)]
    for kind in _PAGE_RENDERERS:
        count = len(_items_of(site, kind))
        shares.extend((kind, start, min(start + SHARE_SIZE, count)) for start in range(0, count, SHARE_SIZE))
    return shares


def render_shares(
    site: Site,
    labels: Mapping[str, Mapping[str, str]],
    resources: Resources,
    config: SiteConfig,
    templates_dir: Path = TEMPLATES_DIR,
    workers: int | None = None,
    then: Callable[[Rendered], Any] | None = None,
) -> Iterator[Any]:
    """Yield every generated page in every language, a share at a time, with the preview images they use.

    Each page has a twin at the same path in the other language ("people/x.md" and
    "en/people/x.md"), so that the language switcher and hreflang links need no lookup; a
    share renders both, so that what they have in common is rendered once. A large site's
    shares are rendered on every core; they come in the same order either way. `then`, if
    given, is applied to each share in the process that rendered it (the build stages the
    pages on disk there) and its result is yielded instead.
    """
    env = _environment(templates_dir)

    def render_share(share: tuple[str, int, int]) -> Any:
        kind, start, stop = share
        items = _items_of(site, kind)[start:stop]
        pages: dict[str, bytes] = {}
        cards: dict[str, Card] = {}
        bodies: dict[str, list[dict]] = {}
        for lang in LANGUAGE_ROOTS:
            ctx = _Context(site=site, lang=lang, words=labels[lang], env=env, resources=resources, config=config, cards=cards, bodies=bodies)
            texts = _render_site_pages(ctx) if kind == "site" else {}
            for item in items:
                texts.update(_PAGE_RENDERERS[kind](ctx, item))
            pages.update((LANGUAGE_ROOTS[lang] + path, text.encode("utf-8")) for path, text in texts.items())
        rendered = Rendered(pages=pages, cards=cards)
        return then(rendered) if then else rendered

    workers = 1 if len(site.articles) < PARALLEL_MIN_ITEMS else workers
    yield from iter_parallel(render_share, _shares(site), workers, min_items=1, chunk_size=1)


def permalinks_file(site: Site) -> str:
    """The slug history to keep in `docs/.permalinks.json` (committed with the project: it is
    the memory of published addresses, read again by the next build on any machine)."""
    return json.dumps(site.permalinks, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
