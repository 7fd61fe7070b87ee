"""Link-preview images (Open Graph, 1200×630 PNG), drawn offline at build time with Pillow.

Material's social plugin downloads fonts from Google while building and fails offline, so
the cards are drawn here with Be Vietnam Pro from the `fontpkg-be-vietnam-pro` package
(OFL). A card's file name is a hash of everything drawn on it, so an unchanged page keeps
its card and the build does not draw it again (`card_name`).
"""

from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import astuple, dataclass

import fontpkg_be_vietnam_pro
from PIL import Image, ImageDraw, ImageFont

CARD_SIZE = (1200, 630)
MARGIN = 72
# Drawing changes that alter every card bump this, so that cached cards are redrawn.
CARD_STYLE_VERSION = "1"
FONT_DIR = fontpkg_be_vietnam_pro.ROOT / "files"
BACKGROUND = (8, 58, 102)
BAND = (200, 16, 46)
TEXT = (255, 255, 255)
MUTED = (205, 221, 238)
TITLE_SIZES = (64, 56, 48, 42)
TITLE_MAX_LINES = 5
# zlib level 1 draws a card in a fifth of the time of Pillow's `optimize` (about 20 KB instead
# of 11 KB): a preview image is fetched once by a chat app, and corpora have thousands of them.
PNG_COMPRESS_LEVEL = 1


@dataclass(frozen=True, slots=True)
class Card:
    """What a preview image shows."""

    title: str
    date: str
    site_name: str
    organisation: str


def card_name(card: Card) -> str:
    """The file name of a card: a hash of its content, e.g. "3f9a1c0b7e2d4a61.png"."""
    drawing = (CARD_STYLE_VERSION, str(PNG_COMPRESS_LEVEL))  # a cached file must have the bytes a fresh draw gives
    digest = hashlib.sha256("\x1f".join((*drawing, *astuple(card))).encode("utf-8")).hexdigest()
    return f"{digest[:16]}.png"


@functools.cache
def _font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / f"BeVietnamPro-{weight}.ttf"), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _fit_title(title: str, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest title size whose wrapped lines fit; the smallest size with an ellipsis otherwise."""
    for size in TITLE_SIZES:
        font = _font("Bold", size)
        lines = _wrap(title, font, width)
        if len(lines) <= TITLE_MAX_LINES:
            return font, lines
    lines = lines[:TITLE_MAX_LINES]
    lines[-1] = lines[-1].rstrip(",.;:") + "…"
    return font, lines


def draw_card(card: Card) -> bytes:
    """Return the PNG bytes of the preview image for `card` (the same bytes for the same card)."""
    image = Image.new("RGB", CARD_SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = CARD_SIZE[0] - 2 * MARGIN
    draw.rectangle((0, CARD_SIZE[1] - 18, CARD_SIZE[0], CARD_SIZE[1]), fill=BAND)
    draw.text((MARGIN, MARGIN - 10), card.organisation.upper(), font=_font("SemiBold", 26), fill=MUTED)
    font, lines = _fit_title(card.title, width)
    y = MARGIN + 50
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=TEXT)
        y += int(font.size * 1.25)
    footer = f"{card.site_name}  ·  {card.date}" if card.date else card.site_name
    draw.text((MARGIN, CARD_SIZE[1] - MARGIN - 30), footer, font=_font("Medium", 30), fill=MUTED)
    output = io.BytesIO()
    image.save(output, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    return output.getvalue()
