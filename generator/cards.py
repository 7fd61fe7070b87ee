"""Link-preview images (Open Graph, 1200×630 PNG), drawn offline at build time with Pillow.

Material's social plugin downloads fonts from Google while building and fails offline, so
the cards are drawn here with Be Vietnam Pro from the `fontpkg-be-vietnam-pro` package
(OFL). A card's file name is a hash of everything drawn on it, so an unchanged page keeps
its card and the build does not draw it again (`card_name`).

A corpus has thousands of cards, so a card is drawn in about a tenth of the time a plain
`ImageDraw.text` and `Image.save` take, and looks the same:

- Vietnamese is written in syllables separated by spaces, and titles reuse a few thousand of
  them: each word is rasterised once per font size and quarter-pixel phase (`_coverage`) and
  pasted where FreeType would have put it in the whole line. The font has no kerning across
  a space, so a line's width is the sum of its words' and the spaces' (`_wrap`).
- A date ("20/02/2023") is a word met once, and rasterising it took a third of a card's time:
  words are drawn in pieces cut after each slash ("20/", "02/", "2023"), which repeat, each
  where the whole word puts it (`_pieces`).
- The background, the organisation's line and the bottom band are the same on every card of
  a site: drawn once (`_template`) and copied.
- A card has four colours and their anti-aliasing blends, so it is a palette image (each text
  colour's coverage in 127 steps, `_PALETTE`). Its PNG is written here (`_png`): rows without
  text, most of a card, are compressed once and reused; only the rows with text are deflated.
"""

from __future__ import annotations

import functools
import hashlib
import math
import struct
from dataclasses import dataclass, fields
from operator import attrgetter

import fontpkg_be_vietnam_pro
from PIL import Image, ImageDraw, ImageFont
from zlib_ng import zlib_ng

from generator import png

CARD_SIZE = (1200, 630)
CARD_SUFFIX = ".png"
MARGIN = 72
# Drawing changes that alter every card bump this, so that cached cards are redrawn.
CARD_STYLE_VERSION = "3"
FONT_DIR = fontpkg_be_vietnam_pro.ROOT / "files"
BACKGROUND = (8, 58, 102)
BAND = (200, 16, 46)
BAND_HEIGHT = 18
TEXT = (255, 255, 255)
MUTED = (205, 221, 238)
TITLE_SIZES = (64, 56, 48, 42)
TITLE_MAX_LINES = 5
# A word's pen is rounded to a quarter pixel, each phase rasterised apart: every word is within
# an eighth of a pixel of where drawing its whole line would put it.
SUBPIXELS = 4
# Rasterised words kept per process (about 6 KB each, so up to ~55 MB): a few thousand syllables
# in up to four sizes and phases.
WORD_CACHE_SIZE = 8192

# Palette: 0 is the background, 1..LEVELS white over it (the title), LEVELS+1..2*LEVELS the
# muted colour over it (organisation and footer), 255 the band. The title is pasted straight
# onto the card as coverage scaled to 0..LEVELS; the muted lines are shifted into their range.
LEVELS = 127
_MUTED_START = LEVELS
_BAND_INDEX = 2 * LEVELS + 1
# Column 0 of the drawing canvas is the filter byte of each PNG row (0, none), so the canvas's
# rows are the PNG's raw rows; the card's pixel x is drawn at canvas column x + 1.
_ROW = CARD_SIZE[0] + 1


def _blend(colour: tuple[int, int, int], level: int) -> list[int]:
    return [round(b + (c - b) * level / LEVELS) for b, c in zip(BACKGROUND, colour)]


_PALETTE = bytes(
    [value for level in range(LEVELS + 1) for value in _blend(TEXT, level)]
    + [value for level in range(1, LEVELS + 1) for value in _blend(MUTED, level)]
    + list(BAND)
)
_TO_MUTED = [0] + [_MUTED_START + min(level, LEVELS) for level in range(1, 256)]  # white levels -> muted
_INKED = [0] + [255] * 255


@dataclass(frozen=True, slots=True)
class Card:
    """What a preview image shows."""

    title: str
    date: str
    site_name: str
    organisation: str


# What a card shows, as a tuple (`dataclasses.astuple` copies each value deeply, slowly).
_card_values = attrgetter(*(field.name for field in fields(Card)))


def card_name(card: Card) -> str:
    """The file name of a card: a hash of its content, e.g. "3f9a1c0b7e2d4a61.png"."""
    # A cached file must have the bytes a fresh draw gives.
    drawing = (CARD_STYLE_VERSION, CARD_SUFFIX, zlib_ng.ZLIBNG_VERSION, str(png.COMPRESS_LEVEL), str(SUBPIXELS), str(LEVELS))
    digest = hashlib.sha256("\x1f".join((*drawing, *_card_values(card))).encode("utf-8")).hexdigest()
    return f"{digest[:16]}{CARD_SUFFIX}"


@functools.cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / f"BeVietnamPro-{weight}.ttf"), size)


@functools.lru_cache(maxsize=8 * WORD_CACHE_SIZE)
def _width(weight: str, size: int, word: str) -> float:
    return _font(weight, size).getlength(word)


@functools.lru_cache(maxsize=WORD_CACHE_SIZE)
def _coverage(weight: str, size: int, word: str, phase: int) -> tuple[Image.Image, int, int] | None:
    """`word`'s anti-aliased mask drawn from a pen at `phase`/SUBPIXELS of a pixel, cut to its ink.

    With the offset of the mask's top left corner from the pen's whole pixel (ImageDraw's "la"
    anchor, so every word of a line sits on one baseline); None for a word without ink.
    """
    pad = size  # more room around the advance than any glyph's ink takes
    mask = Image.new("L", (math.ceil(_width(weight, size, word)) + 2 * pad, 3 * size))
    ImageDraw.Draw(mask).text((pad + phase / SUBPIXELS, pad), word, font=_font(weight, size), fill=255)
    ink = mask.getbbox()
    if ink is None:
        return None
    return mask.crop(ink), ink[0] - pad, ink[1] - pad


@functools.lru_cache(maxsize=WORD_CACHE_SIZE // 8)
def _muted(weight: str, size: int, word: str, phase: int) -> tuple[Image.Image, Image.Image, int, int] | None:
    """`word` as muted palette indices and where they go (a "1" mask), offset as in `_coverage`."""
    drawn = _coverage(weight, size, word, phase)
    if drawn is None:
        return None
    mask, left, top = drawn
    levels = Image.new("L", mask.size)
    levels.paste(LEVELS, (0, 0), mask)
    return levels.point(_TO_MUTED), levels.point(_INKED, "1"), left, top


def _pieces(weight: str, size: int, word: str) -> list[tuple[float, str]]:
    """`word` cut after each slash, with each piece's pen from the word's pen.

    A piece's first glyph goes where the whole word puts it: the width of the word up to and
    including that glyph, kerning with the glyph before it, less the glyph's own width.
    """
    if "/" not in word[:-1]:
        return [(0.0, word)]
    pieces, start = [], 0
    for end, character in enumerate(word, 1):
        if character == "/" or end == len(word):
            pen = _width(weight, size, word[: start + 1]) - _width(weight, size, word[start]) if start else 0.0
            pieces.append((pen, word[start:end]))
            start = end
    return pieces


def _draw_line(
    canvas: Image.Image, x: float, y: int, text: str, weight: str, size: int, muted: bool = False
) -> tuple[int, int]:
    """Draw `text` with its pen at (x, y), white or muted; return the rows it inked (top, bottom)."""
    space = _width(weight, size, " ")
    top, bottom = CARD_SIZE[1], 0
    for word in text.split(" "):
        if word:
            for pen_in_word, piece in _pieces(weight, size, word):
                pen, phase = divmod(round((x + pen_in_word) * SUBPIXELS), SUBPIXELS)
                drawn = (_muted if muted else _coverage)(weight, size, piece, phase)
                if drawn is not None:
                    *images, left, offset = drawn
                    if muted:  # indices where the word has ink: muted text is not drawn over other text
                        canvas.paste(images[0], (1 + pen + left, y + offset), images[1])
                    else:  # blends white (LEVELS) over what is there, like ImageDraw.text
                        canvas.paste(LEVELS, (1 + pen + left, y + offset), images[0])
                    top, bottom = min(top, y + offset), max(bottom, y + offset + images[0].height)
            x += _width(weight, size, word)
        x += space
    return (top, bottom) if top < bottom else (y, y)


@functools.lru_cache(maxsize=16)
def _template(organisation: str) -> tuple[Image.Image, tuple[tuple[int, int], ...]]:
    """The background, organisation line and band of a card, and the rows they ink."""
    canvas = Image.new("L", (_ROW, CARD_SIZE[1]))
    line = _draw_line(canvas, MARGIN, MARGIN - 10, organisation.upper(), "SemiBold", 26, muted=True)
    band = (CARD_SIZE[1] - BAND_HEIGHT, CARD_SIZE[1])
    canvas.paste(_BAND_INDEX, (1, band[0], _ROW, band[1]))
    return canvas, (line, band)


def _wrap(text: str, weight: str, size: int, width: int) -> list[str]:
    """Greedy lines of at most `width` pixels (a longer word alone on its line)."""
    space = _width(weight, size, " ")
    lines: list[str] = []
    line_width = 0.0
    for word in text.split():
        word_width = _width(weight, size, word)
        if lines and line_width + space + word_width <= width:
            lines[-1] = f"{lines[-1]} {word}"
            line_width += space + word_width
        else:
            lines.append(word)
            line_width = word_width
    return lines


def _fit_title(title: str, width: int) -> tuple[int, list[str]]:
    """The largest title size whose wrapped lines fit; the smallest size with an ellipsis otherwise."""
    for size in TITLE_SIZES:
        lines = _wrap(title, "Bold", size, width)
        if len(lines) <= TITLE_MAX_LINES:
            return size, lines
    lines = lines[:TITLE_MAX_LINES]
    lines[-1] = lines[-1].rstrip(",.;:") + "…"
    return size, lines


def _draw(card: Card) -> tuple[Image.Image, list[tuple[int, int]]]:
    """The card as palette indices, one filter column wide more than the card, and the rows with ink."""
    template, inked = _template(card.organisation)
    canvas = template.copy()
    rows = list(inked)
    size, lines = _fit_title(card.title, CARD_SIZE[0] - 2 * MARGIN)
    y = MARGIN + 50
    for line in lines:
        rows.append(_draw_line(canvas, MARGIN, y, line, "Bold", size))
        y += int(size * 1.25)
    footer = f"{card.site_name}  ·  {card.date}" if card.date else card.site_name
    rows.append(_draw_line(canvas, MARGIN, CARD_SIZE[1] - MARGIN - 30, footer, "Medium", 30, muted=True))
    canvas.paste(0, (0, 0, 1, CARD_SIZE[1]))  # the filter bytes, whatever ink spilled left of the card
    return canvas, rows


def _deflate(data: bytes) -> bytes:
    """Raw deflate blocks of `data`, ending on a byte boundary (a sync flush) so pieces can be joined."""
    compressor = zlib_ng.compressobj(png.COMPRESS_LEVEL, zlib_ng.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib_ng.Z_SYNC_FLUSH)


@functools.lru_cache(maxsize=CARD_SIZE[1] + 1)
def _blank(rows: int) -> bytes:
    return _deflate(bytes(rows * _ROW))


_PNG_HEAD = png.palette_head(*CARD_SIZE, _PALETTE)


def _png(canvas: Image.Image, inked: list[tuple[int, int]]) -> bytes:
    """The PNG of a drawn canvas; rows outside `inked` must be blank (all zero)."""
    pieces = [b"\x78\x01"]  # zlib header: deflate, 32 KB window, fastest
    a, b = 1, 0  # Adler-32 of the raw rows
    row = 0
    for top, bottom in sorted((max(top, 0), min(bottom, CARD_SIZE[1])) for top, bottom in inked if bottom > top):
        if top > row:  # blank rows: zeros leave Adler-32's sum a and add a per byte to b
            pieces.append(_blank(top - row))
            b = (b + (top - row) * _ROW * a) % 65521
            row = top
        if bottom > row:
            data = canvas.crop((0, row, _ROW, bottom)).tobytes()
            pieces.append(_deflate(data))
            checksum = zlib_ng.adler32(data, (b << 16) | a)
            a, b = checksum & 0xFFFF, checksum >> 16
            row = bottom
    if row < CARD_SIZE[1]:
        pieces.append(_blank(CARD_SIZE[1] - row))
        b = (b + (CARD_SIZE[1] - row) * _ROW * a) % 65521
    pieces.append(b"\x03\x00")  # an empty final block
    pieces.append(struct.pack(">I", (b << 16) | a))
    return _PNG_HEAD + png.chunk(b"IDAT", b"".join(pieces)) + png.END


def draw_card(card: Card) -> bytes:
    """Return the PNG bytes of the preview image for `card` (the same bytes for the same card)."""
    return _png(*_draw(card))
