"""Topics of an article, from the editable keyword taxonomy in `data/topics.yml`."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from generator import DATA_DIR, patterns
from generator.textkey import nfc
from generator.yamlload import load_yaml

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
    _topics_at: Mapping[str, tuple[tuple[int, int], ...]] = field(repr=False)
    """The longest keyword standing at a place -> (topic index, length of its keyword there) of
    every topic with a keyword standing at that place: see `_index_keywords`."""
    _keyword_starts: tuple[re.Pattern[str], re.Pattern[str]] = field(repr=False)
    """The character before a keyword (never a letter or digit), then the longest keyword standing
    there: one pattern for a space before, one for any other character (see `_index_keywords`)."""

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


def _index_keywords(
    topics: tuple[Topic, ...],
) -> tuple[Mapping[str, tuple[tuple[int, int], ...]], tuple[re.Pattern[str], re.Pattern[str]]]:
    """Compile the patterns that find the longest keyword standing at each place, and index by
    that keyword the topics whose keywords stand there.

    One pass finds every place where some keyword stands, and the longest one there. The shorter
    keywords standing at the same place are starts of it, so what each topic counts there is
    known from that keyword alone, worked out once here. This replaces a pass of the text per topic.
    The places after a space, most of them, are found by a pattern opening with that literal
    space, which the regex engine jumps to far faster than it tests a class at each character;
    a second pattern takes the places after any other character that is no letter or digit.
    """
    for topic in topics:
        if not topic.keywords:
            raise ValueError(f"topic {topic.id!r} has no keywords")
        for keyword in topic.keywords:
            if not _WORD_CHAR.match(keyword):
                raise ValueError(f"topic {topic.id!r}: the keyword {keyword!r} must start with a letter or digit")
    keywords = dict.fromkeys(k for topic in topics for k in topic.keywords)
    # the prefix tree's optional branches are greedy: at each place the longest keyword is taken
    longest_keyword = rf"(?=({_prefix_tree_alternation(keywords)})(?!\w))"
    return (
        MappingProxyType({k: _keywords_within(k, topics) for k in keywords}),
        (
            re.compile(" " + longest_keyword),
            re.compile(patterns.quick_class(r"[^\w ]") + longest_keyword),
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
        topics_at, keyword_starts = _index_keywords(topics)
        return Taxonomy(
            topics=topics,
            max_per_article=int(data["max_topics_per_article"]),
            _topics_at=topics_at,
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
        for index, length in taxonomy._topics_at[match.group(1)]:
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
