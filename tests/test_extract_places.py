"""Provinces and foreign partners: the gazetteer data and how names are found in text."""

from __future__ import annotations

import shutil
import unicodedata
from datetime import date
from pathlib import Path

import pytest
import yaml

from generator.extract.places import DATA_DIR, Gazetteer, find_partners, find_provinces, load_gazetteer
from generator.textkey import tone_key

# The 2025 rearrangement (Resolution 202/2025/QH15): each current unit and the units it absorbed.
MERGERS = {
    "ha-noi": set(), "hue": set(), "lai-chau": set(), "dien-bien": set(), "son-la": set(),
    "lang-son": set(), "quang-ninh": set(), "thanh-hoa": set(), "nghe-an": set(), "ha-tinh": set(),
    "cao-bang": set(),
    "tuyen-quang": {"ha-giang"},
    "lao-cai": {"yen-bai"},
    "thai-nguyen": {"bac-kan"},
    "phu-tho": {"vinh-phuc", "hoa-binh"},
    "bac-ninh": {"bac-giang"},
    "hung-yen": {"thai-binh"},
    "hai-phong": {"hai-duong"},
    "ninh-binh": {"ha-nam", "nam-dinh"},
    "quang-tri": {"quang-binh"},
    "da-nang": {"quang-nam"},
    "quang-ngai": {"kon-tum"},
    "gia-lai": {"binh-dinh"},
    "khanh-hoa": {"ninh-thuan"},
    "lam-dong": {"dak-nong", "binh-thuan"},
    "dak-lak": {"phu-yen"},
    "ho-chi-minh": {"binh-duong", "ba-ria-vung-tau"},
    "dong-nai": {"binh-phuoc"},
    "tay-ninh": {"long-an"},
    "can-tho": {"soc-trang", "hau-giang"},
    "vinh-long": {"ben-tre", "tra-vinh"},
    "dong-thap": {"tien-giang"},
    "ca-mau": {"bac-lieu"},
    "an-giang": {"kien-giang"},
}
CITIES_AFTER_REFORM = {"ha-noi", "hue", "hai-phong", "da-nang", "ho-chi-minh", "can-tho"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def province_ids(text: str, gaz: Gazetteer, **kw) -> list[str]:
    return [p.id for p in find_provinces(text, gaz, **kw)]


def country_ids(text: str, gaz: Gazetteer, **kw) -> list[str]:
    return [p.id for p in find_partners(text, gaz, **kw)[0]]


def locality_ids(text: str, gaz: Gazetteer, **kw) -> list[str]:
    return [p.id for p in find_partners(text, gaz, **kw)[1]]


# --- Data integrity ---------------------------------------------------------------------------


def test_there_are_63_units_of_which_34_exist_after_the_reform(gaz):
    assert len(gaz.provinces) == 63
    assert len(gaz.current_provinces) == 34
    assert {p.id for p in gaz.current_provinces} == set(MERGERS)
    assert gaz.reform_date == date(2025, 7, 1)


def test_merger_groups_follow_resolution_202(gaz):
    for current_id, absorbed in MERGERS.items():
        unit = gaz.province(current_id)
        assert unit.current and unit.merged_into is None
        assert set(unit.absorbed) == absorbed, current_id
        for old_id in absorbed:
            old = gaz.province(old_id)
            assert not old.current
            assert old.merged_into == current_id
            assert old.current_id == current_id
    assert sum(len(a) for a in MERGERS.values()) == 63 - 34


def test_every_merged_unit_points_to_a_current_unit(gaz):
    current = {p.id for p in gaz.provinces if p.current}
    for p in gaz.provinces:
        if not p.current:
            assert p.merged_into in current, p.id


def test_the_six_centrally_run_cities(gaz):
    assert {p.id for p in gaz.current_provinces if p.kind == "city"} == CITIES_AFTER_REFORM
    assert all(p.kind == "province" for p in gaz.provinces if not p.current)


def test_ids_are_unique_ascii_slugs(gaz):
    ids = [p.id for p in gaz.provinces] + [p.id for p in gaz.countries + gaz.localities]
    assert len(ids) == len(set(ids))
    for i in ids:
        assert i.isascii() and i == i.lower() and " " not in i, i


def test_names_are_nfc_with_new_style_tone_marks(gaz):
    for p in gaz.provinces + gaz.countries + gaz.localities:
        assert p.name == unicodedata.normalize("NFC", p.name) == tone_key(p.name), p.id
        assert p.name_en.strip(), p.id
    assert gaz.province("khanh-hoa").name == "Khánh Hòa"
    assert gaz.province("hue").name_en == "Hue"
    assert gaz.province("ho-chi-minh").name_en == "Ho Chi Minh City"
    assert gaz.province("ba-ria-vung-tau").name_en == "Ba Ria – Vung Tau"


def test_every_surface_form_belongs_to_one_entry(gaz):
    owner: dict[str, str] = {}
    for entry in gaz.provinces + gaz.countries + gaz.localities:
        for form in {tone_key(f) for f in (entry.name, *entry.variants)}:
            assert owner.setdefault(form, entry.id) == entry.id, f"{form!r}: {owner[form]} and {entry.id}"


def test_bare_ho_chi_minh_is_not_a_spelling_of_the_city(gaz):
    assert "Hồ Chí Minh" not in gaz.province("ho-chi-minh").variants
    assert "Thành phố Hồ Chí Minh" in gaz.place_names


def test_partner_coverage(gaz):
    countries = {p.id for p in gaz.countries}
    asean = {"lao", "campuchia", "thai-lan", "myanmar", "malaysia", "singapore", "indonesia", "philippines", "brunei"}
    assert asean <= countries
    assert {"trung-quoc", "nhat-ban", "han-quoc", "an-do", "nga", "hoa-ky", "australia", "phap", "duc", "anh",
            "italy", "eu", "asean", "dai-loan"} <= countries
    lao_localities = [p for p in gaz.localities if p.country == "lao"]
    assert len(lao_localities) == 18  # Vientiane Capital and 17 provinces
    assert gaz.partner("dai-loan").kind == "region"
    assert gaz.partner("eu").kind == "bloc"
    assert gaz.partner("bo-ly-kham-xay").country == "lao"
    assert gaz.partner("jeollabuk").kind == "locality"


def test_place_names_hold_capitalised_spellings_only(gaz):
    assert {"Hà Nội", "Thừa Thiên Huế", "TP.HCM", "Lào", "Bolikhamxay", "Châu Âu"} <= gaz.place_names
    assert "châu Âu" not in gaz.place_names  # lower-case spelling: never a person's name anyway
    assert "Thái Bình Dương" not in gaz.place_names  # a not_places phrase, not a place


def test_lookup_by_a_spelling_an_editor_types(gaz):
    assert gaz.lookup("Hòa Bình").id == "hoa-binh"  # no prefix needed: no sentence around it
    assert gaz.lookup("thừa thiên huế").id == "hue"
    assert gaz.lookup("Khánh Hoà").current_id == "khanh-hoa"
    assert gaz.lookup("Bolikhamxay").country == "lao"
    assert gaz.lookup("Hồ Chí Minh") is None
    assert gaz.lookup("Thái Bình Dương") is None


def test_unknown_ids_raise_key_error_naming_them(gaz):
    with pytest.raises(KeyError, match="atlantis"):
        gaz.province("atlantis")
    with pytest.raises(KeyError, match="atlantis"):
        gaz.partner("atlantis")


# --- Invalid data is refused with the file named ----------------------------------------------


def _copy_data(tmp_path: Path) -> Path:
    for name in ("provinces.yml", "partners.yml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_merged_into_a_non_current_unit_is_refused(tmp_path):
    data_dir = _copy_data(tmp_path)

    def point_quang_nam_at_kon_tum(data):
        next(u for u in data["units"] if u["id"] == "quang-nam")["merged_into"] = "kon-tum"

    _edit(data_dir / "provinces.yml", point_quang_nam_at_kon_tum)
    with pytest.raises(ValueError, match=r"provinces\.yml.*quang-nam"):
        load_gazetteer(data_dir)


def test_one_spelling_for_two_entries_is_refused(tmp_path):
    data_dir = _copy_data(tmp_path)
    _edit(data_dir / "partners.yml", lambda d: d["countries"][0]["variants"].append("Nghệ An"))
    with pytest.raises(ValueError, match=r"partners\.yml.*Nghệ An"):
        load_gazetteer(data_dir)


def test_a_bad_id_is_refused(tmp_path):
    data_dir = _copy_data(tmp_path)
    _edit(data_dir / "partners.yml", lambda d: d["localities"][0].update(id="Viêng Chăn"))
    with pytest.raises(ValueError, match=r"partners\.yml.*slug"):
        load_gazetteer(data_dir)


def test_old_style_tone_marks_in_a_name_are_refused(tmp_path):
    data_dir = _copy_data(tmp_path)
    _edit(data_dir / "provinces.yml", lambda d: d["units"][0].update(name="Khánh Hoà"))
    with pytest.raises(ValueError, match=r"provinces\.yml.*new-style"):
        load_gazetteer(data_dir)


# --- Provinces --------------------------------------------------------------------------------


def test_spelling_variants_of_hue_khanh_hoa_and_dak_lak(gaz):
    found = find_provinces("Đoàn Thừa Thiên – Huế, Khánh Hoà và Đăk Lăk dự hội nghị.", gaz)
    assert [(p.id, p.name) for p in found] == [
        ("hue", "Thừa Thiên – Huế"), ("khanh-hoa", "Khánh Hoà"), ("dak-lak", "Đăk Lăk"),
    ]
    assert province_ids("Tỉnh Thừa Thiên-Huế và TT-Huế", gaz) == ["hue"]
    assert province_ids("Hợp tác với Đắc Lắc và Daklak.", gaz) == ["dak-lak"]
    assert province_ids("tỉnh Đăk Nông và Bắc Cạn, tỉnh Kontum", gaz) == ["dak-nong", "bac-kan", "kon-tum"]


def test_ho_chi_minh_city_but_not_president_ho_chi_minh(gaz):
    assert province_ids("Doanh nghiệp TP.HCM đầu tư sang Lào.", gaz) == ["ho-chi-minh"]
    assert province_ids("Lãnh đạo Thành phố Hồ Chí Minh tiếp đoàn.", gaz) == ["ho-chi-minh"]
    assert province_ids("Tại TP. Hồ Chí Minh, TPHCM", gaz) == ["ho-chi-minh"]
    assert province_ids("Học tập và làm theo tư tưởng, đạo đức, phong cách Chủ tịch Hồ Chí Minh.", gaz) == []
    assert province_ids("Lăng Chủ tịch Hồ Chí Minh ở Hà Nội", gaz) == ["ha-noi"]


def test_merged_units_carry_their_successor(gaz):
    found = {p.id: p for p in find_provinces("Quảng Nam, Bà Rịa – Vũng Tàu, tỉnh Hòa Bình và Nghệ An.", gaz)}
    assert found["quang-nam"].current_id == "da-nang"
    assert found["ba-ria-vung-tau"].current_id == "ho-chi-minh"
    assert found["hoa-binh"].current_id == "phu-tho"
    assert found["nghe-an"].current_id == "nghe-an"
    assert all(p.country_id is None for p in found.values())


def test_results_follow_first_mention_with_the_name_as_first_written(gaz):
    found = find_provinces("Khánh Hoà đón đoàn Nghệ An; sau đó Khánh Hòa tiếp tục làm việc với Nghệ An.", gaz)
    assert [(p.id, p.name) for p in found] == [("khanh-hoa", "Khánh Hoà"), ("nghe-an", "Nghệ An")]


def test_a_place_name_inside_a_longer_name_is_not_the_place(gaz):
    assert province_ids("Bà Nguyễn Thị Huế phát biểu.", gaz) == []
    assert province_ids("Chiến thắng Điện Biên Phủ", gaz) == []
    assert province_ids("Sông Lam Nghệ An thắng trận.", gaz) == []
    assert province_ids("châu Á - Thái Bình Dương", gaz) == []  # the Pacific, not Thái Bình


def test_a_person_named_after_a_place_is_kept_out(gaz):
    assert province_ids("Ông Hùng trao đổi với chị Huế, bà Hải Dương.", gaz) == []
    assert province_ids("Hội nghị thành công. (Ảnh: Thu Huế)", gaz) == []
    assert province_ids("Ảnh: Hải Dương", gaz) == []
    text = "Huế Nguyễn, Trưởng đoàn, phát biểu"
    assert province_ids(text, gaz) == ["hue"]
    assert province_ids(text, gaz, people_names=["Huế Nguyễn"]) == []


def test_a_person_named_after_the_place_follows_it(gaz):
    assert province_ids("Giám đốc Sở Ngoại vụ Nghệ An Trần Khánh Thục cho biết.", gaz) == ["nghe-an"]
    assert province_ids("Chủ tịch UBND tỉnh Quảng Nam Lê Trí Thanh", gaz) == ["quang-nam"]


def test_sentence_openers_do_not_hide_a_place(gaz):
    assert province_ids("Tại Hà Nội, hai bên ký kết.", gaz) == ["ha-noi"]
    assert province_ids("Với Đà Nẵng, đây là dịp quan trọng.", gaz) == ["da-nang"]


def test_places_listed_without_punctuation_are_each_found(gaz):
    assert province_ids("Hội đồng hương Quảng Nam Đà Nẵng", gaz) == ["quang-nam", "da-nang"]


def test_needs_prefix_names_count_only_after_a_prefix(gaz):
    assert province_ids("Vì hòa bình, Hòa Bình và phát triển", gaz) == []
    assert province_ids("Đoàn công tác tỉnh Hòa Bình", gaz) == ["hoa-binh"]
    assert province_ids("Tỉnh ủy Hòa Bình", gaz) == ["hoa-binh"]


def test_a_commune_or_street_named_like_a_province_is_not_it(gaz):
    assert province_ids("xã Long An, phố Huế và đường Hà Nội", gaz) == []
    assert province_ids("Lãnh đạo thành phố Huế", gaz) == ["hue"]
    assert province_ids("TP. Huế và TP.Đà Nẵng", gaz) == ["hue", "da-nang"]


def test_names_are_case_sensitive(gaz):
    assert province_ids("giữ gìn hòa bình, thái bình", gaz) == []
    assert country_ids("tiếng anh và đức tính", gaz) == []


def test_nfd_input_is_read_and_names_come_back_nfc(gaz):
    text = unicodedata.normalize("NFD", "Đoàn tỉnh Khánh Hoà thăm Đắk Lắk và Lào.")
    found = find_provinces(text, gaz)
    assert [p.id for p in found] == ["khanh-hoa", "dak-lak"]
    assert found[0].name == unicodedata.normalize("NFC", "Khánh Hoà")
    assert country_ids(text, gaz) == ["lao"]


def test_an_all_caps_heading_matches(gaz):
    text = "HỢP TÁC GIỮA NGHỆ AN VÀ LÀO, KHÁNH HOÀ VỚI NHẬT BẢN"
    found = find_provinces(text, gaz)
    assert [(p.id, p.name) for p in found] == [("nghe-an", "NGHỆ AN"), ("khanh-hoa", "KHÁNH HOÀ")]
    assert country_ids(text, gaz) == ["lao", "nhat-ban"]
    assert province_ids("ĐẠI HỘI HÒA BÌNH", gaz) == []  # still needs "TỈNH"
    assert country_ids("(Ảnh: TTXVN) HỢP TÁC VỚI LÀO", gaz) == ["lao"]
    assert province_ids("BÀ NGUYỄN THỊ HUẾ PHÁT BIỂU TẠI HÀ NỘI", gaz) == ["ha-noi"]


def test_a_title_case_heading_matches(gaz):
    text = "Hợp Tác Giữa Tỉnh Hòa Bình Và Nhật Bản Trong Giáo Dục"
    assert province_ids(text, gaz) == ["hoa-binh"]
    assert country_ids(text, gaz) == ["nhat-ban"]
    assert province_ids("Ông Trần Thái Bình Và Bà Nguyễn Thị Huế Dự Lễ", gaz) == []


def test_a_one_megabyte_line_is_scanned(gaz):
    sentence = ("Chiều 20/2, tại Hà Nội, đoàn tỉnh Nghệ An làm việc với Đại sứ Hàn Quốc và "
                "tỉnh Bô Ly Khăm Xay (Lào) về hợp tác; bà Nguyễn Thị Huế phát biểu. ")
    line = sentence * (1_000_000 // len(sentence) + 1) + "Cuối cùng là Cà Mau."
    assert "\n" not in line and len(line) > 1_000_000
    assert province_ids(line, gaz) == ["ha-noi", "nghe-an", "ca-mau"]
    countries, localities = find_partners(line, gaz)
    assert [p.id for p in countries] == ["han-quoc", "lao"]
    assert [p.id for p in localities] == ["bo-ly-kham-xay"]


def test_a_line_of_one_long_name_after_another_is_scanned(gaz):
    line = "Mỹ Tho " * 150_000 + "và Mỹ."
    assert country_ids(line, gaz) == ["hoa-ky"]


# --- Foreign partners -------------------------------------------------------------------------


def test_hanoi_vientiane_gives_a_province_and_a_locality(gaz):
    text = "Dự án đường cao tốc Hà Nội - Viêng Chăn được thúc đẩy."
    assert province_ids(text, gaz) == ["ha-noi"]
    countries, localities = find_partners(text, gaz)
    assert countries == ()  # a locality does not add its country
    assert [(p.id, p.name_en, p.country_id) for p in localities] == [("vieng-chan", "Vientiane", "lao")]


def test_lao_cai_is_not_laos(gaz):
    text = "Tỉnh Lào Cai và Lào Cai giáp Vân Nam."
    assert country_ids(text, gaz) == []
    assert province_ids(text, gaz) == ["lao-cai"]
    assert locality_ids(text, gaz) == ["van-nam"]
    assert country_ids("hợp tác với Lào và Lào Cai", gaz) == ["lao"]


def test_my_inside_a_longer_name_is_not_america(gaz):
    assert country_ids("Đoàn về Mỹ Tho rồi tới Mỹ Đình, xem Mỹ thuật.", gaz) == []
    assert country_ids("Tổng thống Mỹ Joe Biden thăm Việt Nam.", gaz) == ["hoa-ky"]
    assert country_ids("Thị trường Bắc Mỹ và Mỹ Latinh", gaz) == ["north-america", "latin-america"]


def test_nam_dinh_is_not_a_south_region(gaz):
    text = "Tỉnh Nam Định hợp tác với Nam Phi."
    assert province_ids(text, gaz) == ["nam-dinh"]
    assert country_ids(text, gaz) == ["nam-phi"]


def test_duc_as_a_given_name_is_not_germany(gaz):
    text = "Ông Nguyễn Đức Trung, Chủ tịch UBND tỉnh, tiếp đoàn."
    assert country_ids(text, gaz, people_names=["Nguyễn Đức Trung"]) == []
    assert country_ids(text, gaz) == []
    assert country_ids("Đức Phật và Đức tin", gaz) == []
    assert country_ids("Đại sứ Đức và CHLB Đức", gaz) == ["duc"]
    assert country_ids("Hợp tác Việt Nam – Đức", gaz) == ["duc"]


def test_anh_son_and_other_anh_are_not_the_uk(gaz):
    assert country_ids("(Ảnh: Anh Sơn)", gaz) == []
    assert country_ids("Huyện Anh Sơn, anh em và Anh hùng Lao động", gaz) == []
    assert country_ids("bà Nguyễn Thúy Anh cho biết", gaz) == []
    assert country_ids("dạy tiếng Anh", gaz) == []
    found = find_partners("Quan hệ với Vương quốc Anh và nước Anh", gaz)[0]
    assert [(p.id, p.name, p.name_en) for p in found] == [("anh", "Vương quốc Anh", "United Kingdom")]


def test_common_words_are_not_countries(gaz):
    assert country_ids("Ý kiến của đại biểu. Áo dài Việt Nam. Pháp luật quy định.", gaz) == []
    assert country_ids("Đại sứ Ý và nước Áo, Pháp", gaz) == ["italy", "ao", "phap"]


def test_country_variants(gaz):
    text = ("Hoa Kỳ, Úc, Ôxtrâylia, Đại Hàn Dân Quốc, Vương quốc Campuchia, Thái Lan, Xinh-ga-po, "
            "Liên bang Nga, Đài Loan (Trung Quốc), Liên minh Châu Âu")
    found = find_partners(text, gaz)[0]
    assert [p.id for p in found] == ["hoa-ky", "australia", "han-quoc", "campuchia", "thai-lan", "singapore",
                                     "nga", "dai-loan", "eu"]
    assert found[-2].name == "Đài Loan (Trung Quốc)"  # the bracket does not add China


def test_regions_and_blocs(gaz):
    text = ("Đông Bắc Á, Trung Đông, Bắc Phi, Nam Á, châu Phi và Đông Nam Á; "
            "Hiệp hội các quốc gia Đông Nam Á (ASEAN); Liên minh châu Âu (EU) và châu Âu.")
    assert country_ids(text, gaz) == ["northeast-asia", "middle-east", "north-africa", "south-asia", "africa",
                                      "southeast-asia", "asean", "eu", "europe"]
    assert country_ids("Châu Âu là đối tác lớn.", gaz) == ["europe"]


def test_foreign_leaders_names_after_the_country(gaz):
    text = "Thủ tướng Canada Justin Trudeau gặp Đại sứ Hàn Quốc Choi Young Sam và Ngoại trưởng Trung Quốc Vương Nghị."
    assert country_ids(text, gaz) == ["canada", "han-quoc", "trung-quoc"]
    assert country_ids("Michael Jordan và Air Canada", gaz) == []


def test_localities_abroad(gaz):
    text = "Tỉnh Jeollabuk-do, Bolikhamxay, Hủa Phăn, tỉnh Mon-đun-ki-ri và Gyeonggi ký kết."
    countries, localities = find_partners(text, gaz)
    assert countries == ()
    assert [(p.id, p.name, p.country_id) for p in localities] == [
        ("jeollabuk", "Jeollabuk-do", "han-quoc"),
        ("bo-ly-kham-xay", "Bolikhamxay", "lao"),
        ("hua-phan", "Hủa Phăn", "lao"),
        ("mondulkiri", "Mon-đun-ki-ri", "campuchia"),
        ("gyeonggi", "Gyeonggi", "han-quoc"),
    ]
    assert locality_ids("tỉnh Viêng Chăn và Thủ đô Viêng Chăn", gaz) == ["tinh-vieng-chan", "vieng-chan"]


def test_provinces_are_not_partners_and_partners_not_provinces(gaz):
    text = "Nghệ An hợp tác với Lào và tỉnh Xiêng Khoảng."
    assert province_ids(text, gaz) == ["nghe-an"]
    assert country_ids(text, gaz) == ["lao"]
    assert locality_ids(text, gaz) == ["xieng-khoang"]


def test_tone_key_moves_old_style_marks_in_either_case():
    assert tone_key("Khánh Hoà, THUỶ, Uỷ ban, Hoàng, Hoà1") == "Khánh Hòa, THỦY, Ủy ban, Hoàng, Hòa1"
