"""Rendering Vietnamese official roles into English with the glossary (generator/glossary.py)."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from generator.glossary import (
    MAX_TOKENS,
    Body,
    Glossary,
    PlaceWord,
    Title,
    load_glossary,
    strip_accents,
    translate_role,
    translate_roles,
)

PLACES = {"Nghệ An": "Nghe An", "Đà Nẵng": "Da Nang", "Hà Nội": "Hanoi"}
COUNTRIES = {"Hàn Quốc": "the Republic of Korea", "Lào": "Laos", "Việt Nam": "Viet Nam"}


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def render(role: str, glossary: Glossary) -> str | None:
    return translate_role(role, glossary, PLACES.get, COUNTRIES.get)


CASES = [
    # ministers and ministries
    ("Bộ trưởng Bộ Ngoại giao", "Minister of Foreign Affairs"),
    ("Bộ trưởng", "Minister"),
    ("Thứ trưởng", "Deputy Minister"),
    ("Thứ trưởng Ngoại giao", "Deputy Minister of Foreign Affairs"),
    ("Thứ trưởng Bộ Ngoại giao", "Deputy Minister of Foreign Affairs"),
    ("Thứ trưởng Thường trực Bộ Ngoại giao", "Permanent Deputy Minister of Foreign Affairs"),
    ("Trợ lý Bộ trưởng Bộ Ngoại giao", "Assistant Minister of Foreign Affairs"),
    ("Bộ trưởng Bộ Công Thương", "Minister of Industry and Trade"),
    ("Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch", "Minister of Culture, Sports and Tourism"),
    ("Thứ trưởng Bộ Lao động – Thương binh và Xã hội", "Deputy Minister of Labour, Invalids and Social Affairs"),
    ("Bộ trưởng Ngoại giao Lào", "Minister of Foreign Affairs of Laos"),
    ("Phó Thủ tướng", "Deputy Prime Minister"),
    ("Thủ tướng Chính phủ", "Prime Minister"),
    ("Chánh Văn phòng Bộ Ngoại giao", "Chief of Office of the Ministry of Foreign Affairs"),
    ("Người phát ngôn Bộ Ngoại giao", "Spokesperson of the Ministry of Foreign Affairs"),
    # units of a ministry, with the ministry as parent after a comma
    (
        "Phó Cục trưởng Cục Ngoại vụ và Ngoại giao văn hóa, Bộ Ngoại giao",
        "Deputy Director General of the Department of External Affairs and Cultural Diplomacy, "
        "Ministry of Foreign Affairs",
    ),
    ("Cục trưởng Cục Ngoại vụ", "Director General of the Department of External Affairs"),
    (
        "Vụ trưởng Vụ Ngoại giao văn hóa và UNESCO",
        "Director General of the Department of Cultural Diplomacy and UNESCO",
    ),
    # provincial People's Committees and Councils
    ("Phó Chủ tịch UBND tỉnh Nghệ An", "Vice Chairman of the Nghe An Provincial People's Committee"),
    ("Phó Chủ tịch UBND tỉnh", "Vice Chairman of the Provincial People's Committee"),
    (
        "Phó Chủ tịch Thường trực Ủy ban Nhân dân tỉnh Đắk Lắk",
        "Standing Vice Chairman of the Dak Lak Provincial People's Committee",
    ),
    ("Chủ tịch Ủy ban nhân dân thành phố Hà Nội", "Chairman of the Hanoi City People's Committee"),
    ("Chủ tịch UBND TP.Hà Nội", "Chairman of the Hanoi City People's Committee"),
    ("Chủ tịch UBND Nghệ An", "Chairman of the Nghe An People's Committee"),
    ("Chánh Văn phòng UBND tỉnh", "Chief of Office of the Provincial People's Committee"),
    (
        "Chủ tịch UBND huyện Anh Sơn, tỉnh Nghệ An",
        "Chairman of the Anh Son District People's Committee, Nghe An Province",
    ),
    ("Chủ tịch HĐND tỉnh", "Chairman of the Provincial People's Council"),
    ("Trưởng Đoàn ĐBQH tỉnh", "Head of the Provincial Delegation of National Assembly Deputies"),
    (
        "Trưởng Đoàn Đại biểu Quốc hội tỉnh Nghệ An",
        "Head of the Nghe An Provincial Delegation of National Assembly Deputies",
    ),
    # provincial departments
    ("Giám đốc Sở Ngoại vụ", "Director of the Department of Foreign Affairs"),
    ("Giám đốc Sở Ngoại vụ Nghệ An", "Director of the Nghe An Department of Foreign Affairs"),
    (
        "Phó Giám đốc Sở Ngoại vụ thành phố Đà Nẵng",
        "Deputy Director of the Da Nang City Department of Foreign Affairs",
    ),
    (
        "Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An",
        "Director of the Nghe An Provincial Department of Culture, Sports and Tourism",
    ),
    # Party
    ("Bí thư Tỉnh ủy", "Secretary of the Provincial Party Committee"),
    ("Bí thư Tỉnh ủy Nghệ An", "Secretary of the Nghe An Provincial Party Committee"),
    ("Phó Bí thư Thường trực Tỉnh ủy", "Standing Deputy Secretary of the Provincial Party Committee"),
    ("Bí thư Thành ủy Đà Nẵng", "Secretary of the Da Nang City Party Committee"),
    ("Ủy viên Ban Chấp hành Đảng bộ tỉnh", "Member of the Provincial Party Executive Committee"),
    (
        "Ủy viên Ban Thường vụ Tỉnh ủy Nghệ An",
        "Member of the Standing Board of the Nghe An Provincial Party Committee",
    ),
    ("Bí thư Ban Cán sự Đảng", "Secretary of the Party Civil Affairs Committee"),
    (
        "Bí thư Ban Cán sự Đảng Bộ Ngoại giao",
        "Secretary of the Party Civil Affairs Committee of the Ministry of Foreign Affairs",
    ),
    ("Ủy viên Bộ Chính trị", "Member of the Politburo"),
    (
        "Trưởng Ban Đối ngoại Trung ương",
        "Head of the Party Central Committee's Commission for External Relations",
    ),
    ("Tổng Bí thư", "General Secretary"),
    ("Chủ tịch nước", "President"),
    ("Chủ tịch Quốc hội", "Chairman of the National Assembly"),
    ("Phó Chủ tịch Quốc hội", "Vice Chairman of the National Assembly"),
    # several roles, joined by commas or "kiêm"
    (
        "Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Ban Cán sự Đảng, Bộ trưởng Bộ Ngoại giao",
        "Member of the Party Central Committee, Secretary of the Party Civil Affairs Committee, "
        "Minister of Foreign Affairs",
    ),
    (
        "Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Tỉnh ủy, Trưởng Đoàn ĐBQH tỉnh, Chủ tịch HĐND tỉnh",
        "Member of the Party Central Committee, Secretary of the Provincial Party Committee, "
        "Head of the Provincial Delegation of National Assembly Deputies, "
        "Chairman of the Provincial People's Council",
    ),
    (
        "Ủy viên Ban Chấp hành Đảng bộ tỉnh, Phó Chủ tịch UBND tỉnh Nghệ An",
        "Member of the Provincial Party Executive Committee, "
        "Vice Chairman of the Nghe An Provincial People's Committee",
    ),
    (
        "Phó Bí thư Tỉnh ủy kiêm Chủ tịch UBND tỉnh",
        "Deputy Secretary of the Provincial Party Committee and Chairman of the Provincial People's Committee",
    ),
    # diplomats and foreign offices (countries through the country callback)
    ("Đại sứ", "Ambassador"),
    ("Đại sứ Hàn Quốc", "Ambassador of the Republic of Korea"),
    ("Đại sứ Việt Nam tại Lào", "Ambassador of Viet Nam to Laos"),
    ("Đại sứ Đặc mệnh Toàn quyền Việt Nam tại Hàn Quốc",
     "Ambassador Extraordinary and Plenipotentiary of Viet Nam to the Republic of Korea"),
    ("Tổng Lãnh sự Hàn Quốc tại Đà Nẵng", "Consul General of the Republic of Korea in Da Nang"),
    ("Tham tán Đại sứ quán Việt Nam tại Lào", "Counsellor of the Embassy of Viet Nam in Laos"),
    ("Tỉnh trưởng tỉnh Chăm-pa-sắc", "Governor of Cham-pa-sac Province"),
    ("Trưởng đoàn", "Head of Delegation"),
    # spellings: old tone placement, lower case, NFD
    ("Phó Chủ tịch Uỷ ban nhân dân tỉnh Khánh Hoà", "Vice Chairman of the Khanh Hoa Provincial People's Committee"),
    ("Phó Cục trưởng Cục Ngoại vụ và Ngoại giao văn hoá, Bộ Ngoại giao",
     "Deputy Director General of the Department of External Affairs and Cultural Diplomacy, "
     "Ministry of Foreign Affairs"),
    ("phó chủ tịch ủy ban nhân dân tỉnh", "Vice Chairman of the Provincial People's Committee"),
    (unicodedata.normalize("NFD", "Bí thư Tỉnh ủy Nghệ An"), "Secretary of the Nghe An Provincial Party Committee"),
    ("  Giám đốc   Sở Ngoại vụ  ", "Director of the Department of Foreign Affairs"),
    # untranslatable: unknown, or only partly known
    ("Chủ nhiệm Hợp tác xã Bình Minh", None),
    ("nữ sĩ", None),
    ("", None),
    ("Bộ Ngoại giao", None),  # a body is no role
    ("Bí thư Tỉnh ủy, nữ sĩ", None),
    ("Giám đốc Sở Ngoại vụ Nghệ An Trần Khánh Thục", None),  # a name after a known place
    ("Giám đốc Sở Du hành vũ trụ", None),
    ("Chánh Văn phòng Ngoại giao", None),  # the short ministry form only after a minister
    ("Đại sứ Xứ Sở Thần Tiên", None),  # a country the callback does not know
    ("Bộ trưởng,", None),
    (", Bộ trưởng", None),
    ("Chủ tịch Hồ Chí Minh", None),
]


@pytest.mark.parametrize(("role", "expected"), CASES, ids=[c[0][:60] or "empty" for c in CASES])
def test_translate_role(role: str, expected: str | None, glossary: Glossary) -> None:
    assert render(role, glossary) == expected


def test_place_without_callback_is_unaccented(glossary: Glossary) -> None:
    assert translate_role("Phó Giám đốc Sở Ngoại vụ thành phố Đà Nẵng", glossary) == (
        "Deputy Director of the Da Nang City Department of Foreign Affairs"
    )
    assert translate_role("Bí thư Tỉnh ủy Nghệ An", glossary) == "Secretary of the Nghe An Provincial Party Committee"


def test_place_callback_gets_the_name_as_written(glossary: Glossary) -> None:
    asked: list[str] = []

    def place(name: str) -> str | None:
        asked.append(name)
        return "Thanh Hoa" if name == "Thanh Hóa" else None

    assert translate_role("Chủ tịch UBND tỉnh Thanh Hóa", glossary, place) == (
        "Chairman of the Thanh Hoa Provincial People's Committee"
    )
    assert "Thanh Hóa" in asked


def test_country_needs_callback(glossary: Glossary) -> None:
    assert translate_role("Đại sứ Hàn Quốc", glossary) is None
    assert translate_role("Đại sứ Hàn Quốc", glossary, country_name_en=COUNTRIES.get) == (
        "Ambassador of the Republic of Korea"
    )


def test_translate_roles(glossary: Glossary) -> None:
    roles = ["Bí thư Tỉnh ủy", "nữ sĩ", "Thứ trưởng Ngoại giao", "nữ sĩ", "Chủ nhiệm Hợp tác xã Bình Minh"]
    assert translate_roles(roles, glossary) == (
        ["Secretary of the Provincial Party Committee", "Deputy Minister of Foreign Affairs"],
        ["nữ sĩ", "Chủ nhiệm Hợp tác xã Bình Minh"],
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đắk Lắk", "Dak Lak"),
        ("đà nẵng", "da nang"),
        ("Khánh Hoà", "Khanh Hoa"),
        ("HÀ NỘI", "HA NOI"),
        (unicodedata.normalize("NFD", "Nghệ An"), "Nghe An"),
        ("Bà Rịa – Vũng Tàu", "Ba Ria – Vung Tau"),
    ],
)
def test_strip_accents(text: str, expected: str) -> None:
    assert strip_accents(text) == expected


def test_long_and_adversarial_input_is_fast(glossary: Glossary) -> None:
    too_long = ", ".join(["Bí thư Tỉnh ủy"] * 40)  # 159 tokens
    many = ", ".join(["Bí thư Tỉnh ủy"] * 24)  # 119 tokens
    chain = "Chánh" + " Văn phòng" * 58 + " nữ"  # a body of bodies of bodies… then an unknown word
    places = "Phó Chủ tịch UBND tỉnh" + " Nghệ An" * 55 + " nữ"
    start = time.perf_counter()
    assert translate_role(too_long, glossary) is None
    assert translate_role(many, glossary) == ", ".join(["Secretary of the Provincial Party Committee"] * 24)
    assert translate_role(chain, glossary) is None
    assert translate_role(chain[: -len(" nữ")], glossary).count(" of the Office") == 57
    assert translate_role(places, glossary, PLACES.get) is None
    assert time.perf_counter() - start < 2
    assert MAX_TOKENS < 159


# --- loading -------------------------------------------------------------------------------


def test_default_glossary_loads(glossary: Glossary) -> None:
    assert any(title.en == "Chairman" for title in glossary.titles)
    assert any(body.en == "Ministry of Foreign Affairs" for body in glossary.bodies)
    assert {word.noun for word in glossary.place_words} >= {"Province", "City"}


MINIMAL = """
titles:
  - {vi: Giám đốc, en: Director}
bodies:
  - {vi: Sở Ngoại vụ, en: Department of Foreign Affairs, place: level}
place_words:
  - {vi: tỉnh, adjective: Provincial, noun: Province}
"""


def test_minimal_file(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text(MINIMAL, encoding="utf-8")
    glossary = load_glossary(path)
    assert translate_role("Giám đốc Sở Ngoại vụ tỉnh", glossary) == "Director of the Provincial Department of Foreign Affairs"
    assert translate_role("Giám đốc Sở Ngoại vụ tỉnh kiêm Giám đốc", glossary) is None  # no joiners listed


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("titles: [", "invalid glossary"),
        ("- a list", "expected a mapping"),
        (MINIMAL.replace("titles:\n  - {vi: Giám đốc, en: Director}", "titles: []"), "`titles` must be a non-empty list"),
        (MINIMAL.replace("en: Director}", "en: Director, plac: level}"), "titles[0]: unknown field plac"),
        (MINIMAL.replace("en: Director}", "en: ''}"), "titles[0]"),
        (MINIMAL.replace("{vi: Giám đốc, en: Director}", "{en: Director}"), "titles[0]: missing vi"),
        (MINIMAL.replace("place: level", "place: province"), "place must be one of"),
        (MINIMAL + "  - {vi: TỈNH, adjective: P, noun: P}\n", "listed twice"),
        (MINIMAL.replace("vi: Giám đốc,", "vi: [Giám đốc, Giám Đốc],"), "listed twice"),
        (MINIMAL.replace("place: level}", "place: level, short: [Ngoại vụ]}"), "need a `portfolio`"),
        (MINIMAL.replace("en: Director}", "en: Director, at: to}"), "`at` needs place: country"),
        (MINIMAL + "joiners: [kiêm]\n", "`joiners`"),
    ],
)
def test_bad_file_names_itself(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "broken.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_glossary(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_missing_file_names_itself(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nowhere.yml"):
        load_glossary(tmp_path / "nowhere.yml")


def test_glossary_built_in_code() -> None:
    glossary = Glossary(
        titles=(Title(("Thị trưởng",), "Mayor", place="level"),),
        bodies=(Body(("Tòa Thị chính",), "City Hall"),),
        place_words=(PlaceWord(("thành phố",), "City", "City"),),
    )
    assert translate_role("Thị trưởng thành phố Busan", glossary) == "Mayor of Busan City"
    assert translate_role("Thị trưởng Tòa Thị chính", glossary) == "Mayor of the City Hall"
