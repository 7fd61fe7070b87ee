"""Link stage: identities, slugs and order that never depend on the order of the files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.extract import Resources
from generator.extract.people import split_vietnamese_name
from generator.link import assign_person_keys, link, resolve_slugs
from generator.model import Article, PersonMention

RESOURCES = Resources.load()


def article(article_id: str, slug: str, date: str | None = None, people: tuple[str, ...] = ()) -> Article:
    return Article(
        id=article_id, slug=slug, title=slug, title_source="text", date=date,
        date_precision="day" if date else "none", people=tuple(PersonMention(name=n) for n in people),
    )


def build(articles: list[Article]):
    return link(articles, RESOURCES.gazetteer, RESOURCES.topics, lambda n: split_vietnamese_name(n, RESOURCES.people))


def test_colliding_article_slugs_are_unique_whatever_the_order() -> None:
    a, b, c = article("001", "hop-tac"), article("002", "hop-tac"), article("003", "khac")
    forward = {x.id: x.slug for x in resolve_slugs([a, b, c])}
    backward = {x.id: x.slug for x in resolve_slugs([c, b, a])}
    assert forward == backward
    assert forward["001"] == "hop-tac" and forward["002"].startswith("hop-tac-") and forward["002"] != "hop-tac"


def test_names_differing_only_by_accents_get_distinct_stable_keys() -> None:
    keys = assign_person_keys(["Nguyễn Văn Húng", "Nguyễn Văn Hùng", "Bùi Thanh Sơn"])
    assert keys["Bùi Thanh Sơn"] == "bui-thanh-son"
    assert keys["Nguyễn Văn Hùng"] == "nguyen-van-hung"  # huyền before sắc in Vietnamese order
    assert keys["Nguyễn Văn Húng"].startswith("nguyen-van-hung-")
    assert assign_person_keys(["Nguyễn Văn Hùng", "Nguyễn Văn Húng"]) == {k: v for k, v in keys.items() if k != "Bùi Thanh Sơn"}


def test_people_directory_order_is_by_given_name_the_vietnamese_way() -> None:
    names = ["Nguyễn Thúy Ánh", "Trần Đức", "Lê Văn Dũng", "Phạm Thị Anh", "Bùi Thanh Sơn", "Park Noh-wan", "Tôn Nữ Thị Ninh"]
    site = build([article("001", "a", people=tuple(names))])
    assert [p.name for p in site.people] == [
        "Phạm Thị Anh",      # Anh < Ánh: tones only break ties, no mark first
        "Nguyễn Thúy Ánh",
        "Lê Văn Dũng",       # D before Đ
        "Trần Đức",
        "Tôn Nữ Thị Ninh",   # compound family name "Tôn Nữ", given name "Ninh"
        "Park Noh-wan",      # a foreign name keeps its own order: sorted as written
        "Bùi Thanh Sơn",
    ]


def test_sidecar_split_of_a_name_wins_over_the_rule() -> None:
    corrected = PersonMention(name="Lê Văn Thanh Bình", name_parts=("Lê Văn", "", "Thanh Bình"))
    site = build([replace(article("001", "a"), people=(corrected,))])
    assert (site.people[0].family, site.people[0].given) == ("Lê Văn", "Thanh Bình")


def test_articles_are_newest_first_with_undated_last() -> None:
    site = build([article("001", "a", "2021"), article("002", "b"), article("003", "c", "2023-02-20"), article("004", "d", "2023-02")])
    assert [a.id for a in site.articles] == ["003", "004", "001", "002"]


def test_related_articles_share_people_first() -> None:
    site = build([
        article("001", "a", "2023-01-01", people=("Bùi Thanh Sơn",)),
        article("002", "b", "2023-01-02", people=("Bùi Thanh Sơn",)),
        article("003", "c", "2023-01-03", people=("Hà Kim Ngọc",)),
    ])
    assert site.related["001"] == ("002",)
    assert site.related["003"] == ()
