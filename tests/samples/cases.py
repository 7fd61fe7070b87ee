"""Bad inputs and their expected outcomes, shared by tests/test_reliability.py and
benchmarks/reliability_catalogue.py (which runs each through the command line for RELIABILITY.md).

The legacy encodings are produced here from letter rows typed by hand, independently of the
generator's tables in generator/data/legacy_encodings.yml, so that a wrong table entry shows.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# --- every Vietnamese letter with a mark, in one order, and the same letters in each encoding ---

LETTERS = (
    "à ả ã á ạ ă ằ ẳ ẵ ắ ặ â ầ ẩ ẫ ấ ậ đ è ẻ ẽ é ẹ ê ề ể ễ ế ệ ì ỉ ĩ í ị ò ỏ õ ó ọ ô ồ ổ ỗ ố ộ "
    "ơ ờ ở ỡ ớ ợ ù ủ ũ ú ụ ư ừ ử ữ ứ ự ỳ ỷ ỹ ý ỵ"
)
VNI_LOWER = (
    "aø aû aõ aù aï aê aè aú aü aé aë aâ aà aå aã aá aä ñ eø eû eõ eù eï eâ eà eå eã eá eä ì æ ó í ò "
    "oø oû oõ où oï oâ oà oå oã oá oä ô ôø ôû ôõ ôù ôï uø uû uõ uù uï ö öø öû öõ öù öï yø yû yõ yù î"
)
VNI_UPPER = (
    "AØ AÛ AÕ AÙ AÏ AÊ AÈ AÚ AÜ AÉ AË AÂ AÀ AÅ AÃ AÁ AÄ Ñ EØ EÛ EÕ EÙ EÏ EÂ EÀ EÅ EÃ EÁ EÄ Ì Æ Ó Í Ò "
    "OØ OÛ OÕ OÙ OÏ OÂ OÀ OÅ OÃ OÁ OÄ Ô ÔØ ÔÛ ÔÕ ÔÙ ÔÏ UØ UÛ UÕ UÙ UÏ Ö ÖØ ÖÛ ÖÕ ÖÙ ÖÏ YØ YÛ YÕ YÙ Î"
)
# TCVN3 has codes for lower-case letters only (and Ă Â Ê Ô Ơ Ư Đ); "\xad" is ư (a soft hyphen in Windows-1252).
TCVN3_LOWER = (
    "µ ¶ · ¸ ¹ ¨ » ¼ ½ ¾ Æ © Ç È É Ê Ë ® Ì Î Ï Ð Ñ ª Ò Ó Ô Õ Ö × Ø Ü Ý Þ ß á â ã ä « å æ ç è é "
    "¬ ê ë ì í î ï ñ ò ó ô \xad õ ö ÷ ø ù ú û ü ý þ"
)
TCVN3_CAPITALS = {"Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}

_VNI = dict(zip(LETTERS.split(), VNI_LOWER.split())) | dict(zip(LETTERS.upper().split(), VNI_UPPER.split()))
_TCVN3 = dict(zip(LETTERS.split(), TCVN3_LOWER.split(" "))) | TCVN3_CAPITALS
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_vni(text: str) -> str:
    """`text` as a VNI document shows it (Windows-1252 characters)."""
    return "".join(_VNI.get(c, c) for c in unicodedata.normalize("NFC", text))


def to_tcvn3(text: str) -> str:
    """`text` as a TCVN3 document shows it; a capital with a tone mark takes its lower-case code (.VnTimeH)."""
    return "".join(_TCVN3.get(c) or _TCVN3.get(c.lower(), c) for c in unicodedata.normalize("NFC", text))


def to_cp1258(text: str) -> bytes:
    """`text` in Windows-1258: vowels with their own marks precomposed, tone marks combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones)
    return "".join(out).encode("cp1258")


# A short article (invented for these tests) whose capitals all exist in TCVN3.
ARTICLE = (
    "Đoàn công tác tỉnh Nghệ An thăm hữu nghị nước bạn Lào\n"
    "\n"
    "Sáng 15/3/2024, đoàn công tác của tỉnh do phó chủ tịch ủy ban nhân dân tỉnh dẫn đầu đã đến thăm "
    "và làm việc tại tỉnh Xiêng Khoảng.\n"
    "\n"
    "Hai bên trao đổi về hợp tác giáo dục, y tế, thương mại và quản lý biên giới; kết thúc chuyến thăm, "
    "hai tỉnh ký biên bản ghi nhớ hợp tác giai đoạn mới.\n"
)
ARTICLE_TITLE = ARTICLE.split("\n")[0]


@dataclass(frozen=True)
class InputCase:
    """An article file and what reading it must give: its text, or an error (message, line)."""

    id: str
    name: str
    """The file name in seeds/."""
    content: Callable[[], bytes]
    text: str | None = None
    """The text read, when the file is accepted."""
    error: str | None = None
    """The message of the error, after "<path>:<line>: ", when it is refused."""
    line: int | None = None
    note: str = ""


def _mixed_endings() -> bytes:
    return b"Ti\xc3\xaau \xc4\x91\xe1\xbb\x81\r\n\r\nD\xc3\xb2ng m\xe1\xbb\x99t.\rD\xc3\xb2ng hai.\nD\xc3\xb2ng ba.\r\n"


INPUT_CASES: tuple[InputCase, ...] = (
    InputCase("empty", "trong.txt", lambda: b"", error="has no text: the file is empty"),
    InputCase("whitespace only", "khoang-trang.txt", lambda: b" \n\t\r\n  \n", error="has no text: the file holds only whitespace"),
    InputCase("BOM only", "chi-bom.txt", lambda: codecs.BOM_UTF8 + b"\n", error="has no text: the file holds only whitespace"),
    InputCase(
        "NUL bytes",
        "nul.txt",
        lambda: "Tiêu đề\nNội dung\x00 hỏng\n".encode(),
        error="contains NUL bytes: this looks like a binary file (or UTF-16 without a byte-order mark), not text",
        line=2,
    ),
    InputCase(
        "binary (PNG)",
        "anh.txt",
        lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        error="contains NUL bytes: this looks like a binary file (or UTF-16 without a byte-order mark), not text",
        line=3,
    ),
    InputCase(
        "control characters",
        "dieu-khien.txt",
        lambda: "Tiêu đề\n\nNội dung\x07\x1b[31m đỏ\n".encode(),
        error="contains the control character U+0007: this looks like a binary file, not text",
        line=3,
    ),
    InputCase(
        "invalid UTF-8",
        "hong.txt",
        lambda: "Tiêu đề\n\nNội dung ".encode() + b"\xff\xfe" + " tiếp theo.\n".encode(),
        error="not valid UTF-8 text (byte 24: 0xFF), and it is not Vietnamese in Windows-1258, VNI or TCVN3 either; save the file as UTF-8",
        line=3,
    ),
    InputCase(
        "Latin-1 French (not Vietnamese)",
        "tieng-phap.txt",
        lambda: "Le préfet a visité l'école; été très chargé, à Paris.\n".encode("latin-1"),
        error="not valid UTF-8 text (byte 5: 0xE9), and it is not Vietnamese in Windows-1258, VNI or TCVN3 either; save the file as UTF-8",
        line=1,
    ),
    InputCase("UTF-8", "utf8.txt", lambda: ARTICLE.encode(), text=ARTICLE),
    InputCase("UTF-8 with BOM", "utf8-bom.txt", lambda: codecs.BOM_UTF8 + ARTICLE.encode(), text=ARTICLE),
    InputCase("UTF-16 LE with BOM", "utf16le.txt", lambda: codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), text=ARTICLE),
    InputCase("UTF-16 BE with BOM", "utf16be.txt", lambda: codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), text=ARTICLE),
    InputCase(
        "UTF-16 without BOM",
        "utf16-khong-bom.txt",
        lambda: ARTICLE.encode("utf-16-le"),
        error="contains NUL bytes: this looks like a binary file (or UTF-16 without a byte-order mark), not text",
        line=1,
    ),
    InputCase("Windows-1258", "cp1258.txt", lambda: to_cp1258(ARTICLE), text=ARTICLE),
    InputCase("VNI, saved as bytes", "vni.txt", lambda: to_vni(ARTICLE).encode("cp1252"), text=ARTICLE),
    InputCase("VNI, pasted into UTF-8", "vni-utf8.txt", lambda: to_vni(ARTICLE).encode(), text=ARTICLE),
    InputCase("TCVN3, saved as bytes", "tcvn3.txt", lambda: to_tcvn3(ARTICLE).encode("cp1252"), text=ARTICLE),
    InputCase("TCVN3, pasted into UTF-8", "tcvn3-utf8.txt", lambda: to_tcvn3(ARTICLE).encode(), text=ARTICLE),
    InputCase(
        "VNI mixed with Unicode",
        "vni-tron.txt",
        lambda: (ARTICLE + "\n" + to_vni(ARTICLE)).encode(),
        error="mixes Unicode Vietnamese with 63 words in the VNI font encoding (e.g. “tænh”), so it cannot be converted "
        "as a whole: convert the VNI part to Unicode (e.g. with UniKey's converter) and save the file as UTF-8",
        line=7,
    ),
    InputCase(
        "VNI-like text that does not convert",
        "vni-hong.txt",
        lambda: ("Tieâu ñeà\n\nVieät Nam aø aø aø öø öø ëï ëï ëï üù üù üù\n").encode(),
        error="looks like text in the VNI font encoding (e.g. “aø”), but converted only 8 of 14 accented words are "
        "Vietnamese, so it is not converted: open it with the VNI font, convert it to Unicode (e.g. with UniKey's "
        "converter) and save the file as UTF-8",
        line=3,
    ),
    InputCase(
        "decomposed accents (NFD)",
        "nfd.txt",
        lambda: unicodedata.normalize("NFD", ARTICLE).encode(),
        text=ARTICLE,
    ),
    InputCase("mixed line endings", "xuong-dong.txt", _mixed_endings, text="Tiêu đề\n\nDòng một.\nDòng hai.\nDòng ba.\n"),
    InputCase("file name with spaces and accents", "bài viết mới.txt", lambda: ARTICLE.encode(), text=ARTICLE),
)


@dataclass(frozen=True)
class SidecarCase:
    """A sidecar beside a good article, and the error it must give (message, line)."""

    id: str
    yaml: str
    error: str
    line: int | None


SIDECAR_CASES: tuple[SidecarCase, ...] = (
    SidecarCase(
        "invalid YAML (unclosed quote)",
        "title: Đúng\nnote: 'không đóng\ndate: 2024\n",
        "not valid YAML: found unexpected end of stream while scanning a quoted scalar",
        2,
    ),
    SidecarCase(
        "invalid YAML (unclosed bracket)",
        "title: Đúng\nauthors: [An Chu, Lan Anh\nnote: x\n",
        "not valid YAML: expected ',' or ']', but got ':' while parsing a flow sequence that starts on line 2",
        3,
    ),
    SidecarCase("invalid YAML (indentation)", "title: Đúng\n  date: 2024\n", "not valid YAML: mapping values are not allowed here", 2),
    SidecarCase(
        "Python tag",
        "title: Đúng\nnote: !!python/object/apply:os.system ['echo pwned']\n",
        "YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed in a sidecar (write plain values)",
        2,
    ),
    SidecarCase("local tag", "title: !include /etc/passwd\n", "YAML tag '!include' is not allowed in a sidecar (write plain values)", 1),
    SidecarCase(
        "alias bomb",
        "title: Đúng\nnote: Ghi chú\n" + "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else 'lol'}]\n" for i in range(9)),
        "YAML anchors and aliases (&, *) are not allowed in a sidecar",
        3,
    ),
    SidecarCase(
        "nesting bomb",
        "title: Đúng\npeople:\n  add: " + "[" * 5000 + "]" * 5000 + "\n",
        "nested more than 8 levels deep; a sidecar is a few plain keys",
        3,
    ),
    SidecarCase(
        "unknown key",
        "title: Đúng\ndate: 2024-03-15\ntitel: Sai chính tả\n",
        "unknown key 'titel' (allowed: title, date, source, authors, slug, summary, title_en, summary_en, people, "
        "provinces, partners, aliases, note)",
        3,
    ),
    SidecarCase("wrong type (number)", "title: Đúng\nauthors: 5\n", "expected a text, found a number ('5'); put it in quotes if it is text", 2),
    SidecarCase("wrong type (list)", "note: x\ntitle:\n  - Một\n  - Hai\n", "expected a text, found a list", 3),
    SidecarCase("wrong type (date)", "title: 2024-03-15\n", "expected a text, found a date ('2024-03-15'); put it in quotes if it is text", 1),
    SidecarCase("impossible date 31/02", "title: Đúng\n\ndate: 2023-02-31\n", "date '2023-02-31' does not exist", 3),
    SidecarCase("date written 31/02/2023", "date: 31/02/2023\n", "date '31/02/2023' is not written YYYY-MM-DD, YYYY-MM or YYYY", 1),
    SidecarCase(
        "slug with /",
        "title: Đúng\nslug: bai/viet\n",
        "slug 'bai/viet' must be lowercase ASCII letters, digits and single hyphens (no '/', '.', spaces or accents)",
        2,
    ),
    SidecarCase(
        "slug with ..",
        "slug: ../../etc/passwd\n",
        "slug '../../etc/passwd' must be lowercase ASCII letters, digits and single hyphens (no '/', '.', spaces or accents)",
        1,
    ),
    SidecarCase(
        "slug with spaces",
        "slug: bai viet moi\n",
        "slug 'bai viet moi' must be lowercase ASCII letters, digits and single hyphens (no '/', '.', spaces or accents)",
        1,
    ),
    SidecarCase(
        "slug with accents",
        "slug: bài-viết\n",
        "slug 'bài-viết' must be lowercase ASCII letters, digits and single hyphens (no '/', '.', spaces or accents)",
        1,
    ),
    SidecarCase("slug of the article list", "slug: index\n", "slug 'index' is the address of a page the generator writes itself; choose another", 1),
    SidecarCase("key given twice", "title: Một\ntitle: Hai\n", "key 'title' is given twice", 2),
    SidecarCase("not a mapping", "- title\n- date\n", "expected keys and values", 1),
)
