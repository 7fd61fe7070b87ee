"""Topics of an article, from the editable keyword taxonomy in `data/topics.yml`."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from generator import patterns
from generator.textkey import nfc
from generator.yamlload import load_yaml

DATA_DIR = Path(__file__).parent.parent / "data"

# The letters and digits a keyword starts with, up to its first space or mark: "xúc" of "xúc tiến".
_FIRST_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_match_start = operator.methodcaller("start")


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
    _by_first_word: Mapping[str, tuple[tuple[int, str], ...]] = field(repr=False)
    """First word of a keyword -> (topic index, keyword) of every keyword starting with it, in data order."""
    _keyword_starts: tuple[re.Pattern[str], re.Pattern[str]] = field(repr=False)
    """The character before a keyword (never a letter or digit), then the keyword's first word:
    one pattern for a space before, one for any other character (see `_index_first_words`)."""

    @property
    def by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}


def _prefix_tree_alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words`, shaped as the tree of their prefixes: "th(?:ị trường|u hút)".

    At each place the regex engine then tries the few letters that can come next, instead of
    every word in turn.
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def alternation(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + alternation(child) for char, child in node.items() if char]
        if not branches:
            return ""
        either = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{either})?" if "" in node else either

    return alternation(tree)


def _index_first_words(
    topics: tuple[Topic, ...],
) -> tuple[Mapping[str, tuple[tuple[int, str], ...]], tuple[re.Pattern[str], re.Pattern[str]]]:
    """Index the keywords by their first word, and compile the patterns that find where one stands.

    One pass finds every place where some keyword stands; the few keywords that start with the
    word found there are then checked one by one. This replaces a pass of the text per topic.
    The places after a space, most of them, are found by a pattern opening with that literal
    space, which the regex engine jumps to far faster than it tests a class at each character;
    a second pattern takes the places after any other character that is no letter or digit.
    """
    by_first_word: dict[str, list[tuple[int, str]]] = {}
    for index, topic in enumerate(topics):
        if not topic.keywords:
            raise ValueError(f"topic {topic.id!r} has no keywords")
        for keyword in topic.keywords:
            first = _FIRST_WORD.match(keyword)
            if first is None:
                raise ValueError(f"topic {topic.id!r}: the keyword {keyword!r} must start with a letter or digit")
            by_first_word.setdefault(first.group(), []).append((index, keyword))
    keywords = _prefix_tree_alternation(k for topic in topics for k in topic.keywords)
    keyword_then_first_word = rf"(?=(?:{keywords})(?!\w))(\w+)"
    return (
        MappingProxyType({w: tuple(k) for w, k in by_first_word.items()}),
        (
            re.compile(" " + keyword_then_first_word),
            re.compile(patterns.quick_class(r"[^\w ]") + keyword_then_first_word),
        ),
    )


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
        by_first_word, keyword_starts = _index_first_words(topics)
        return Taxonomy(
            topics=topics,
            max_per_article=int(data["max_topics_per_article"]),
            _by_first_word=by_first_word,
            _keyword_starts=keyword_starts,
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: invalid topic taxonomy: {error}") from None


def _count_keywords(text: str, taxonomy: Taxonomy) -> list[int]:
    """How often each topic's keywords stand in `text` as whole phrases, never counting one place twice.

    A keyword counts where it is neither preceded nor followed by a letter or digit; a topic's
    next keyword is looked for after the end of its last one (two topics may share words).
    """
    # a line break before the text gives its first word a non-word character before it, like the rest
    text = "\n" + text
    hits = [0] * len(taxonomy.topics)
    counted_until = [0] * len(taxonomy.topics)
    after_space, after_other = taxonomy._keyword_starts
    matches = [*after_space.finditer(text), *after_other.finditer(text)]
    matches.sort(key=_match_start)  # the two patterns never match at one place
    for match in matches:
        start = match.start(1)
        for index, keyword in taxonomy._by_first_word[match.group(1)]:
            end = start + len(keyword)
            if start >= counted_until[index] and text.startswith(keyword, start) and not _WORD_CHAR.match(text, end):
                hits[index] += 1
                counted_until[index] = end
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
