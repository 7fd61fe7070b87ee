"""Render stage: front matter through YAML, and article text that can never become markup."""

from __future__ import annotations

import html
import re

import markdown
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.render import escape_markdown, format_date_vi, front_matter

# The Markdown extensions the site enables (mkdocs.yml), plus those a maintainer might add;
# escaped text must stay text under all of them.
EXTENSIONS = ["toc", "attr_list", "md_in_html", "tables", "footnotes", "def_list", "pymdownx.tilde", "pymdownx.caret", "pymdownx.mark"]

HOSTILE_LINES = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[bấm vào đây](javascript:alert(1))",
    "![ảnh](http://evil.example/a.png)",
    "# Tiêu đề giả",
    "| a | b |",
    "<!-- ẩn -->",
    "---",
    "{{ config.site_name }} {% include 'x' %}",
    "Đoạn văn {: .class onclick=alert(1) }",
    '--8<-- "/etc/passwd"',
    ":smile: :flag_vn:",
    "Chú thích[^1]",
    "1. không phải danh sách",
    "- không phải danh sách",
    "> không phải trích dẫn",
    "**đậm** _nghiêng_ `mã` ~~gạch~~ ==đánh dấu==",
    "&lt; đã là thực thể &amp;",
]


def rendered_text(source: str) -> tuple[str, str]:
    rendered = markdown.markdown(escape_markdown(source), extensions=EXTENSIONS)
    return rendered, html.unescape(re.sub(r"<[^>]+>", "", rendered))


@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_hostile_line_renders_as_exactly_its_own_text(line: str) -> None:
    rendered, text = rendered_text(line)
    assert text.strip() == line
    assert re.fullmatch(r"<p>.*</p>", rendered, re.S), rendered  # one plain paragraph, nothing else


def test_vietnamese_text_keeps_its_letters_readable_in_the_markdown() -> None:
    assert escape_markdown("Bộ Ngoại giao làm việc với tỉnh Nghệ An") == "Bộ Ngoại giao làm việc với tỉnh Nghệ An"


def test_front_matter_round_trips_titles_with_colons_and_quotes() -> None:
    meta = {"title": 'Phỏng vấn: "Ngoại giao" – hợp tác', "people": [{"name": "Bùi Thanh Sơn", "role": "Bộ trưởng"}]}
    block = front_matter(meta)
    assert block.startswith("---\n") and block.endswith("---\n")
    assert yaml.safe_load(block.strip("-\n")) == meta


@pytest.mark.parametrize(("iso", "shown"), [("2023-02-20", "20/02/2023"), ("2023-02", "02/2023"), ("2023", "2023"), (None, "")])
def test_dates_are_written_the_vietnamese_way(iso: str | None, shown: str) -> None:
    assert format_date_vi(iso) == shown


_SCALARS = st.one_of(st.text(), st.none(), st.booleans(), st.integers())
_KEYS = st.one_of(st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True), st.text(min_size=1))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=3), max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6))
def test_front_matter_reads_back_as_the_same_values(meta: dict) -> None:
    # strings YAML cannot carry at all (lone surrogates) never reach a page: UTF-8 refuses them first
    assume(not any(0xD800 <= ord(c) <= 0xDFFF for c in str(meta)))
    block = front_matter(meta)
    assert block.startswith("---\n") and block.endswith("---\n")
    assert (yaml.safe_load(block[4:-4]) or {}) == meta
