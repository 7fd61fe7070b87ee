"""Clean stage: give every line of an article exactly one role.

A scraped article is a headline, a lead, paragraphs, sub-headings and photo captions,
wrapped in page furniture (share bars, comment forms, related-news boxes). This stage
decides, line by line, which is which, so that later stages read only the story and the
editor's report can show where each line went. It is a cascade from the strongest signal
to the weakest: page tail, furniture, header stamps, captions, brackets and agencies,
then the headline, the byline, headings, and finally paragraphs.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator import DATA_DIR, patterns
from generator.model import Block, Role, Source
from generator.textkey import fold, fold_keeps_length, nfc, nfc_text
from generator.yamlload import load_yaml

# A headline is a line, not a paragraph: longer than this it is the lead of an article without one.
HEADLINE_MAX_CHARS = 200
# A sub-heading is a short line without final punctuation inside the body.
HEADING_MAX_CHARS = 120
# A byline is a short name line at the end: "Minh Châu", "Nhóm PV".
BYLINE_MAX_WORDS = 5
# Lines that start with a furniture phrase are furniture only while they are this short.
FURNITURE_MAX_CHARS = 120
# Proper-noun phrases taken from the body to restore a shouted heading's case are at most this
# long ("Ủy ban Nhân dân tỉnh Nghệ An"): longer runs add nothing and would make the work quadratic.
PHRASE_MAX_WORDS = 8
# An ALL-CAPS line is a heading when it has at least this many letters.
CAPS_HEADING_MIN_LETTERS = 8

# Characters that scraped text carries but a reader never sees.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# The spaces a line may hold other than the plain space; a run of spaces becomes one plain space.
_OTHER_SPACES = "\t\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
_SPACES = re.compile(f"[ {_OTHER_SPACES}]+")


@dataclass(frozen=True)
class CleaningRules:
    """The word lists of `data/cleaning.yml`, folded for matching and compiled once."""

    furniture_lines: frozenset[str]
    furniture_prefixes: tuple[str, ...]
    tail_markers: frozenset[str]
    longest_listed_line: int
    """The length of the longest of `furniture_lines` and `tail_markers`."""
    category_labels: tuple[str, ...]
    agencies: frozenset[str]
    photo_credit: re.Pattern[str]
    """"… (Ảnh: Hoàng Hà/TTXVN)" or "… cấp tỉnh. Ảnh: CTV" closing a caption."""
    credit_only: re.Pattern[str]
    """"Ảnh: Tuấn Anh" alone on a line."""
    agency_line: re.Pattern[str]
    """"(TTXVN/Vietnam+)" or "Theo Báo Nghệ An" alone on a line."""
    byline_prefix: re.Pattern[str]
    """"Bài và ảnh: X", "Tác giả: X", "Nhóm PV" style bylines."""


def _alternation(words: list[str]) -> str:
    """Return a regex alternation of `words`, longest first; refuse an empty list (it would match everything)."""
    if not words:
        raise ValueError("an empty word list would match every line")
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def load_cleaning_rules(path: Path = DATA_DIR / "cleaning.yml") -> CleaningRules:
    """Read `cleaning.yml` and compile its lists; a bad file raises ValueError naming it."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        credit = _alternation(data["credit_words"])
        agency = _alternation(data["agencies"])
        furniture_lines = frozenset(_line_key(w) for w in data["furniture_lines"])
        tail_markers = frozenset(_line_key(w) for w in data["tail_markers"])
        return CleaningRules(
            furniture_lines=furniture_lines,
            furniture_prefixes=tuple(_line_key(w) for w in data["furniture_prefixes"]),
            tail_markers=tail_markers,
            longest_listed_line=max(map(len, furniture_lines | tail_markers), default=0),
            category_labels=tuple(sorted(data["category_labels"], key=len, reverse=True)),
            agencies=frozenset(fold(a) for a in data["agencies"]),
            photo_credit=re.compile(
                rf"(?:\(\s*(?:{credit})\s*:\s*(?P<credit>[^()]{{1,80}})\)|(?:^|(?<=[\s.]))(?:{credit})\s*:\s*(?P<bare>[^():.]{{1,60}}))\s*$",
                re.IGNORECASE,
            ),
            credit_only=re.compile(rf"^\(?\s*(?:{credit})\s*:\s*(?P<credit>[^()]{{1,80}}?)\s*\)?$", re.IGNORECASE),
            agency_line=re.compile(
                rf"^\(?\s*(?:(?:Theo|Nguồn)\s*:?\s*)?(?P<agency>(?:{agency})(?:\s*[/,-]\s*(?:{agency}))*)\s*\)?\.?$",
                re.IGNORECASE,
            ),
            byline_prefix=re.compile(r"^(?:Bài(?: và| ,)? ảnh|Bài|Tác giả|Nhóm phóng viên|Nhóm PV|Tin, ảnh|Tin và ảnh)\s*:\s*(?P<name>.{2,60})$", re.IGNORECASE),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise ValueError(f"{path}: invalid cleaning rules: {error}") from None


# What ends a listed line without telling it apart: "Tin liên quan:", "Bình luận (3)".
_LINE_KEY_TAIL = re.compile(r"\s*(?:\(\d+\)|:)\s*$")


def _line_key(text: str) -> str:
    """Return the form lines are compared in: folded, without trailing ':' or a count '(3)'."""
    return _LINE_KEY_TAIL.sub("", fold(text)).strip()


def _listed_line_key(text: str, rules: CleaningRules, *, keeps_length: bool = False) -> str | None:
    """Return `_line_key(text)` of a stripped line, or None for a line too long to be furniture or a tail.

    Folding is the dearest step of cleaning, and a paragraph is far longer than any listed line.
    When folding keeps the line's length and there is no trailing ":" or "(3)" to cut, the key
    is as long as the line: if that is too long for a furniture prefix and longer than any
    listed line, the key cannot match and is not made. `keeps_length` says that folding is
    known to keep the length of every line of the article (see `normalised_text`).
    """
    if (
        len(text) >= FURNITURE_MAX_CHARS
        and len(text) > rules.longest_listed_line
        and not text.endswith((":", ")"))
        and (keeps_length or fold_keeps_length(text))
    ):
        return None
    return _line_key(text)


def normalised_text(text: str) -> str:
    """Return `text` in NFC without invisible characters, with single plain spaces (line breaks kept).

    No step touches a line break, so the whole text is normalised at once; a character is
    searched for before it is removed, since most texts hold none. A removed character may
    have stood between a letter and its mark ("a\u200b\u0301"), so such a text is brought to
    NFC again; the spaces compose with nothing and leave it in NFC.
    """
    text = nfc_text(text)
    invisible = [char for char in _INVISIBLE if char in text]
    for char in invisible:
        text = text.replace(char, "")
    if invisible:
        text = nfc(text)
    # a search for each character, in C, is far quicker than one regex pass over the text
    if "  " in text or any(map(text.__contains__, _OTHER_SPACES)):
        text = _SPACES.sub(" ", text)
    return text


def is_all_caps(text: str) -> bool:
    """True for a shouted line: "MỞ RA THỜI KỲ HỢP TÁC MỚI"; acronyms alone ("UBND") do not count."""
    # the test of the letters' case first: it stops at the first small letter of an ordinary line
    return (
        all(map(str.isupper, filter(str.isalpha, text)))
        and len(text.split()) >= 2
        and sum(map(str.isalpha, text)) >= CAPS_HEADING_MIN_LETTERS
    )


# A word opening with a letter or digit that may be a capital, as `patterns.WORD` reads it:
# "Ngoại" in "Bộ Ngoại giao". Read whole, so that the letters inside it, none of which opens a
# word, are not tried one by one as capitals.
_MAYBE_CAPITALISED_WORD = re.compile(f"{patterns.MAYBE_CAPITAL.pattern}(?<={patterns.WORD_CHAR}){patterns.WORD_TAIL}")


def _capitalised_phrases(texts: list[str], headings: str) -> dict[str, str]:
    """Map each capitalised word run of the body ("Bộ Ngoại giao", "Nghệ An") from lower case to its spelling.

    A run starts at a capitalised word that is not the first of a sentence and takes the lower-case
    words that follow it while the next capitalised word continues ("Bộ Ngoại giao" keeps "giao").
    Only runs whose first word `headings` (the shouted headings in lower case) hold are mapped: no
    other can restore anything. So the words are read only from the capitals the regex engine
    finds, never one by one through the whole body, each word whole (`_MAYBE_CAPITALISED_WORD`).
    """
    phrases: dict[str, str] = {}
    for text in texts:
        first_word = patterns.WORD.search(text)
        if first_word is None:
            continue
        text_start = first_word.start()
        for word in _MAYBE_CAPITALISED_WORD.finditer(text):
            start, spelled = word.start(), word.group()
            if not spelled[0].isupper() or spelled.lower() not in headings:
                continue  # most words are in no heading: that test first
            if start == text_start or not patterns.opens_word(text, start):
                continue
            before = start - 1  # the last character before the word that is not a space
            while text[before].isspace():
                before -= 1
            if text[before] in ".!?:…\"“":
                continue  # the first word of a sentence
            run = [spelled]
            end = word.end()
            while len(run) <= PHRASE_MAX_WORDS and (following := _word_after_one_space(text, end)):
                after = patterns.WORD.search(text, following.end())
                if not (following.group()[0].isupper() or (after and after.group()[0].isupper())):
                    break
                run.append(following.group())
                end = following.end()
            phrase = " ".join(run)
            phrases.setdefault(phrase.lower(), phrase)
            phrases.setdefault(run[0].lower(), run[0])
    return phrases


def _word_after_one_space(text: str, end: int) -> re.Match[str] | None:
    """The word that follows the one ending at `end` after exactly one space, if any."""
    return patterns.WORD.match(text, end + 1) if text.startswith(" ", end) else None


def to_normal_case(shouted: str, phrases: dict[str, str]) -> str:
    """Return an ALL-CAPS heading in sentence case, restoring proper nouns the body spells.

    "MỞ RA THỜI KỲ HỢP TÁC MỚI GIỮA BỘ NGOẠI GIAO VÀ NGHỆ AN" -> "Mở ra thời kỳ hợp tác mới giữa
    Bộ Ngoại giao và Nghệ An", given a body that writes "Bộ Ngoại giao" and "Nghệ An".
    Acronyms (UBND, EU) stay in capitals when the body writes them so.
    """
    lowered = shouted.lower()
    result = list(lowered)
    # a phrase that is not even a substring of the heading has nothing to restore
    for key in sorted((k for k in phrases if k in lowered), key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", lowered):
            # a longer phrase already restored this span: keep it
            if "".join(result[match.start() : match.end()]) == match.group(0):
                result[match.start() : match.end()] = phrases[key]
    text = "".join(result)
    return text[:1].upper() + text[1:]


@functools.lru_cache(maxsize=1)
def _folded_article(text: str) -> str:
    """`fold(text)` of the article being cleaned, made once and only if a caption needs it."""
    return fold(text)


def _strip_glued_image_name(text: str, article: str) -> tuple[str, str | None]:
    """Return `text` without an unaccented image name glued before it, and the name removed.

    "Hoi nghi Ngoai giao lan thu 31 min - Sáng 13/12/2021, …" -> "Sáng 13/12/2021, …". The prefix
    counts as an image name only if it is plain ASCII and either ends like a file name ("min",
    ".jpg") or is an unaccented copy of words the article itself prints with accents.
    """
    match = patterns.GLUED_IMAGE_NAME.match(text)
    if not match:
        return text, None
    name = match["name"]
    stem = patterns.IMAGE_NAME_TAIL.sub("", name).strip()
    looks_like_file = stem != name
    copies_article = len(stem.split()) >= 3 and fold(stem) in _folded_article(article)
    if looks_like_file or copies_article:
        return match["rest"], name
    return text, None


@dataclass
class _Line:
    number: int
    text: str
    role: Role | None = None
    credit: str | None = None
    reason: str | None = None


def _mark_tail(lines: list[_Line], keys: list[str | None], rules: CleaningRules) -> None:
    """Drop the page tail: a tail marker line and everything after it (`keys`: see `_listed_line_key`)."""
    for index, (line, key) in enumerate(zip(lines, keys)):
        if key is not None and key in rules.tail_markers:
            for later in lines[index:]:
                later.role, later.reason = Role.DROPPED, f"page tail after “{line.text}”"
            return


def _mark_furniture_and_markers(lines: list[_Line], keys: list[str | None], rules: CleaningRules) -> None:
    """Mark furniture, image file names, bracketed links, agency lines and lone credits.

    `keys` are the lines' `_listed_line_key`s, None where a line is too long to be furniture.
    """
    for line, key in zip(lines, keys):
        if line.role:
            continue
        if key is not None and (
            key in rules.furniture_lines
            or (len(line.text) < FURNITURE_MAX_CHARS and key.startswith(rules.furniture_prefixes))
        ):
            line.role, line.reason = Role.DROPPED, "page furniture"
        elif patterns.IMAGE_FILE_NAME.match(line.text):
            line.role, line.reason = Role.DROPPED, "image file name"
        elif patterns.RELATED_LINK.match(line.text):
            line.role, line.text = Role.RELATED, line.text[1:-1].strip()
        elif match := rules.agency_line.match(line.text):
            line.role, line.credit = Role.AGENCY, match["agency"]
        elif match := rules.credit_only.match(line.text):
            line.role, line.credit, line.reason = Role.DROPPED, match["credit"].strip(), "photo credit alone on a line"


def _mark_captions(lines: list[_Line], rules: CleaningRules, article: str) -> None:
    """Mark photo captions: lines closed by a photo credit, or opened by a glued image name."""
    for line in lines:
        if line.role:
            continue
        # every credit has its ":"; searching a long paragraph without one would be wasted
        match = rules.photo_credit.search(line.text) if ":" in line.text else None
        text = line.text[: match.start()].strip() if match else line.text
        text, image_name = _strip_glued_image_name(text, article)
        if not (match or image_name):
            continue
        line.role, line.text = Role.CAPTION, text
        if match:
            line.credit = (match["credit"] or match["bare"]).strip()
        if image_name:
            line.reason = f"image name “{image_name}” removed"


def _split_header_stamp(lines: list[_Line], rules: CleaningRules) -> list[_Line]:
    """Split a scraper's header line into its date stamp, category label and headline."""
    result: list[_Line] = []
    for line in lines:
        match = patterns.HEADER_STAMP.match(line.text) if not line.role else None
        if not match:
            result.append(line)
            continue
        result.append(_Line(line.number, match["date"], Role.DATE_STAMP, reason="page header date"))
        rest = match["rest"].strip()
        label = next((c for c in rules.category_labels if rest.startswith(c + " ")), None)
        if label:
            result.append(_Line(line.number, label, Role.CATEGORY))
            rest = rest[len(label) :].strip()
        if rest:
            result.append(_Line(line.number, rest, Role.HEADLINE))
    return result


def _mark_date_stamps(lines: list[_Line]) -> None:
    for line in lines:
        if not line.role and patterns.DATE_STAMP_LINE.match(line.text):
            line.role, line.reason = Role.DATE_STAMP, "page header date"


def _looks_like_headline(text: str) -> bool:
    return len(text) <= HEADLINE_MAX_CHARS and not patterns.PROSE_END.search(text)


def _mark_headline(lines: list[_Line]) -> str | None:
    """Mark the article's own headline and drop its repeats; return it (None if the text has none)."""
    headline = next((l.text for l in lines if l.role is Role.HEADLINE), None)
    if headline is None:
        first = next((l for l in lines if l.role is None), None)
        if first is None or not _looks_like_headline(first.text):
            return None
        first.role = Role.HEADLINE
        headline = first.text
        if is_all_caps(headline):
            first.reason = "headline in capitals"
    seen_first = False
    for line in lines:
        if line.role is Role.HEADLINE and not seen_first:
            seen_first = True
            continue
        if line.role not in (None, Role.CAPTION):
            continue
        if line.text == headline:
            line.role, line.reason = Role.DROPPED, "repeated headline"
        elif line.text.startswith(headline) and len(line.text) > len(headline):
            # "…của các địa phươngSáng 13/12/2021, …": the headline glued to the next text.
            line.text = line.text[len(headline) :].lstrip(" -–:")
            line.reason = ((line.reason + "; ") if line.reason else "") + "repeated headline removed"
    return headline


def _mark_byline(lines: list[_Line], rules: CleaningRules) -> None:
    """Mark a lone short name line after the last paragraph as the byline."""
    content = [l for l in lines if l.role in (None, Role.AGENCY, Role.RELATED)]
    candidates = [l for l in content if l.role is None]
    if not candidates:
        return
    last = candidates[-1]
    if content and content.index(last) < len(content) - 1 - sum(1 for l in content if l.role is Role.AGENCY):
        return
    match = rules.byline_prefix.match(last.text)
    words = last.text.split()
    if match:
        last.role, last.credit = Role.BYLINE, match["name"].strip()
    elif (
        len(words) <= BYLINE_MAX_WORDS
        and not patterns.PROSE_END.search(last.text)
        and not last.text.endswith("?")
        and all(w[0].isupper() for w in words if w[0].isalpha())
        and any(c.isalpha() for c in last.text)
        and last is not candidates[0]
    ):
        last.role, last.credit = Role.BYLINE, last.text


def _mark_headings_and_paragraphs(lines: list[_Line]) -> None:
    """Mark sub-headings (ALL-CAPS lines, short unpunctuated lines) and the lead; the rest are paragraphs."""
    body = [l for l in lines if l.role is None]
    shouted = [is_all_caps(l.text) for l in body]
    # the body's spelling of proper nouns, needed only to bring a shouted heading to normal case
    phrases: dict[str, str] = {}
    if any(shouted):
        headings = "\n".join(l.text.lower() for l, caps in zip(body, shouted) if caps)
        phrases = _capitalised_phrases([l.text for l, caps in zip(body, shouted) if not caps], headings)
    lead_found = False
    for index, line in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else None
        if shouted[index]:
            line.role, line.reason = Role.HEADING, "line in capitals"
            line.text = to_normal_case(line.text, phrases)
        elif (
            lead_found
            and following is not None
            and len(line.text) <= HEADING_MAX_CHARS
            and not patterns.PROSE_END.search(line.text)
            and not line.text.endswith("?")
            and line.text[:1].isupper()
            and len(following.text) > len(line.text)
        ):
            line.role, line.reason = Role.HEADING, "short line without final punctuation"
        elif not lead_found:
            line.role, lead_found = Role.LEAD, True
        else:
            line.role = Role.PARAGRAPH


def clean(source: Source, rules: CleaningRules) -> tuple[Block, ...]:
    """Return every non-blank line of `source` as a `Block` with its role, in reading order."""
    text = normalised_text(source.text)
    stripped = (line.strip() for line in text.split("\n"))
    lines = [_Line(number, line) for number, line in enumerate(stripped, start=1) if line]
    # A line break and white space neither compose with nor reorder the characters around them,
    # so the stripped lines of an NFC text are NFC: when folding keeps the length of the whole
    # text, it keeps that of each line, told by one check rather than one per line.
    keeps_length = fold_keeps_length(text, is_nfc=True)
    keys = [_listed_line_key(line.text, rules, keeps_length=keeps_length) for line in lines]
    _mark_tail(lines, keys, rules)
    _mark_furniture_and_markers(lines, keys, rules)
    lines = _split_header_stamp(lines, rules)
    _mark_date_stamps(lines)
    _mark_captions(lines, rules, source.text)
    _mark_headline(lines)
    _mark_byline(lines, rules)
    _mark_headings_and_paragraphs(lines)
    blocks = []
    for line in lines:
        if line.role is Role.CAPTION and not line.text:
            line.role, line.reason = Role.DROPPED, "photo credit without caption text"
        blocks.append(Block(role=line.role, text=line.text, line=line.number, credit=line.credit, reason=line.reason))
    return tuple(blocks)
