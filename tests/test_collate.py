"""Vietnamese alphabetical order for directories."""

from __future__ import annotations

from generator.collate import initial, sort_key


def ordered(names: list[str]) -> list[str]:
    return sorted(names, key=lambda n: sort_key(n))


def test_tone_marks_only_break_ties_in_dictionary_order() -> None:
    assert ordered(["Ánh", "Ạnh", "Anh", "Ảnh", "Ãnh", "Ành"]) == ["Anh", "Ành", "Ảnh", "Ãnh", "Ánh", "Ạnh"]


def test_letters_with_breve_circumflex_horn_and_stroke_are_their_own_letters() -> None:
    assert ordered(["Bình", "Âu", "Ăn", "Anh", "Đức", "Dũng", "Ơn", "Ôn", "On", "Ưng", "Uy"]) == [
        "Anh", "Ăn", "Âu", "Bình", "Dũng", "Đức", "On", "Ôn", "Ơn", "Uy", "Ưng",
    ]


def test_tone_difference_does_not_beat_a_letter_difference() -> None:
    # "Ánh" has a tone, "Anh" none, but "Anha" differs by a letter later on
    assert ordered(["Anhb", "Ánh"]) == ["Ánh", "Anhb"]


def test_given_name_first_then_family_then_middle() -> None:
    people = [("Nguyễn", "Văn", "Thông"), ("Bùi", "Thanh", "Sơn"), ("Trần", "Khánh", "Thục"), ("Lê", "Văn", "Sơn")]
    by_given = sorted(people, key=lambda p: sort_key(p[2], p[0], p[1]))
    assert by_given == [("Bùi", "Thanh", "Sơn"), ("Lê", "Văn", "Sơn"), ("Nguyễn", "Văn", "Thông"), ("Trần", "Khánh", "Thục")]


def test_shorter_word_first() -> None:
    assert ordered(["Anh", "An"]) == ["An", "Anh"]


def test_directory_letters() -> None:
    assert [initial(n) for n in ["Đức", "ăn", "Ánh", "Park", "4 phương"]] == ["Đ", "Ă", "A", "P", "4"]
