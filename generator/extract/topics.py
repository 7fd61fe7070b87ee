"""Topics of an article, from the editable keyword taxonomy in `data/topics.yml`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.textkey import nfc

DATA_DIR = Path(__file__).parent.parent / "data"


@dataclass(frozen=True, slots=True)
class Topic:
    """One topic of the taxonomy."""

    id: str
    name: str
    name_en: str
    min_hits: int
    pattern: re.Pattern[str]
    """Any keyword as a whole phrase, lower case: "xúc tiến đầu tư"."""


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The topics and how many an article may carry (the strongest win)."""

    topics: tuple[Topic, ...]
    max_per_article: int

    @property
    def by_id(self) -> dict[str, Topic]:
        return {t.id: t for t in self.topics}


def load_topics(path: Path = DATA_DIR / "topics.yml") -> Taxonomy:
    """Read the taxonomy; a malformed file raises ValueError naming it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries = data["topics"]
        topics = tuple(
            Topic(
                id=entry["id"],
                name=entry["name"],
                name_en=entry["name_en"],
                min_hits=int(entry.get("min_hits", 1)),
                pattern=re.compile(
                    r"(?<!\w)(?:" + "|".join(re.escape(nfc(k).lower()) for k in entry["keywords"]) + r")(?!\w)"
                ),
            )
            for entry in entries
        )
        return Taxonomy(topics=topics, max_per_article=int(data["max_topics_per_article"]))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{path}: invalid topic taxonomy: {error}") from None


def extract_topics(texts: Sequence[str], taxonomy: Taxonomy) -> tuple[str, ...]:
    """Return the ids of the topics whose keywords occur often enough, most mentioned first.

    Only the `max_per_article` strongest are kept: a topic page listing every article that
    mentions "doanh nghiệp" once would tell a reader nothing.
    """
    lowered = "\n".join(texts).lower()
    hits = {topic.id: len(topic.pattern.findall(lowered)) for topic in taxonomy.topics}
    chosen = [topic for topic in taxonomy.topics if hits[topic.id] >= topic.min_hits]
    ranked = sorted(chosen, key=lambda t: (-hits[t.id], t.id))
    return tuple(topic.id for topic in ranked[: taxonomy.max_per_article])
