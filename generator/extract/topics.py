"""Topics of an article, from the editable keyword taxonomy in `data/topics.yml`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import ahocorasick
import yaml

from generator import DATA_DIR
from generator.textkey import nfc
from generator.yamlload import load_yaml

_WORD_CHAR = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic of the taxonomy."""

    id: str
    name: str
    name_en: str
    min_hits: int
    keywords: tuple[str, ...]
    """Whole phrases, lower case: "xúc tiến đầu tư". Of two starting at one place, the first listed counts."""


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The topics and how many an article may carry (the strongest win)."""

    topics: tuple[Topic, ...]
    max_per_article: int
    _topics_at: Mapping[str, tuple[tuple[int, int], ...]] = field(repr=False)
    """The longest keyword standing at a place -> (topic index, length of its keyword there) of
    every topic with a keyword standing at that place: see `_index_keywords`."""
    _keywords: ahocorasick.Automaton = field(repr=False)
    """Every keyword, found wherever it occurs in a text in one pass (Aho–Corasick), even inside
    a longer word: `_count_keywords` keeps the whole words."""

    @property
    def by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}


def _keywords_within(longest: str, topics: tuple[Topic, ...]) -> tuple[tuple[int, int], ...]:
    """(topic index, keyword length) of each topic with a keyword standing wherever `longest` does.

    A keyword stands where `longest` does when it is `longest` or a start of it that ends
    before a character that is no letter or digit ("thị trường" in "thị trường xuất khẩu").
    Of a topic's keywords, the first listed counts.
    """
    found = []
    for index, topic in enumerate(topics):
        keyword = next(
            (k for k in topic.keywords if longest.startswith(k) and not _WORD_CHAR.match(longest, len(k))), None
        )
        if keyword is not None:
            found.append((index, len(keyword)))
    return tuple(found)


def _index_keywords(topics: tuple[Topic, ...]) -> tuple[Mapping[str, tuple[tuple[int, int], ...]], ahocorasick.Automaton]:
    """Build the automaton that finds every keyword in a text, and index by keyword the topics
    whose keywords stand wherever it does.

    One pass finds every place where some keyword stands, and the longest one there. The shorter
    keywords standing at the same place are starts of it, so what each topic counts there is
    known from that keyword alone, worked out once here. This replaces a pass of the text per topic.
    """
    for topic in topics:
        if not topic.keywords:
            raise ValueError(f"topic {topic.id!r} has no keywords")
        for keyword in topic.keywords:
            if not _WORD_CHAR.match(keyword):
                raise ValueError(f"topic {topic.id!r}: the keyword {keyword!r} must start with a letter or digit")
    keywords = dict.fromkeys(k for topic in topics for k in topic.keywords)
    automaton = ahocorasick.Automaton()
    for keyword in keywords:
        automaton.add_word(keyword, keyword)
    automaton.make_automaton()
    return MappingProxyType({k: _keywords_within(k, topics) for k in keywords}), automaton


def load_topics(path: Path = DATA_DIR / "topics.yml") -> Taxonomy:
    """Read the taxonomy; a malformed file raises ValueError naming it."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
        topics = tuple(
            Topic(
                id=entry["id"],
                name=entry["name"],
                name_en=entry["name_en"],
                min_hits=int(entry.get("min_hits", 1)),
                keywords=tuple(nfc(k).lower() for k in entry["keywords"]),
            )
            for entry in data["topics"]
        )
        topics_at, keywords = _index_keywords(topics)
        return Taxonomy(
            topics=topics,
            max_per_article=int(data["max_topics_per_article"]),
            _topics_at=topics_at,
            _keywords=keywords,
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: invalid topic taxonomy: {error}") from None


def _is_word_char(char: str) -> bool:
    """Whether `char` is what the regex `\\w` matches (a letter, a digit or "_"), as `_WORD_CHAR` is."""
    return char.isalnum() or char == "_"


def _count_keywords(text: str, taxonomy: Taxonomy) -> list[int]:
    """How often each topic's keywords stand in `text` as whole phrases, never counting one place twice.

    A keyword counts where it is neither preceded nor followed by a letter, digit or "_"; where
    several stand at one place, the longest counts there. A topic's next keyword is looked for
    after the end of its last one (two topics may share words).
    """
    # a line break before the text gives its first word a non-word character before it, like the rest
    text = "\n" + text
    last = len(text) - 1
    longest: dict[int, str] = {}  # by the place a keyword starts at: the longest standing there
    for end, keyword in taxonomy._keywords.iter(text):
        start = end - len(keyword) + 1
        if _is_word_char(text[start - 1]) or (end < last and _is_word_char(text[end + 1])):
            continue  # inside a word: "an" in "quan"
        if len(keyword) > len(longest.get(start, "")):
            longest[start] = keyword
    hits = [0] * len(taxonomy.topics)
    counted_until = [0] * len(taxonomy.topics)
    for start in sorted(longest):
        for index, length in taxonomy._topics_at[longest[start]]:
            if start >= counted_until[index]:
                hits[index] += 1
                counted_until[index] = start + length
    return hits


def extract_topics(texts: Sequence[str], taxonomy: Taxonomy) -> tuple[str, ...]:
    """Return the ids of the topics whose keywords occur often enough, most mentioned first.

    Only the `max_per_article` strongest are kept: a topic page listing every article that
    mentions "doanh nghiệp" once would tell a reader nothing.
    """
    counts = _count_keywords("\n".join(texts).lower(), taxonomy)
    hits = {topic.id: count for topic, count in zip(taxonomy.topics, counts)}
    chosen = [topic for topic in taxonomy.topics if hits[topic.id] >= topic.min_hits]
    ranked = sorted(chosen, key=lambda t: (-hits[t.id], t.id))
    return tuple(topic.id for topic in ranked[: taxonomy.max_per_article])
