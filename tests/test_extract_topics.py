"""Topics: keywords counted as whole phrases, the longest at each place, the strongest topics kept."""

from __future__ import annotations

import pytest

from generator.extract.topics import extract_topics, load_topics

TAXONOMY = """\
max_topics_per_article: 2
topics:
  - id: kinh-te
    name: Kinh tế
    name_en: Economy
    min_hits: 2
    keywords: [thị trường, hợp tác kinh tế, doanh nghiệp]
  - id: dau-tu
    name: Đầu tư
    name_en: Investment
    min_hits: 1
    keywords: [đầu tư, thu hút đầu tư, hợp tác]
  - id: van-hoa
    name: Văn hóa
    name_en: Culture
    min_hits: 1
    keywords: [di sản, unesco]
"""


@pytest.fixture(scope="module")
def taxonomy(tmp_path_factory):
    path = tmp_path_factory.mktemp("topics") / "topics.yml"
    path.write_text(TAXONOMY, encoding="utf-8")
    return load_topics(path)


def test_keywords_count_only_as_whole_words(taxonomy):
    # "di sản" inside "Sdi sản", "unesco" inside "unesco_vn" or "unescos": no whole phrase
    assert extract_topics(["Bảo tàng Sdi sản, unesco_vn và unescos"], taxonomy) == ()
    assert extract_topics(["Di sản thế giới."], taxonomy) == ("van-hoa",)
    assert extract_topics(["(UNESCO)"], taxonomy) == ("van-hoa",)


def test_the_longest_keyword_at_a_place_counts_for_every_topic_it_starts(taxonomy):
    # "hợp tác kinh tế" is one hit of kinh-te (with "thị trường": two) and, by its start
    # "hợp tác", one of dau-tu; "thu hút đầu tư" holds "đầu tư" but counts once for dau-tu
    text = "Hợp tác kinh tế mở rộng thị trường; thu hút đầu tư."
    assert extract_topics([text], taxonomy) == ("dau-tu", "kinh-te")


def test_a_topic_needs_its_minimum_of_hits_and_only_the_strongest_are_kept(taxonomy):
    assert extract_topics(["Doanh nghiệp nói về di sản."], taxonomy) == ("van-hoa",)  # kinh-te: 1 of 2
    text = "Doanh nghiệp, doanh nghiệp và thị trường. Đầu tư. Di sản, di sản, UNESCO."
    assert extract_topics([text], taxonomy) == ("kinh-te", "van-hoa")  # 3 and 3 hits; dau-tu's 1 is cut


def test_keywords_are_found_across_the_texts_but_not_across_their_boundary(taxonomy):
    assert extract_topics(["thị", "trường"], taxonomy) == ()
    assert extract_topics(["Đầu", "tư nước ngoài"], taxonomy) == ()
    assert extract_topics(["mở", "đầu tư"], taxonomy) == ("dau-tu",)


def test_a_keyword_that_starts_with_no_letter_is_refused(tmp_path):
    path = tmp_path / "topics.yml"
    path.write_text(TAXONOMY.replace("[di sản, unesco]", "[di sản, -unesco]"), encoding="utf-8")
    with pytest.raises(ValueError, match="must start with a letter or digit"):
        load_topics(path)
