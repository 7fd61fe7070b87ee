"""Link-preview images: deterministic, valid PNGs that look like plain ImageDraw text."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageChops, ImageDraw

from generator import cards
from generator.cards import CARD_SIZE, CARD_SUFFIX, Card, card_name, draw_card

SITE = "Đối ngoại Nghệ An"
ORGANISATION = "Sở Ngoại vụ tỉnh Nghệ An"
TITLES = [
    "Hàn Quốc",
    "Tây Ninh tăng cường hợp tác với Vương quốc Tây Ban Nha",
    "Phó Chủ tịch Thường trực UBND tỉnh Phú Thọ La Bá Hùng tiếp đoàn doanh nghiệp Timor-Leste",
    # descenders (g, ạ, ệ) over stacked marks on capitals (Ể, Ấ, Ổ) on the next line
    "Giúp gạo nghệ dạng gọn giúp gạo nghệ dạng gọn Ểng Ấy Ổn Ểng Ấy Ổn Ểng Ấy Ổn gạo Ểng",
    "Kỷ niệm 59 năm thiết lập quan hệ ngoại giao Việt Nam – Mexico: “xuất ngoại”, 10/8/2022…",
]
LONG = " ".join(["Đoàn công tác tỉnh Hưng Yên thăm và làm việc tại Pakistan, Nepal và Ấn Độ;"] * 12)


def _caches() -> list:
    return [cards._width, cards._coverage, cards._muted, cards._template, cards._blank]


@pytest.fixture
def cold_caches():
    for cache in _caches():
        cache.cache_clear()
    yield
    for cache in _caches():
        cache.cache_clear()


def card(title: str, date: str = "17/02/2017", site: str = SITE, organisation: str = ORGANISATION) -> Card:
    return Card(title=title, date=date, site_name=site, organisation=organisation)


def decode(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        image.load()
        return image.convert("RGB")


def reference(card: Card) -> Image.Image:
    """The card drawn the plain way: ImageDraw.text of whole lines on an RGB image."""
    image = Image.new("RGB", CARD_SIZE, cards.BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, CARD_SIZE[1] - cards.BAND_HEIGHT, CARD_SIZE[0], CARD_SIZE[1]), fill=cards.BAND)
    draw.text((cards.MARGIN, cards.MARGIN - 10), card.organisation.upper(), font=cards._font("SemiBold", 26), fill=cards.MUTED)
    size, lines = cards._fit_title(card.title, CARD_SIZE[0] - 2 * cards.MARGIN)
    font = cards._font("Bold", size)
    y = cards.MARGIN + 50
    for line in lines:
        draw.text((cards.MARGIN, y), line, font=font, fill=cards.TEXT)
        y += int(size * 1.25)
    footer = f"{card.site_name}  ·  {card.date}" if card.date else card.site_name
    draw.text((cards.MARGIN, CARD_SIZE[1] - cards.MARGIN - 30), footer, font=cards._font("Medium", 30), fill=cards.MUTED)
    return image


def differences(a: Image.Image, b: Image.Image) -> list[int]:
    """How many pixels differ by each amount (0..255) in their most different channel."""
    red, green, blue = ImageChops.difference(a, b).split()
    return ImageChops.lighter(ImageChops.lighter(red, green), blue).histogram()


def test_a_card_is_a_1200_by_630_png_named_by_its_content() -> None:
    data = draw_card(card(TITLES[1]))
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size, image.mode) == ("PNG", CARD_SIZE, "P")
        image.verify()  # chunk CRCs
    name = card_name(card(TITLES[1]))
    assert name.endswith(CARD_SUFFIX) and CARD_SUFFIX == ".png" and len(name) == 16 + len(CARD_SUFFIX)
    assert 5_000 < len(data) < 60_000


def test_the_png_stream_is_whole_and_its_checksums_hold() -> None:
    data = draw_card(card(LONG))
    position, chunks = 8, []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        assert struct.unpack(">I", data[position + 8 + length : position + 12 + length])[0] == zlib.crc32(kind + body)
        chunks.append((kind, body))
        position += 12 + length
    assert [kind for kind, _ in chunks] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    rows = zlib.decompress(chunks[2][1])  # checks the Adler-32 of the rows
    assert len(rows) == (CARD_SIZE[0] + 1) * CARD_SIZE[1]
    assert rows[:: CARD_SIZE[0] + 1] == bytes(CARD_SIZE[1])  # every row unfiltered


def test_the_same_card_gives_the_same_bytes_whatever_is_cached(cold_caches) -> None:
    first = [draw_card(card(title)) for title in TITLES]
    assert [draw_card(card(title)) for title in TITLES] == first  # now from the caches
    for cache in _caches():
        cache.cache_clear()
    assert [draw_card(card(title)) for title in reversed(TITLES)] == first[::-1]


def test_different_content_gives_different_names_and_images() -> None:
    variants = [
        card(TITLES[1]),
        card(TITLES[2]),
        card(TITLES[1], date="18/02/2017"),
        card(TITLES[1], date=""),
        card(TITLES[1], site="Nghe An Foreign Affairs"),
        card(TITLES[1], organisation="Department of Foreign Affairs of Nghe An Province"),
    ]
    assert len({card_name(variant) for variant in variants}) == len(variants)
    assert len({draw_card(variant) for variant in variants}) == len(variants)


def test_a_long_title_is_shrunk_wrapped_and_ellipsised() -> None:
    size, lines = cards._fit_title(LONG, CARD_SIZE[0] - 2 * cards.MARGIN)
    assert size == cards.TITLE_SIZES[-1] and len(lines) == cards.TITLE_MAX_LINES
    assert lines[-1].endswith("…") and not lines[-1].endswith(";…")
    width = CARD_SIZE[0] - 2 * cards.MARGIN
    assert all(cards._font("Bold", size).getlength(line) <= width for line in lines[:-1])
    short_size, short_lines = cards._fit_title(TITLES[0], width)
    assert (short_size, short_lines) == (cards.TITLE_SIZES[0], [TITLES[0]])


def test_every_title_line_is_drawn_white_and_the_rest_stays_background() -> None:
    image = decode(draw_card(card(LONG)))
    size = cards.TITLE_SIZES[-1]
    for index in range(cards.TITLE_MAX_LINES):
        top = cards.MARGIN + 50 + index * int(size * 1.25)
        line = image.crop((cards.MARGIN, top, CARD_SIZE[0] - cards.MARGIN, top + size))
        colours = {colour for _, colour in line.getcolors(1 << 16)}
        assert cards.TEXT in colours and cards.BACKGROUND in colours, index
    right_margin = image.crop((CARD_SIZE[0] - 40, 0, CARD_SIZE[0], CARD_SIZE[1] - cards.BAND_HEIGHT))
    assert right_margin.getcolors() == [(40 * (CARD_SIZE[1] - cards.BAND_HEIGHT), cards.BACKGROUND)]
    band = image.crop((0, CARD_SIZE[1] - cards.BAND_HEIGHT, CARD_SIZE[0], CARD_SIZE[1]))
    assert band.getcolors() == [(CARD_SIZE[0] * cards.BAND_HEIGHT, cards.BAND)]


def test_wrapping_by_summed_word_widths_matches_measuring_whole_lines() -> None:
    """The font has no kerning across a space, so lines wrap as measuring each candidate line would."""

    def measured(text: str, size: int, width: int) -> list[str]:
        font, lines = cards._font("Bold", size), []
        for word in text.split():
            candidate = f"{lines[-1]} {word}" if lines else word
            if lines and font.getlength(candidate) <= width:
                lines[-1] = candidate
            else:
                lines.append(word)
        return lines

    for text in [*TITLES, LONG]:
        for size in cards.TITLE_SIZES:
            for width in (300, 700, CARD_SIZE[0] - 2 * cards.MARGIN):
                assert cards._wrap(text, "Bold", size, width) == measured(text, size, width), (text, size, width)


@pytest.mark.parametrize("title", [*TITLES, LONG])
def test_a_card_looks_like_its_lines_drawn_whole_with_imagedraw(title: str) -> None:
    ours, theirs = decode(draw_card(card(title))), reference(card(title))
    counts = differences(ours, theirs)
    # Words are a quarter pixel from where a whole line puts them: only some edge pixels change.
    assert sum(counts[96:]) < 0.005 * CARD_SIZE[0] * CARD_SIZE[1]
    assert sum(counts[9:]) < 0.02 * CARD_SIZE[0] * CARD_SIZE[1]


@pytest.mark.parametrize("title", [*TITLES, LONG])
def test_with_exact_pen_positions_a_card_is_imagedraw_pixel_for_pixel(
    title: str, cold_caches, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Baseline, positions, palette and PNG writer: only the 127 steps of anti-aliasing differ.

    By one level of a channel, or two where a stacked mark overlaps a descender of the line above.
    """
    monkeypatch.setattr(cards, "SUBPIXELS", 64)  # FreeType's own 1/64 pixel
    for date in ("17/02/2017", "31/12/1999", ""):
        counts = differences(decode(draw_card(card(title, date=date))), reference(card(title, date=date)))
        assert sum(counts[3:]) == 0


def test_dates_are_drawn_from_pieces_met_before(cold_caches) -> None:
    """Nearly every article has a date of its own, but its day, month and year repeat."""
    dates = [f"{day:02d}/{month:02d}/{year}" for year in (2023, 2024) for month in (1, 2, 3) for day in range(1, 29)]
    for date in dates:
        draw_card(card(TITLES[0], date=date))
    assert cards._coverage.cache_info().misses < len(dates) / 2


def test_odd_content_still_gives_a_whole_card() -> None:
    odd = [
        card(""),
        card("x" * 400),  # one word wider than the card: clipped at its edge
        card("   ".join(TITLES[:2]), date="", organisation=""),
        card("漢字 😀 \u0301", site="", date=""),
    ]
    for variant in odd:
        image = decode(draw_card(variant))
        assert image.size == CARD_SIZE
    assert decode(draw_card(card(""))).getpixel((cards.MARGIN + 5, cards.MARGIN + 80)) == cards.BACKGROUND
