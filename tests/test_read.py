"""Read stage: decoding, normalisation and ids, on real seeds and on made-up bytes."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from generator.model import SourceError
from generator.build import extract_all
from generator.extract import Resources
from generator.read import decode_article, find_source_paths, read_source

TEXT = "Chiều 20/2, Đoàn công tác làm việc tại Nghệ An.\nDòng hai."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_accepted_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert decode_article(data, Path("a.txt")) == TEXT


def test_decomposed_accents_become_nfc() -> None:
    nfd = unicodedata.normalize("NFD", TEXT)
    assert nfd != TEXT
    assert decode_article(nfd.encode("utf-8"), Path("a.txt")) == TEXT


def test_every_line_ending_becomes_newline() -> None:
    assert decode_article(b"a\r\nb\rc\nd", Path("a.txt")) == "a\nb\nc\nd"


def test_invalid_utf8_is_refused_naming_file_and_line() -> None:
    with pytest.raises(SourceError) as caught:
        decode_article("dòng một\n".encode() + b"\xff\xfe broken", Path("seeds/bad.txt"))
    assert "seeds/bad.txt:2" in str(caught.value)
    assert "UTF-8" in str(caught.value)


def test_nul_bytes_are_refused_as_binary() -> None:
    with pytest.raises(SourceError, match="binary"):
        decode_article(b"abc\x00def", Path("x.txt"))


def test_real_seeds_read_with_their_stem_as_id(seed_paths: list[Path]) -> None:
    sources = [read_source(path) for path in find_source_paths(seed_paths[0].parent)]
    assert [s.id for s in sources] == [p.stem for p in seed_paths]
    for source in sources:
        assert source.text == unicodedata.normalize("NFC", source.text)
        assert "\r" not in source.text


def test_one_broken_article_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Tiêu đề\n\nNội dung.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\xff\xff\xff")
    articles, errors = extract_all(tmp_path, Resources.load())
    assert [a.id for a in articles] == ["a"]
    assert len(errors) == 1 and errors[0].path.name == "b.txt"


def test_sidecar_beside_article_is_applied(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Tiêu đề\n\nNội dung.", encoding="utf-8")
    (tmp_path / "a.yml").write_text("date: 2023-02-20\nnote: ngày lấy từ trang gốc\n", encoding="utf-8")
    assert read_source(tmp_path / "a.txt").sidecar == {"date": "2023-02-20", "note": "ngày lấy từ trang gốc"}


def test_broken_sidecar_names_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Tiêu đề\n\nNội dung.", encoding="utf-8")
    (tmp_path / "a.yml").write_text("title: Đúng\ndate: 2023-02-31\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_source(tmp_path / "a.txt")
    assert str(caught.value).startswith(f"{tmp_path / 'a.yml'}:2:")


def test_every_kind_of_line_break_becomes_one_newline() -> None:
    data = "a\r\r\nb\u2028c\x85d\x0b\x0ce\u2029f\r".encode("utf-8")
    assert decode_article(data, Path("a.txt")) == "a\n\nb\nc\nd\n\ne\nf\n"


def test_control_character_found_in_utf8_and_legacy_text():
    """The byte check that spares the regex search must still find every control character."""
    for data in ("Việt Nam\x07 hôm nay\n".encode("utf-8"), codecs.BOM_UTF8 + "Hà Nội\x1b\n".encode("utf-8")):
        with pytest.raises(SourceError, match="control character"):
            decode_article(data, Path("x.txt"))
    with pytest.raises(SourceError, match="control character"):
        decode_article(codecs.BOM_UTF16_LE + "Hà Nội\x1b\n".encode("utf-16-le"), Path("x.txt"))


def test_legacy_words_found_after_the_same_pieces_were_seen_in_unicode():
    """Pieces remembered as plain Vietnamese never hide a font-encoded word met later."""
    unicode_text = "Việt Nam hợp tác với Lào và Campuchia trong năm nay.\n"
    vni_text = "Vieät Nam hôïp taùc vôùi Laøo vaø Campuchia trong naêm nay.\n"
    assert decode_article(unicode_text.encode("utf-8"), Path("u.txt")) == unicode_text
    assert decode_article(vni_text.encode("utf-8"), Path("v.txt")) == unicode_text
