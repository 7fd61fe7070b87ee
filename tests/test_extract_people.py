"""People extraction on small invented sentences: every construction and every trap, by name.

The names below are invented; the seeds are used only for a general sanity check.
"""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from generator.extract.people import extract_people, load_people_lexicon, split_vietnamese_name
from generator.model import PersonMention

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

PLACES = (
    "Hà Nội", "Hà Tĩnh", "Nghệ An", "Thanh Hóa", "Quảng Ngãi", "Cần Thơ", "Đắk Lắk", "Huế",
    "Thái Bình", "Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Anh Sơn", "Lào", "Campuchia",
    "Hàn Quốc", "Nhật Bản", "Australia", "Đà Nẵng", "Gia Lai",
)


@pytest.fixture(scope="module")
def lexicon():
    return load_people_lexicon()


def people(lexicon, *paragraphs: str, places=PLACES, credits=()) -> dict[str, tuple[str, ...]]:
    """name -> roles, in order of first mention (dicts keep insertion order)."""
    return {p.name: p.roles for p in extract_people(paragraphs, lexicon, place_names=places, credit_names=credits)}


# --- title (+ organisation) before the name ---------------------------------------------


def test_title_directly_before_name(lexicon):
    assert people(lexicon, "Thứ trưởng Lê Văn Bình phát biểu khai mạc hội nghị.") == {"Lê Văn Bình": ("Thứ trưởng",)}


def test_title_with_ministry_before_name(lexicon):
    found = people(lexicon, "Bộ trưởng Bộ Công Thương Trần Minh Khoa tiếp đoàn doanh nghiệp.")
    assert found == {"Trần Minh Khoa": ("Bộ trưởng Bộ Công Thương",)}


def test_long_organisation_ends_where_the_family_name_starts(lexicon):
    text = "Phó Chủ tịch Thường trực Ủy ban Nhân dân tỉnh Quảng Ngãi Đỗ Minh Tuấn chủ trì buổi tiếp."
    assert people(lexicon, text) == {"Đỗ Minh Tuấn": ("Phó Chủ tịch Thường trực Ủy ban Nhân dân tỉnh Quảng Ngãi",)}


def test_place_name_splits_organisation_from_name(lexicon):
    text = "Giám đốc Sở Ngoại vụ Thanh Hóa Lê Thị Mai cho biết tỉnh đã ký ba thỏa thuận."
    assert people(lexicon, text) == {"Lê Thị Mai": ("Giám đốc Sở Ngoại vụ Thanh Hóa",)}


def test_unknown_place_after_place_word_still_splits(lexicon):
    text = "Chủ tịch UBND tỉnh Lạng Sơn Hồ Tiến Dũng đón đoàn."
    assert people(lexicon, text, places=()) == {"Hồ Tiến Dũng": ("Chủ tịch UBND tỉnh Lạng Sơn",)}


def test_four_syllable_name_after_organisation(lexicon):
    text = "Phó Giám đốc Sở Ngoại vụ thành phố Huế Nguyễn Thị Thanh Hương dự buổi làm việc."
    assert people(lexicon, text) == {"Nguyễn Thị Thanh Hương": ("Phó Giám đốc Sở Ngoại vụ thành phố Huế",)}


def test_combined_titles_give_two_roles(lexicon):
    text = "Phó Thủ tướng, Bộ trưởng Bộ Tài chính Hồ Đức Lâm trao quyết định."
    assert people(lexicon, text) == {"Hồ Đức Lâm": ("Phó Thủ tướng", "Bộ trưởng Bộ Tài chính")}


def test_kiem_joins_two_roles(lexicon):
    text = "Phó Thủ tướng kiêm Bộ trưởng Bộ Tài chính Hồ Đức Lâm trao quyết định."
    assert people(lexicon, text) == {"Hồ Đức Lâm": ("Phó Thủ tướng", "Bộ trưởng Bộ Tài chính")}


def test_ministry_word_after_title_is_not_a_name(lexicon):
    found = people(lexicon, "Thứ trưởng Ngoại giao Lưu Quang Huy khẳng định vai trò của địa phương.")
    assert found == {"Lưu Quang Huy": ("Thứ trưởng Ngoại giao",)}


def test_title_modifier_stays_in_role(lexicon):
    found = people(lexicon, "Buổi gặp có nguyên Bộ trưởng Ngoại giao Đặng Văn Tư.")
    assert found == {"Đặng Văn Tư": ("nguyên Bộ trưởng Ngoại giao",)}


def test_two_titled_people_in_one_sentence(lexicon):
    found = people(lexicon, "Bộ trưởng Trần Minh Khoa và Thứ trưởng Lê Văn Bình cùng dự.")
    assert found == {"Trần Minh Khoa": ("Bộ trưởng",), "Lê Văn Bình": ("Thứ trưởng",)}


# --- name, then roles -------------------------------------------------------------------


def test_roles_after_dash_split_on_commas_and_stop_at_verb(lexicon):
    text = (
        "Đoàn do đồng chí Vũ Hoàng Nam - Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND tỉnh "
        "Hà Tĩnh làm trưởng đoàn."
    )
    assert people(lexicon, text) == {"Vũ Hoàng Nam": ("Ủy viên Ban Thường vụ Tỉnh ủy", "Phó Chủ tịch UBND tỉnh Hà Tĩnh")}


def test_role_between_commas_after_honorific(lexicon):
    text = "Bà Đinh Thu Trang, Phó Giám đốc Sở Ngoại vụ thành phố Cần Thơ, cho biết thành phố đã đón 20 đoàn."
    assert people(lexicon, text) == {"Đinh Thu Trang": ("Phó Giám đốc Sở Ngoại vụ thành phố Cần Thơ",)}


def test_list_of_people_separated_by_semicolons(lexicon):
    text = (
        "Tiếp đoàn có các đồng chí: Lương Văn Khải - Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh; "
        "Tạ Thị Hồng - Phó Bí thư Thường trực Tỉnh ủy; Kiều Minh Đức - Phó Chủ tịch UBND tỉnh; "
        "lãnh đạo các sở, ngành."
    )
    assert people(lexicon, text) == {
        "Lương Văn Khải": ("Bí thư Tỉnh ủy", "Chủ tịch HĐND tỉnh"),
        "Tạ Thị Hồng": ("Phó Bí thư Thường trực Tỉnh ủy",),
        "Kiều Minh Đức": ("Phó Chủ tịch UBND tỉnh",),
    }


def test_role_trimmed_at_verbs(lexicon):
    found = people(
        lexicon,
        "Đồng chí Mai Xuân Hòa - Giám đốc Sở Ngoại vụ báo cáo kết quả công tác đối ngoại.",
        "Đồng chí Phan Thị Yến - Phó Chủ tịch UBND tỉnh Nghệ An cảm ơn đoàn công tác.",
        "Đồng chí Cao Minh Tiến - Bộ trưởng Bộ Ngoại giao làm trưởng đoàn.",
    )
    assert found == {
        "Mai Xuân Hòa": ("Giám đốc Sở Ngoại vụ",),
        "Phan Thị Yến": ("Phó Chủ tịch UBND tỉnh Nghệ An",),
        "Cao Minh Tiến": ("Bộ trưởng Bộ Ngoại giao",),
    }


def test_parent_organisation_after_comma_stays_in_the_role(lexicon):
    text = "Đồng chí Ngô Quốc Bảo - Phó Cục trưởng Cục Lãnh sự và Bảo hộ công dân, Bộ Ngoại giao định hướng công tác."
    assert people(lexicon, text) == {"Ngô Quốc Bảo": ("Phó Cục trưởng Cục Lãnh sự và Bảo hộ công dân, Bộ Ngoại giao",)}


def test_enumerated_department_name_after_comma_stays_in_the_role(lexicon):
    text = "Ông Lý Văn Sang, Giám đốc Sở Văn hóa, Thể thao và Du lịch, giới thiệu lễ hội."
    assert people(lexicon, text) == {"Lý Văn Sang": ("Giám đốc Sở Văn hóa, Thể thao và Du lịch",)}


def test_role_in_parentheses(lexicon):
    text = "Ông Tô Văn Hải (Giám đốc Trung tâm Xúc tiến đầu tư) trình bày tham luận."
    assert people(lexicon, text) == {"Tô Văn Hải": ("Giám đốc Trung tâm Xúc tiến đầu tư",)}


def test_roles_trimmed_of_trailing_punctuation(lexicon):
    found = people(lexicon, "Dự có ông Lâm Quốc Việt - Chánh Văn phòng UBND tỉnh.")
    assert found == {"Lâm Quốc Việt": ("Chánh Văn phòng UBND tỉnh",)}


# --- honorifics -------------------------------------------------------------------------


def test_plain_honorific_gives_a_person_without_role(lexicon):
    assert people(lexicon, "Ông Trương Quốc Việt gửi lời cảm ơn tới các đối tác.") == {"Trương Quốc Việt": ()}


def test_descriptive_honorific_becomes_a_role(lexicon):
    assert people(lexicon, "Thơ của nhà thơ Tạ Minh Châu được dịch sang tiếng Nhật.") == {"Tạ Minh Châu": ("nhà thơ",)}


def test_academic_titles_chain_into_one_role(lexicon):
    assert people(lexicon, "PGS.TS. Đoàn Văn Lực trình bày báo cáo.") == {"Đoàn Văn Lực": ("PGS.TS",)}


def test_foreign_name_after_ngai(lexicon):
    assert people(lexicon, "Ngài John Whitfield đánh giá cao sự hợp tác.") == {"John Whitfield": ()}


def test_lowercase_only_honorific_needs_lower_case(lexicon):
    found = people(lexicon, "Đoàn thăm huyện Anh Sơn và gặp anh Lò Văn Púa, một nông dân giỏi.")
    assert found == {"Lò Văn Púa": ()}


# --- foreign names ----------------------------------------------------------------------


def test_foreign_name_after_title_and_country(lexicon):
    found = people(lexicon, "Đại sứ Hàn Quốc Lee Jin-ho chúc mừng tỉnh.")
    assert found == {"Lee Jin-ho": ("Đại sứ Hàn Quốc",)}


def test_foreign_name_after_honorific_keeps_word_order(lexicon):
    assert people(lexicon, "ông Ricardo Montenegro cho biết.") == {"Ricardo Montenegro": ()}


def test_country_not_in_gazetteer_is_not_part_of_a_foreign_name(lexicon):
    found = people(lexicon, "Đại sứ Australia Andrew Kellerman thăm tỉnh.", places=())
    assert found == {"Andrew Kellerman": ("Đại sứ Australia",)}


def test_vietnamese_looking_place_is_not_a_foreign_name(lexicon):
    assert people(lexicon, "Bí thư Tỉnh ủy Kon Tum phát biểu.", places=()) == {}


# --- short mentions ---------------------------------------------------------------------


def test_short_form_merges_into_earlier_person(lexicon):
    found = people(
        lexicon,
        "Bộ trưởng Bộ Công Thương Trần Minh Khoa tiếp đoàn.",
        "Theo ông Khoa, hai bên cần phối hợp chặt chẽ. Bộ trưởng Khoa đề nghị tỉnh chủ động.",
    )
    assert found == {"Trần Minh Khoa": ("Bộ trưởng Bộ Công Thương",)}


def test_short_form_adds_its_title_as_a_role(lexicon):
    found = people(lexicon, "Ông Trần Minh Khoa phát biểu.", "Đại sứ Khoa cho biết thêm.")
    assert found == {"Trần Minh Khoa": ("Đại sứ",)}


def test_short_form_shared_by_two_people_is_skipped(lexicon):
    found = people(
        lexicon,
        "Ông Trần Minh Khoa và ông Lê Đăng Khoa cùng dự.",
        "Đại sứ Khoa cho biết thêm.",
    )
    assert found == {"Trần Minh Khoa": (), "Lê Đăng Khoa": ()}


def test_short_form_before_the_full_name_creates_nobody(lexicon):
    assert people(lexicon, "Ông Khoa cho biết.", "Sau đó có ông Nguyễn Hữu Tâm.") == {"Nguyễn Hữu Tâm": ()}


def test_two_word_short_form_merges(lexicon):
    found = people(lexicon, "Bà Nguyễn Thu Hà, Giám đốc Sở Ngoại vụ, phát biểu.", "Theo bà Thu Hà, tỉnh cần thêm thông tin.")
    assert found == {"Nguyễn Thu Hà": ("Giám đốc Sở Ngoại vụ",)}


# --- what is never a person -------------------------------------------------------------


def test_title_alone_is_nobody(lexicon):
    assert people(lexicon, "Thứ trưởng khẳng định ngành sẽ đồng hành với địa phương.") == {}


def test_title_with_organisation_but_no_name_is_nobody(lexicon):
    assert people(lexicon, "Bộ trưởng Bộ Ngoại giao đề nghị Cục Ngoại vụ phối hợp Sở Ngoại vụ Nghệ An.") == {}


def test_title_with_ministry_word_and_verb_is_nobody(lexicon):
    assert people(lexicon, "Thứ trưởng Ngoại giao cho biết sẽ hỗ trợ tỉnh.") == {}


def test_organisations_events_and_places_are_nobody(lexicon):
    text = (
        "Ban Thường vụ Tỉnh ủy Nghệ An làm việc với Bộ Ngoại giao bên lề Hội nghị Ngoại vụ toàn quốc "
        "tại Hà Nội; đoàn thăm huyện Anh Sơn và vùng Tây Nguyên."
    )
    assert people(lexicon, text) == {}


def test_all_caps_heading_is_skipped(lexicon):
    assert people(lexicon, "BỘ TRƯỞNG TRẦN MINH KHOA LÀM VIỆC VỚI TỈNH") == {}


def test_bare_name_without_title_is_nobody(lexicon):
    assert people(lexicon, "Phạm Văn Đồng là tên một con đường lớn của thành phố.") == {}


def test_bare_name_counts_when_titled_elsewhere_and_sets_the_order(lexicon):
    found = people(
        lexicon,
        "Lê Hồng Quân đã có nhiều đóng góp. Ông Vũ Văn Hậu dự buổi lễ.",
        "Chủ tịch UBND tỉnh Lê Hồng Quân phát biểu.",
    )
    assert list(found) == ["Lê Hồng Quân", "Vũ Văn Hậu"]
    assert found["Lê Hồng Quân"] == ("Chủ tịch UBND tỉnh",)


# --- Hồ Chí Minh, Hà and Hà Nội ---------------------------------------------------------


def test_ho_chi_minh_person_after_historical_title_city_after_place_word(lexicon):
    found = people(
        lexicon,
        "Tỉnh giới thiệu di sản của Chủ tịch Hồ Chí Minh với bạn bè quốc tế.",
        "Đoàn làm việc tại Thành phố Hồ Chí Minh và TP Hồ Chí Minh.",
    )
    assert found == {"Hồ Chí Minh": ("Chủ tịch",)}


def test_city_named_for_a_person_alone_is_nobody(lexicon):
    assert people(lexicon, "Đoàn làm việc tại Thành phố Hồ Chí Minh và Hồ Chí Minh.") == {}


def test_place_after_an_office_title_is_the_organisation(lexicon):
    assert people(lexicon, "Bí thư Thái Bình phát biểu.") == {}


def test_nickname_stands_for_the_person(lexicon):
    assert people(lexicon, "Học tập và làm theo tấm gương của Bác Hồ.") == {"Hồ Chí Minh": ()}


def test_ha_family_name_is_a_person_ha_noi_is_a_place(lexicon):
    found = people(
        lexicon,
        "Thứ trưởng Hà Minh Tâm làm việc tại Hà Nội với Chủ tịch UBND thành phố Hà Nội Lương Văn Khải.",
    )
    assert found == {"Hà Minh Tâm": ("Thứ trưởng",), "Lương Văn Khải": ("Chủ tịch UBND thành phố Hà Nội",)}


# --- credits, Unicode, spelling ---------------------------------------------------------


def test_credits_are_not_people(lexicon):
    found = people(
        lexicon,
        "Ông Đặng Quốc Bảo phát biểu. (Ảnh: Anh Tú)",
        "Thứ trưởng Hà Minh Tâm tiếp đoàn.",
        credits=("Đặng Quốc Bảo", "Anh Tú"),
    )
    assert found == {"Hà Minh Tâm": ("Thứ trưởng",)}


def test_nfd_input_gives_nfc_names_and_roles(lexicon):
    text = unicodedata.normalize("NFD", "Phó Chủ tịch UBND tỉnh Nghệ An Bùi Đức Lộc phát biểu.")
    (person,) = extract_people([text], lexicon, place_names=PLACES)
    assert person.name == unicodedata.normalize("NFC", "Bùi Đức Lộc")
    assert person.roles == (unicodedata.normalize("NFC", "Phó Chủ tịch UBND tỉnh Nghệ An"),)
    assert unicodedata.is_normalized("NFC", person.name + person.roles[0])


def test_old_and_new_tone_spellings_are_one_person(lexicon):
    found = extract_people(
        ["Ông Lê Văn Hoà dự lễ.", "Giám đốc Sở Ngoại vụ Lê Văn Hòa phát biểu."], lexicon, place_names=PLACES
    )
    assert [p.name for p in found] == ["Lê Văn Hoà"]
    assert found[0].roles == ("Giám đốc Sở Ngoại vụ",)


def test_roles_are_deduplicated_and_shorter_role_gives_way(lexicon):
    found = people(
        lexicon,
        "Thứ trưởng Lê Văn Bình dự.",
        "Thứ trưởng Bộ Ngoại giao Lê Văn Bình phát biểu. Thứ trưởng Lê Văn Bình nhấn mạnh.",
    )
    assert found == {"Lê Văn Bình": ("Thứ trưởng Bộ Ngoại giao",)}


def test_result_is_person_mentions_in_first_mention_order(lexicon):
    found = extract_people(
        ["Ông Vũ Văn Hậu dự.", "Bộ trưởng Trần Minh Khoa phát biểu.", "Ông Vũ Văn Hậu cảm ơn."], lexicon
    )
    assert found == (
        PersonMention(name="Vũ Văn Hậu", roles=()),
        PersonMention(name="Trần Minh Khoa", roles=("Bộ trưởng",)),
    )


# --- name split -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Tôn Nữ Thị Hoa", ("Tôn Nữ", "Thị", "Hoa")),
        ("Nguyễn Văn An", ("Nguyễn", "Văn", "An")),
        ("Tô Lâm", ("Tô", "", "Lâm")),
        ("Âu Dương Minh Châu", ("Âu Dương", "Minh", "Châu")),
        ("Park Noh-wan", ("", "", "Park Noh-wan")),
        ("John Whitfield", ("", "", "John Whitfield")),
    ],
)
def test_split_vietnamese_name(lexicon, name, parts):
    assert split_vietnamese_name(name, lexicon) == parts


# --- data file --------------------------------------------------------------------------


def test_bad_data_raises_value_error_naming_the_file(tmp_path):
    (tmp_path / "people.yml").write_text("family_names: Nguyễn\n", encoding="utf-8")
    with pytest.raises(ValueError, match="people.yml"):
        load_people_lexicon(tmp_path)


def test_missing_data_file_raises_value_error_naming_it(tmp_path):
    with pytest.raises(ValueError, match="people.yml"):
        load_people_lexicon(tmp_path)


# --- performance ------------------------------------------------------------------------


def test_one_megabyte_paragraph_returns_quickly(lexicon):
    chunk = (
        "Bộ trưởng Bộ Ngoại giao Bộ trưởng Ngoại giao Nguyễn Nguyễn Nguyễn Trần Trần "
        "ông bà đồng chí Phó Chủ tịch UBND tỉnh tỉnh tỉnh - , , ; "
    )
    paragraph = chunk * (1_000_000 // len(chunk))
    started = time.perf_counter()
    extract_people([paragraph, "A" * 1_000_000, "Nguyễn " * 150_000], lexicon, place_names=PLACES)
    assert time.perf_counter() - started < 20


# --- more shapes and traps -------------------------------------------------------------


def test_name_right_after_place_word_in_a_role(lexicon):
    found = people(lexicon, "Phó Chủ tịch UBND tỉnh Lê Hồng Quân phát biểu.", places=())
    assert found == {"Lê Hồng Quân": ("Phó Chủ tịch UBND tỉnh",)}


def test_two_word_run_after_place_word_is_the_place(lexicon):
    assert people(lexicon, "Bí thư Tỉnh ủy tỉnh Cao Bằng phát biểu.", places=()) == {}


def test_list_items_with_comma_after_semicolon(lexicon):
    text = (
        "Dự có đồng chí Đàm Văn Phú, Phó Bí thư Tỉnh ủy; Giang Thị Hạnh, Phó Chủ tịch UBND tỉnh; "
        "và đại diện các sở, ngành."
    )
    assert people(lexicon, text) == {
        "Đàm Văn Phú": ("Phó Bí thư Tỉnh ủy",),
        "Giang Thị Hạnh": ("Phó Chủ tịch UBND tỉnh",),
    }


def test_bare_name_with_comma_outside_a_list_is_nobody(lexicon):
    assert people(lexicon, "Lê Văn Hưng, Chủ tịch UBND tỉnh thì chưa đến.") == {}


def test_institution_named_after_a_person_is_nobody(lexicon):
    found = people(
        lexicon,
        "Hiệu trưởng Trường THPT Trần Quốc Tuấn cho biết. Văn phòng đóng trên đường Lê Thánh Tông.",
        "Hiệu trưởng Trường THPT Trần Quốc Tuấn Ngô Thị Bích phát biểu.",
    )
    assert found == {"Ngô Thị Bích": ("Hiệu trưởng Trường THPT Trần Quốc Tuấn",)}


def test_foreign_name_with_a_vietnamese_looking_family_word(lexicon):
    found = people(lexicon, "Đại sứ Campuchia Chea Kim Vuthy thăm tỉnh.")
    assert found == {"Chea Kim Vuthy": ("Đại sứ Campuchia",)}


def test_title_then_missing_separator_cuts_the_name_before_the_title(lexicon):
    assert people(lexicon, "Ông Đào Văn Lợi Phó Chủ tịch UBND tỉnh dự.") == {"Đào Văn Lợi": ()}


def test_dash_inside_an_organisation_name_after_the_person(lexicon):
    text = "Ông Quách Văn Tùng - Chủ tịch Hội hữu nghị Việt Nam - Lào tỉnh phát biểu."
    assert people(lexicon, text) == {"Quách Văn Tùng": ("Chủ tịch Hội hữu nghị Việt Nam - Lào tỉnh",)}


def test_lowercase_organisation_right_after_title(lexicon):
    found = people(lexicon, "Giám đốc sở Ngoại vụ Mạc Văn Thành cho biết.")
    assert found == {"Mạc Văn Thành": ("Giám đốc sở Ngoại vụ",)}


def test_credit_with_agency_still_excludes_the_photographer(lexicon):
    found = people(
        lexicon,
        "Ông Bạch Minh Quân chụp ảnh lễ ký.",
        "Ông Lại Văn Sâm phát biểu.",
        credits=("Ảnh: Bạch Minh Quân/TTXVN",),
    )
    assert found == {"Lại Văn Sâm": ()}


def test_title_on_whose_behalf_is_not_the_persons_role(lexicon):
    text = "Thừa ủy quyền của Chủ tịch nước, Phó Chủ tịch UBND tỉnh Ninh Thị Hảo trao Huân chương Lao động."
    assert people(lexicon, text) == {"Ninh Thị Hảo": ("Phó Chủ tịch UBND tỉnh",)}


def test_word_after_tai_is_the_posting_not_the_name(lexicon):
    text = "Tổng Lãnh sự Lào tại Vinh Khăm-phăn Si-pha-xay dự lễ."
    assert people(lexicon, text, places=()) == {"Khăm-phăn Si-pha-xay": ("Tổng Lãnh sự Lào tại Vinh",)}


def test_two_words_are_not_taken_from_the_tail_of_a_long_unknown_run(lexicon):
    text = "Bí thư Tỉnh ủy Xay Nha Bu Ly Phon Ma Thắt hội đàm."
    assert people(lexicon, text, places=()) == {}


# --- foreign officials ------------------------------------------------------------------

# Foreign localities as the gazetteer passes them.
FOREIGN_PLACES = PLACES + ("Xiêng Khoảng", "Hủa Phăn", "Kanagawa", "Quảng Tây", "Trung Quốc", "Chăm Pa Sắc")


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        (
            "Tỉnh trưởng tỉnh Xiêng Khoảng (Lào) Bounthanh Keomany tiếp đoàn công tác.",
            "Bounthanh Keomany",
            "Tỉnh trưởng tỉnh Xiêng Khoảng (Lào)",
        ),
        (
            "Thống đốc tỉnh Kanagawa (Nhật Bản) Takeda Hiroshi đánh giá cao lao động Việt Nam.",
            "Takeda Hiroshi",
            "Thống đốc tỉnh Kanagawa (Nhật Bản)",
        ),
        (
            "Chủ tịch Khu tự trị Quảng Tây (Trung Quốc) Lam Chí Viễn hội kiến đoàn.",
            "Lam Chí Viễn",
            "Chủ tịch Khu tự trị Quảng Tây (Trung Quốc)",
        ),
        (
            "Bí thư Tỉnh ủy tỉnh Chăm Pa Sắc (Lào) Vi Lay Vông Bút Đa Khăm tiếp đoàn.",
            "Vi Lay Vông Bút Đa Khăm",
            "Bí thư Tỉnh ủy tỉnh Chăm Pa Sắc (Lào)",
        ),
    ],
)
def test_foreign_official_after_locality_and_country_in_parentheses(lexicon, text, name, role):
    assert people(lexicon, text, places=FOREIGN_PLACES) == {name: (role,)}


def test_country_in_parentheses_counts_even_if_the_locality_is_unknown(lexicon):
    found = people(lexicon, "Thị trưởng thành phố Changwon (Hàn Quốc) Park Min-soo phát biểu.", places=())
    assert found == {"Park Min-soo": ("Thị trưởng thành phố Changwon (Hàn Quốc)",)}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Đại sứ Nhật Bản Sato Kenji chúc mừng tỉnh.", "Sato Kenji", "Đại sứ Nhật Bản"),
        ("Đại sứ Lào Khăm Phao Xay Nha Lăt cho biết.", "Khăm Phao Xay Nha Lăt", "Đại sứ Lào"),
        (
            "Bộ trưởng Bộ Ngoại giao Lào Xổm Xạ Vạt Lển hội đàm với đoàn.",
            "Xổm Xạ Vạt Lển",
            "Bộ trưởng Bộ Ngoại giao Lào",
        ),
    ],
)
def test_foreign_official_after_a_known_country(lexicon, text, name, role):
    assert people(lexicon, text, places=()) == {name: (role,)}


def test_role_after_the_name_keeps_the_country_in_parentheses(lexicon):
    text = "Ông Lam Chí Viễn, Chủ tịch Khu tự trị Quảng Tây (Trung Quốc), cho biết hai bên sẽ mở thêm cửa khẩu."
    assert people(lexicon, text, places=FOREIGN_PLACES) == {"Lam Chí Viễn": ("Chủ tịch Khu tự trị Quảng Tây (Trung Quốc)",)}


def test_chinese_official_with_a_vietnamese_looking_name_and_two_roles(lexicon):
    found = people(
        lexicon,
        "Bí thư Khu ủy Quảng Tây, Chủ tịch Khu tự trị Quảng Tây (Trung Quốc) Hà Kiến Quân hội đàm với đoàn.",
        "Phó Bí thư Khu ủy, Chủ tịch Khu tự trị Quảng Tây (Trung Quốc) Lưu Tĩnh tiếp đoàn.",
        places=FOREIGN_PLACES,
    )
    assert found == {
        "Hà Kiến Quân": ("Bí thư Khu ủy Quảng Tây", "Chủ tịch Khu tự trị Quảng Tây (Trung Quốc)"),
        "Lưu Tĩnh": ("Phó Bí thư Khu ủy", "Chủ tịch Khu tự trị Quảng Tây (Trung Quốc)"),
    }


def test_party_committee_after_a_title_does_not_cut_the_first_role(lexicon):
    text = "Bí thư Thành ủy Hà Nội, Chủ tịch HĐND thành phố Trần Văn Ánh phát biểu."
    assert people(lexicon, text) == {"Trần Văn Ánh": ("Bí thư Thành ủy Hà Nội", "Chủ tịch HĐND thành phố")}


def test_lao_name_in_vietnamese_syllables_after_a_foreign_locality(lexicon):
    text = "Phó Tỉnh trưởng tỉnh Hủa Phăn Khăm Xỉ Pha Lay Vông cảm ơn tỉnh Thanh Hóa."
    assert people(lexicon, text, places=FOREIGN_PLACES) == {"Khăm Xỉ Pha Lay Vông": ("Phó Tỉnh trưởng tỉnh Hủa Phăn",)}


def test_lao_name_stops_before_the_next_person(lexicon):
    text = (
        "Tỉnh trưởng tỉnh Xiêng Khoảng Bun Mi Xay Sổm Phết và Phó Chủ tịch UBND tỉnh Lê Văn Ánh "
        "ký biên bản ghi nhớ."
    )
    assert people(lexicon, text, places=FOREIGN_PLACES) == {
        "Bun Mi Xay Sổm Phết": ("Tỉnh trưởng tỉnh Xiêng Khoảng",),
        "Lê Văn Ánh": ("Phó Chủ tịch UBND tỉnh",),
    }


def test_lao_name_before_its_foreign_roles(lexicon):
    found = people(
        lexicon,
        "Dự có ông Khăm Xỉ Pha Lay Vông, Phó Tỉnh trưởng tỉnh Hủa Phăn, và đoàn công tác.",
        "Tiếp đoàn có: Bun Mi Xay Sổm Phết - Tỉnh trưởng tỉnh Xiêng Khoảng; Lê Văn Ánh - Phó Chủ tịch UBND tỉnh.",
        places=FOREIGN_PLACES,
    )
    assert found == {
        "Khăm Xỉ Pha Lay Vông": ("Phó Tỉnh trưởng tỉnh Hủa Phăn",),
        "Bun Mi Xay Sổm Phết": ("Tỉnh trưởng tỉnh Xiêng Khoảng",),
        "Lê Văn Ánh": ("Phó Chủ tịch UBND tỉnh",),
    }


def test_run_longer_than_a_foreign_name_gives_nobody_not_its_tail(lexicon):
    text = "Tỉnh trưởng tỉnh Hủa Phăn Khăm Xỉ Pha Lay Vông Lò Văn Khăm cho biết."
    assert people(lexicon, text, places=FOREIGN_PLACES) == {}


def test_syllables_after_an_unknown_locality_or_a_vietnamese_role_are_nobody(lexicon):
    found = people(
        lexicon,
        "Phó Tỉnh trưởng tỉnh Hủa Phăn Khăm Xỉ Pha Lay Vông cảm ơn.",
        "Phó Chủ tịch UBND tỉnh Nghệ An Khăm Xỉ Pha Lay cảm ơn.",
        "Bí thư Tỉnh ủy Nghệ An Khóa X phát biểu.",
        places=("Nghệ An",),
    )
    assert found == {}


def test_foreign_places_and_organisations_are_nobody(lexicon):
    found = people(
        lexicon,
        "Đoàn đại biểu Khu tự trị dân tộc Choang Quảng Tây (Trung Quốc) thăm Hà Nội.",
        "Tỉnh trưởng tỉnh Xiêng Khoảng (Lào) cảm ơn sự giúp đỡ của tỉnh.",
        "Hợp tác giữa tỉnh Hủa Phăn (Lào) và tỉnh Thanh Hóa (Việt Nam) ngày càng phát triển.",
        "Lãnh đạo Khu ủy Quảng Tây và Tỉnh ủy Cao Bằng ký biên bản; Đại sứ Lào tại Việt Nam dự lễ.",
        "Bộ trưởng Bộ Ngoại giao Lào cho biết. Thống đốc tỉnh Kanagawa (Nhật Bản) tiếp đoàn.",
        places=FOREIGN_PLACES,
    )
    assert found == {}


# --- a city named after a person ----------------------------------------------------------

# The gazetteer lists the city with its place word only: bare "Hồ Chí Minh" is the person.
CITY_AS_IN_GAZETTEER = ("Thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "TP Hồ Chí Minh")


@pytest.mark.parametrize("places", [PLACES, CITY_AS_IN_GAZETTEER], ids=["bare-city-listed", "gazetteer"])
@pytest.mark.parametrize("city", ["Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "TP Hồ Chí Minh"])
def test_person_after_a_city_named_for_a_person(lexicon, places, city):
    text = f"Phó Chủ tịch UBND {city} Đỗ Văn Khiêm tiếp đoàn."
    assert people(lexicon, text, places=places) == {"Đỗ Văn Khiêm": (f"Phó Chủ tịch UBND {city}",)}


@pytest.mark.parametrize("places", [PLACES, CITY_AS_IN_GAZETTEER], ids=["bare-city-listed", "gazetteer"])
def test_city_named_for_a_person_ends_the_role_after_a_name(lexicon, places):
    found = people(
        lexicon,
        "Dự có ông Đỗ Văn Khiêm, Phó Chủ tịch UBND Thành phố Hồ Chí Minh.",
        "Bà Lê Thị Mận, Phó Giám đốc Sở Ngoại vụ TP. Hồ Chí Minh, cho biết.",
        places=places,
    )
    assert found == {
        "Đỗ Văn Khiêm": ("Phó Chủ tịch UBND Thành phố Hồ Chí Minh",),
        "Lê Thị Mận": ("Phó Giám đốc Sở Ngoại vụ TP. Hồ Chí Minh",),
    }


def test_title_of_a_city_named_for_a_person_without_a_name_is_nobody(lexicon):
    found = people(
        lexicon,
        "Phó Chủ tịch UBND Thành phố Hồ Chí Minh cho biết thành phố đón nhiều đoàn.",
        "Giám đốc Sở Ngoại vụ TP Hồ Chí Minh phát biểu.",
        places=CITY_AS_IN_GAZETTEER,
    )
    assert found == {}


# --- historical and cultural figures ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Đoàn dâng hương tưởng niệm đại thi hào Nguyễn Khắc Vịnh.", "Nguyễn Khắc Vịnh", "đại thi hào"),
        ("Hội thảo khoa học về danh nhân văn hóa Lê Quý Hòa.", "Lê Quý Hòa", "danh nhân văn hóa"),
        ("Tưởng nhớ công lao của anh hùng dân tộc Trần Bình Khải.", "Trần Bình Khải", "anh hùng dân tộc"),
        ("Cuốn sách viết về nhà văn hóa Phan Huy Lãm.", "Phan Huy Lãm", "nhà văn hóa"),
        ("Đoàn thắp hương tưởng niệm cố Tổng Bí thư Lê Văn Khuê.", "Lê Văn Khuê", "cố Tổng Bí thư"),
        ("Đại tướng Võ Minh Triết là vị tướng tài ba.", "Võ Minh Triết", "Đại tướng"),
    ],
)
def test_descriptive_honorifics_of_historical_figures(lexicon, text, name, role):
    assert people(lexicon, text) == {name: (role,)}


def test_cultural_house_is_nobody(lexicon):
    text = "Đoàn tham quan Nhà Văn hóa Thanh niên và nhà văn hóa thôn Hải Lộc."
    assert people(lexicon, text) == {}


# --- seeds: general sanity only ---------------------------------------------------------

SEED_PLACES = (
    "Việt Nam", "Lào", "Campuchia", "Hàn Quốc", "Nhật Bản", "Australia", "Thái Lan", "Mỹ",
    "Nghệ An", "Hà Nội", "Đà Nẵng", "Đắk Lắk", "Vĩnh Phúc", "Thanh Hóa", "Gia Lai",
    "Ninh Thuận", "Thành phố Hồ Chí Minh", "Lai Châu", "Bến Tre",
)
ROLE_WORDS = ("Bộ trưởng", "Thứ trưởng", "Chủ tịch", "Giám đốc", "Bí thư", "Ủy viên", "Sở", "UBND", "Tỉnh ủy")


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seed_people_are_plausible(lexicon, seed):
    lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = extract_people(lines, lexicon, place_names=SEED_PLACES)
    place_keys = {p.lower() for p in SEED_PLACES}
    for person in found:
        assert person.name.lower() not in place_keys
        assert not any(word in person.name for word in ROLE_WORDS), person
        assert 2 <= len(person.name.split()) <= 4, person
        assert all(role and role == role.strip(" ,;:.-") for role in person.roles), person
    assert len({p.name for p in found}) == len(found)


# --- what the scan skips must not matter -------------------------------------------------


def test_role_collapses_white_space_and_keeps_glued_marks(lexicon):
    text = "Ông Lê Văn Bình,   Phó Giám đốc\tSở Ngoại vụ\nTP.Hồ Chí Minh, cho biết."
    assert people(lexicon, text) == {"Lê Văn Bình": ("Phó Giám đốc Sở Ngoại vụ TP.Hồ Chí Minh",)}


def test_bare_name_with_roles_after_other_capitalised_runs(lexicon):
    text = (
        "Tại buổi gặp, Hội Hữu nghị Việt Nam - Lào và Trường Đại học Huế trao quà; "
        "Lê Văn Bình - Phó Chủ tịch UBND tỉnh Nghệ An, dự."
    )
    assert people(lexicon, text) == {"Lê Văn Bình": ("Phó Chủ tịch UBND tỉnh Nghệ An",)}


def test_later_bare_mentions_keep_the_order_of_first_mentions(lexicon):
    found = people(
        lexicon,
        "Thứ trưởng Lê Văn Bình tiếp đoàn.",
        "Đoàn làm việc với Lê Văn Bình và Bộ trưởng Trần Minh Khoa.",
        "Trần Minh Khoa cảm ơn Lê Văn Bình.",
    )
    assert list(found.items()) == [("Lê Văn Bình", ("Thứ trưởng",)), ("Trần Minh Khoa", ("Bộ trưởng",))]


def test_a_run_is_a_credit_only_as_a_whole_and_is_then_skipped_whole(lexicon):
    text = "Hải Yến Bộ trưởng Lê Văn Bình thăm Hà Nội."
    assert people(lexicon, text, credits=("Hải Yến",)) == {"Lê Văn Bình": ("Bộ trưởng",)}
    assert people(lexicon, text, credits=("Hải Yến Bộ",)) == {}


def test_chunk_table_starting_afresh_changes_nothing(lexicon, monkeypatch):
    import generator.extract.people as module

    paragraphs = (
        "Phó Thủ tướng, Bộ trưởng Bộ Tài chính Hồ Đức Lâm trao quyết định.",
        "PGS.TS. Trần Minh Khoa (Viện Nghiên cứu) phát biểu; ông Hồ Đức Lâm cảm ơn.",
    )
    expected = people(lexicon, *paragraphs)
    monkeypatch.setattr(module._ChunkFields, "LIMIT", 2)
    fresh = load_people_lexicon()
    assert people(fresh, *paragraphs) == expected
    assert len(fresh.chunk_fields) <= 2


def test_paragraph_boundary_stops_every_look_ahead_and_look_behind(lexicon):
    # The end of a paragraph ends a name, a role and a sentence: nothing reads across it.
    assert people(lexicon, "Hội nghị có ông Trần Văn An", "- Chủ tịch UBND tỉnh Nghệ An, phát biểu.") == {
        "Trần Văn An": ()
    }
    assert people(lexicon, "Gặp gỡ Lê Văn Hùng", "Bộ trưởng Bộ Y tế Phạm Văn Bảy nói.") == {
        "Phạm Văn Bảy": ("Bộ trưởng Bộ Y tế",)
    }
    assert people(lexicon, "Đoàn đến Nghệ An", "Anh Trần Minh Khoa cho biết như vậy.") == {"Trần Minh Khoa": ()}
    assert people(lexicon, "Theo Bộ trưởng", "Nguyễn Văn Bảy cho biết.", "Bộ trưởng Nguyễn Văn Bảy nói thêm.") == {
        "Nguyễn Văn Bảy": ("Bộ trưởng",)
    }


def test_a_heading_among_paragraphs_is_left_out_alone(lexicon):
    # The heading names Nguyễn Văn An first; left out, he comes second, as in the text below it.
    later = ("Lê Văn Bảy - Phó Chủ tịch UBND tỉnh dự.", "Bộ trưởng Nguyễn Văn An nói.")
    heading = "ÔNG Nguyễn Văn An PHÁT BIỂU TẠI HỘI NGHỊ TOÀN QUỐC VỀ ĐỐI NGOẠI"
    assert list(people(lexicon, heading, *later)) == ["Lê Văn Bảy", "Nguyễn Văn An"]
    assert list(people(lexicon, "ông Nguyễn Văn An phát biểu", *later)) == ["Nguyễn Văn An", "Lê Văn Bảy"]
