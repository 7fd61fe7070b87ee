"""Golden tests: what each seed article says, as a careful editor reads it.

The expectations in tests/expected/<stem>.yml were written by hand from reading the
articles (not copied from the generator's output). A missing expectation file fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.extract import Resources, extract
from generator.read import read_source

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).resolve().parent / "expected"
RESOURCES = Resources.load()
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture(scope="module", params=SEEDS, ids=lambda p: p.stem[:3])
def case(request: pytest.FixtureRequest):
    path: Path = request.param
    expected_path = EXPECTED / f"{path.stem}.yml"
    assert expected_path.exists(), f"no expectations written for {path.name}"
    return extract(read_source(path), RESOURCES), yaml.safe_load(expected_path.read_text(encoding="utf-8"))


def test_headline(case) -> None:
    article, expected = case
    assert article.title_source == expected["title_source"]
    if "title" in expected:
        assert article.title == expected["title"]
    else:
        assert article.title.startswith(expected["title_starts"])
        assert len(article.title) <= 115 and not article.title.endswith((",", " -", "-"))


def test_date_and_precision(case) -> None:
    article, expected = case
    assert article.date == str(expected["date"])
    assert article.date_precision == expected["date_precision"]
    for kind in expected.get("doubt_kinds", []):
        assert kind in {d.kind for d in article.doubts}


def test_category(case) -> None:
    article, expected = case
    assert article.category == expected.get("category")


def test_people_are_exactly_the_people_of_the_story(case) -> None:
    article, expected = case
    assert sorted(p.name for p in article.people) == sorted(p["name"] for p in expected["people"])


def test_people_roles_as_written(case) -> None:
    article, expected = case
    roles = {p.name: p.role for p in article.people}
    for person in expected["people"]:
        for fragment in person.get("role_contains", []):
            assert fragment in roles.get(person["name"], ""), f"{person['name']}: {roles.get(person['name'])!r}"


def test_credits_are_not_people(case) -> None:
    article, expected = case
    assert set(expected["credits"]) <= set(article.credits)
    assert not {p.name for p in article.people} & set(article.credits)
    if "authors" in expected:
        assert list(article.authors) == expected["authors"]


def test_provinces(case) -> None:
    article, expected = case
    assert sorted(p.id for p in article.provinces) == sorted(expected["provinces"])


def test_partners(case) -> None:
    article, expected = case
    found = {p.id for p in article.countries}
    assert set(expected["countries"]) <= found
    assert found - set(expected["countries"]) <= set(expected.get("regions_allowed", []))
    assert sorted(p.id for p in article.foreign_localities) == sorted(expected["foreign_localities"])


def test_report_names_what_looks_like_a_person_but_was_not_recognised() -> None:
    from generator.model import Source

    text = "Tiêu đề thử\n\nSáng 3/4, đoàn công tác gặp gỡ tại hội trường. Nguyễn Văn Bảy phát biểu tại buổi gặp."
    article = extract(Source(id="t", path=Path("t.txt"), text=text), RESOURCES)
    unknown = [d.message for d in article.doubts if d.kind == "unknown-name"]
    assert not article.people or all(p.name != "Nguyễn Văn Bảy" for p in article.people)
    assert any("Nguyễn Văn Bảy" in m for m in unknown)


def test_sidecar_adds_and_ignores_people_and_places(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Tiêu đề thử nghiệm\n\nSáng 3/4, Thứ trưởng Lê Văn Bảy làm việc tại Hà Nội với đối tác Lào.\n", encoding="utf-8"
    )
    (tmp_path / "a.yml").write_text(
        "people:\n  ignore: [Lê Văn Bảy]\n  add:\n    - name: Trần Thị Mười\n      role: Giám đốc Sở Ngoại vụ\n"
        "provinces:\n  ignore: [ha-noi]\n  add: [Hòa Bình]\npartners:\n  add: [Nhật Bản]\n",
        encoding="utf-8",
    )
    article = extract(read_source(tmp_path / "a.txt"), RESOURCES)
    assert [(p.name, p.role) for p in article.people] == [("Trần Thị Mười", "Giám đốc Sở Ngoại vụ")]
    assert [p.id for p in article.provinces] == ["hoa-binh"]
    assert [p.id for p in article.countries] == ["lao", "nhat-ban"]


def test_sidecar_place_unknown_to_the_gazetteer_is_an_error_naming_the_sidecar(tmp_path: Path) -> None:
    from generator.model import SourceError

    (tmp_path / "a.txt").write_text("Tiêu đề thử nghiệm\n\nNội dung bài viết.\n", encoding="utf-8")
    (tmp_path / "a.yml").write_text("provinces:\n  add: [Tỉnh Không Có]\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"a\.yml.*Tỉnh Không Có"):
        extract(read_source(tmp_path / "a.txt"), RESOURCES)


def test_a_batch_is_extracted_as_each_article_alone(tmp_path: Path) -> None:
    """`extract_many` runs each stage across the batch: every article still comes out as `extract` gives it, errors in their places."""
    from generator.extract import extract_many
    from generator.model import Source, SourceError

    (tmp_path / "a.txt").write_text("Tiêu đề thử nghiệm\n\nNội dung bài viết.\n", encoding="utf-8")
    (tmp_path / "a.yml").write_text("provinces:\n  add: [Tỉnh Không Có]\n", encoding="utf-8")
    seeds = [read_source(path) for path in SEEDS]
    sources = [seeds[0], Source(id="empty", path=Path("empty.txt"), text=""), *seeds[1:3], read_source(tmp_path / "a.txt"), *seeds[3:]]
    results = extract_many(sources, RESOURCES)
    assert len(results) == len(sources)
    for source, result in zip(sources, results):
        try:
            assert result == extract(source, RESOURCES)
        except SourceError as error:
            assert isinstance(result, SourceError) and str(result) == str(error)
    assert [isinstance(result, SourceError) for result in results] == [False, True, False, False, True, False, False]
