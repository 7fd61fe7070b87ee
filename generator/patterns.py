"""Compiled patterns shared by the stages, each named for its intent with an example.

Word lists live in `generator/data/`; these are the shapes around them. Every pattern is
linear-time on long lines: no nested quantifiers over overlapping classes.
"""

import re

# Vietnamese letters (any case, any accent) and digits: what a "word" is made of.
WORD_CHAR = r"[^\W_]"

# "date 2025-06-10 Thời sự Bộ Ngoại giao…": a scraper's header carrying the page date.
HEADER_STAMP = re.compile(r"^date\s+(?P<date>\d{4}-\d{1,2}-\d{1,2})\b\s*(?P<rest>.*)$", re.IGNORECASE)

# "Thứ Hai, 20/02/2023 14:30 (GMT+7)" or "20/02/2023 | 14:30": a date-and-time line above a headline.
DATE_STAMP_LINE = re.compile(
    r"^(?:(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|Chủ\s+nhật)\s*,?\s*)?"
    r"(?:ngày\s+)?(?P<date>\d{1,2}/\d{1,2}/\d{4})"
    r"(?:\s*[-|,]?\s*\d{1,2}[:h]\d{2}(?::\d{2})?)?(?:\s*\(?GMT\s*[+-]\s*\d{1,2}\)?)?\s*$",
    re.IGNORECASE,
)

# "[Phát huy vai trò đối ngoại…]": a bracketed link to a related article.
RELATED_LINK = re.compile(r"^\[[^\[\]]{3,}\]$")

# "IMG_2031.jpg" or "anh-1-min.png": an image file name alone on a line.
IMAGE_FILE_NAME = re.compile(r"^[\w.\-]+\.(?:jpe?g|png|gif|webp|bmp)$", re.IGNORECASE)

# "Hoi nghi Ngoai giao lan thu 31 min - <rest>": an unaccented image name glued before a caption.
GLUED_IMAGE_NAME = re.compile(r"^(?P<name>[A-Za-z0-9_.]+(?: [A-Za-z0-9_.]+){2,}?)\s*-\s+(?P<rest>\S.*)$")
# The tokens an image file name ends with: "-min", ".jpg", "_1".
IMAGE_NAME_TAIL = re.compile(r"(?:[\s_\-.]+(?:min|jpe?g|png|webp|gif|\d{1,3}))+$", re.IGNORECASE)

# Sentence-final punctuation: a line ending so is prose, not a headline or sub-heading.
PROSE_END = re.compile(r"[.;:,…!]$|\.\.\.$|\./\.$")

# "Chiều 20/2," "Sáng 13/12/2021," opening a paragraph: the dateline.
DATELINE = re.compile(
    r"^(?:\(?[^\W\d_]+\)?\s*[-–—]\s*)?"  # an optional "(TTXVN) - " or "Hà Nội - " before it
    r"(?P<part_of_day>Sáng|Trưa|Chiều|Tối|Đêm|Rạng sáng|Ngày|Hôm nay|Hôm qua|Sáng nay|Chiều nay|Tối nay)?\s*"
    r"(?:ngày\s+)?(?:\(\s*)?(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})(?:\s*/\s*(?P<year>\d{4}))?\b",
    re.IGNORECASE,
)

# "ngày 12/8" or "ngày 12/8/2018" inside the lead: the event's date when no dateline opens it.
DATE_IN_TEXT = re.compile(
    r"(?P<word>\b(?:ngày|sáng|trưa|chiều|tối|đêm)\s+(?:ngày\s+)?)"
    r"(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})(?:\s*/\s*(?P<year>\d{4}))?\b",
    re.IGNORECASE,
)

# "số 15-CT/TW ngày 10/8/2022", "Nghị quyết … ngày …": a date that belongs to a document, not to the news.
DOCUMENT_REFERENCE = re.compile(
    r"(?:\bsố\s+\S+|Nghị quyết|Chỉ thị|Quyết định|Kết luận|Thông tư|Nghị định|Công văn|Luật|Hiệp định|Thỏa thuận|Thoả thuận|Biên bản)[^.;]{0,60}$",
    re.IGNORECASE,
)

# What follows a word's first letter or digit: more, hyphens and underscores inside, none at the end.
WORD_TAIL = r"(?:[\w\-]*[^\W_])?"
# A word as the stages count them: letters and digits, with inner hyphens ("Jeollabuk-do").
WORD = re.compile(WORD_CHAR + WORD_TAIL)
# The same, captured: splitting a text by it gives the gaps and the words in turn, in one pass.
WORD_AND_GAPS = re.compile(f"({WORD.pattern})")

# The characters of the blocks news text is written in: Latin, Vietnamese letters, punctuation.
_COMMON_CHARS = tuple(map(chr, (*range(0x250), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070))))

# Any character but the non-capitals of the Latin, Vietnamese and punctuation blocks: every
# capital and a few more. A regex opening with it skips from capital to capital, so the few
# capitalised words of a text are found without reading every word.
_NOT_CAPITALS = "".join(c for c in _COMMON_CHARS if not c.isupper())
MAYBE_CAPITAL = re.compile(f"[^{re.escape(_NOT_CAPITALS)}]")


def quick_class(char_class: str) -> str:
    """A pattern for one character of the one-character class `char_class`, found faster.

    The regex engine skips to where a pattern may match by its first character; for a class
    such as `\\W` it asks the Unicode database at every character. This pattern opens with the
    class of every character but the common ones outside `char_class` (a table look-up), and a
    look-behind keeps the exact class for the rare characters of other blocks.
    """
    exact = re.compile(char_class)
    outside = "".join(c for c in _COMMON_CHARS if not exact.fullmatch(c))
    return f"[^{re.escape(outside)}](?<={char_class})"


def opens_word(text: str, index: int) -> bool:
    """Whether a `WORD` starts at the letter or digit `text[index]`: only '-' and '_' may stand
    between it and the gap before ("-Nguyễn" starts at "N"; "x-Nguyễn" is one word)."""
    while index and text[index - 1] in "-_":
        index -= 1
    return index == 0 or not text[index - 1].isalnum()
