"""Clean stage: every line gets one role; furniture goes, captions stay captions.

The per-seed expectations were written from reading the articles, not from the output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.clean import clean, is_all_caps, load_cleaning_rules, to_normal_case
from generator.model import Role, Source
from generator.read import read_source

RULES = load_cleaning_rules()
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def blocks_of(stem: str):
    return clean(read_source(SEEDS / f"{stem}.txt"), RULES)


def blocks_of_text(text: str):
    return clean(Source(id="t", path=Path("t.txt"), text=text), RULES)


def role_at(blocks, line: int) -> set[Role]:
    return {b.role for b in blocks if b.line == line}


# (seed, line, role expected there): what a careful editor sees in each real article.
EXPECTED_ROLES = [
    ("000_216c35e3e5163d00", 1, Role.LEAD),  # no headline: the text opens with its lead
    ("000_216c35e3e5163d00", 14, Role.PARAGRAPH),
    ("001_023cf80bdcadc5d5", 1, Role.LEAD),
    ("001_023cf80bdcadc5d5", 31, Role.HEADING),  # the line in capitals
    ("002_63f7c611bdcaec21", 1, Role.HEADLINE),
    ("002_63f7c611bdcaec21", 3, Role.DROPPED),  # the headline again
    ("002_63f7c611bdcaec21", 4, Role.CAPTION),
    ("002_63f7c611bdcaec21", 6, Role.LEAD),
    ("002_63f7c611bdcaec21", 8, Role.CAPTION),  # image name + headline glued before the caption
    ("002_63f7c611bdcaec21", 20, Role.CAPTION),
    ("002_63f7c611bdcaec21", 58, Role.BYLINE),
    ("002_63f7c611bdcaec21", 65, Role.DROPPED),  # BÌNH LUẬN
    ("002_63f7c611bdcaec21", 68, Role.DROPPED),
    ("003_c2d60fe8b1e516ac", 3, Role.LEAD),
    ("003_c2d60fe8b1e516ac", 5, Role.CAPTION),  # "… Ảnh: CTV"
    ("003_c2d60fe8b1e516ac", 33, Role.PARAGRAPH),
    ("004_e0a7eaabf4e30ef7", 1, Role.HEADLINE),
    ("004_e0a7eaabf4e30ef7", 3, Role.LEAD),
    ("004_e0a7eaabf4e30ef7", 4, Role.CAPTION),
    ("004_e0a7eaabf4e30ef7", 8, Role.HEADING),
    ("004_e0a7eaabf4e30ef7", 14, Role.RELATED),
    ("004_e0a7eaabf4e30ef7", 18, Role.HEADING),
    ("004_e0a7eaabf4e30ef7", 30, Role.AGENCY),
    ("004_e0a7eaabf4e30ef7", 32, Role.DROPPED),  # Tin cùng chuyên mục
]


@pytest.mark.parametrize(("stem", "line", "role"), EXPECTED_ROLES, ids=[f"{s[:3]}-line{l}" for s, l, _ in EXPECTED_ROLES])
def test_seed_line_gets_its_role(stem: str, line: int, role: Role) -> None:
    assert role_at(blocks_of(stem), line) == {role}


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_every_non_blank_line_has_exactly_one_role(path: Path) -> None:
    text = read_source(path).text
    content_lines = {n for n, line in enumerate(text.split("\n"), 1) if line.strip()}
    blocks = clean(read_source(path), RULES)
    assert {b.line for b in blocks} == content_lines
    multi = [n for n in content_lines if len([b for b in blocks if b.line == n]) > 1]
    # only a split header line ("date … category headline") may yield several blocks
    assert all({b.role for b in blocks if b.line == n} <= {Role.DATE_STAMP, Role.CATEGORY, Role.HEADLINE} for n in multi)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_no_furniture_survives_in_the_story(path: Path) -> None:
    story = " ".join(b.text for b in clean(read_source(path), RULES) if b.role is not Role.DROPPED)
    for leftover in ("BÌNH LUẬN", "Vui lòng nhập", "Tin cùng chuyên mục", " min - ", "(Ảnh:", "Ảnh: CTV"):
        assert leftover not in story


def test_caption_keeps_its_credit_and_loses_glued_image_name_and_headline() -> None:
    caption = next(b for b in blocks_of("002_63f7c611bdcaec21") if b.line == 8)
    assert caption.text.startswith("Sáng 13/12/2021, tại Hà Nội")
    assert caption.credit == "Tuấn Anh"


def test_header_stamp_splits_into_date_category_and_headline() -> None:
    header = [(b.role, b.text) for b in blocks_of("003_c2d60fe8b1e516ac") if b.line == 1]
    assert header == [
        (Role.DATE_STAMP, "2025-06-10"),
        (Role.CATEGORY, "Thời sự"),
        (Role.HEADLINE, "Bộ Ngoại giao làm việc với tỉnh Nghệ An về hội nhập và đối ngoại địa phương"),
    ]


def test_agency_line_is_a_credit() -> None:
    agency = next(b for b in blocks_of("004_e0a7eaabf4e30ef7") if b.role is Role.AGENCY)
    assert agency.credit == "TTXVN/Vietnam+"


def test_shouted_heading_gets_normal_case_with_the_bodys_proper_nouns() -> None:
    phrases = {"bộ ngoại giao": "Bộ Ngoại giao", "nghệ an": "Nghệ An", "ubnd": "UBND"}
    assert (
        to_normal_case("HỢP TÁC GIỮA BỘ NGOẠI GIAO, UBND VÀ NGHỆ AN", phrases)
        == "Hợp tác giữa Bộ Ngoại giao, UBND và Nghệ An"
    )


def test_acronym_alone_is_not_a_shouted_heading() -> None:
    assert not is_all_caps("UBND")
    assert is_all_caps("TĂNG CƯỜNG HỢP TÁC")


def test_invented_article_roles() -> None:
    text = "\n".join([
        "Thứ Hai, 20/02/2023 14:30 (GMT+7)",
        "Tỉnh X đón đoàn công tác của Lào",
        "Sáng 20/2, tỉnh X đã đón đoàn công tác.",
        "anh-doan-cong-tac-min.jpg",
        "Toàn cảnh buổi đón tiếp. Ảnh: Minh Anh",
        "Hai bên trao đổi nhiều nội dung hợp tác.",
        "Chia sẻ",
        "[Tỉnh X ký kết thỏa thuận với Nhật Bản]",
        "Theo TTXVN",
        "Tin liên quan",
        "Một tin khác không thuộc bài",
    ])
    roles = [b.role for b in blocks_of_text(text)]
    assert roles == [
        Role.DATE_STAMP, Role.HEADLINE, Role.LEAD, Role.DROPPED, Role.CAPTION, Role.PARAGRAPH,
        Role.DROPPED, Role.RELATED, Role.AGENCY, Role.DROPPED, Role.DROPPED,
    ]


def test_real_sentence_starting_like_furniture_is_kept() -> None:
    text = "Tiêu đề bài\nChia sẻ kinh nghiệm của Bộ Ngoại giao, các đại biểu đã thảo luận nhiều vấn đề quan trọng."
    assert [b.role for b in blocks_of_text(text)] == [Role.HEADLINE, Role.LEAD]


def test_a_listed_line_stretched_by_loose_marks_or_a_count_is_still_recognised() -> None:
    # Long lines are not folded unless folding could shorten them to a listed line.
    text = "\n".join([
        "Tiêu đề bài",
        "Sáng 20/2, tỉnh X đã đón đoàn công tác.",
        "Chia sẻ" + "\u0301" * 150,
        "Bình luận (" + "1" * 150 + ")",
        "Một tin khác không thuộc bài",
    ])
    assert [b.role for b in blocks_of_text(text)] == [
        Role.HEADLINE, Role.LEAD, Role.DROPPED, Role.DROPPED, Role.DROPPED,
    ]


def test_odd_spaces_and_invisible_characters_are_normalised() -> None:
    blocks = blocks_of_text("Tiêu\u00a0đề\u200b  bài\nSáng 20/2,\tđoàn\u2003đã đến.\nBình\u00ad luận\nMột tin khác")
    assert [(b.role, b.text) for b in blocks] == [
        (Role.HEADLINE, "Tiêu đề bài"),
        (Role.LEAD, "Sáng 20/2, đoàn đã đến."),
        (Role.DROPPED, "Bình luận"),
        (Role.DROPPED, "Một tin khác"),
    ]


def test_shouted_heading_in_an_article_takes_the_bodys_spelling() -> None:
    text = "\n".join([
        "Tiêu đề bài",
        "Sáng 20/2, đoàn của Bộ Ngoại giao đã làm việc tại tỉnh Nghệ An.",
        "HỢP TÁC GIỮA BỘ NGOẠI GIAO VÀ NGHỆ AN",
        "Hai bên trao đổi về hợp tác với UBND tỉnh Nghệ An.",
    ])
    heading = next(b for b in blocks_of_text(text) if b.role is Role.HEADING)
    assert heading.text == "Hợp tác giữa Bộ Ngoại giao và Nghệ An"


def test_fold_keeps_length_with_loose_marks_and_greek():
    import unicodedata

    from generator.textkey import fold, fold_keeps_length

    for text in ("Nghệ An", "Ͱ Ͳ ͻ", "q\u0301 Hà Nội", "Hà Noi\u0301", "e\u0301"):
        assert fold_keeps_length(text) == (len(fold(text)) == len(text) and unicodedata.is_normalized("NFC", text))


def test_a_letter_and_its_mark_brought_together_by_removing_an_invisible_character_compose():
    """Removing an invisible character can bring a base letter and its mark together
    ("a\u200d\u0301"): the text is brought to NFC again, and a listed line is still recognised."""
    import unicodedata

    long_line = "Nội dung bài viết dài " * 8 + "a\u200d\u0301 kết thúc."
    blocks = clean(Source(id="x", path=Path("x.txt"), text=f"Tiêu đề bài báo\n\n{long_line}\n\nBình luận\n\nMột dòng sau."), RULES)
    assert [b.role for b in blocks][-2:] == [Role.DROPPED, Role.DROPPED]
    assert blocks[1].text.endswith(" \u00e1 kết thúc.")
    assert all(unicodedata.is_normalized("NFC", b.text) for b in blocks)
