"""Ranking candidate code words without Kafka: a planted code word comes out first, known terms
are set aside (or marked), overlapping n-grams fold into the strongest."""

import random
from collections import Counter

from service.model.products import Term
from service.review.known import INTEL, LEXICON, KnownTerms, known_terms, load_known
from service.review.mining import MinedPost, rank_candidates
from service.review.terms import post_terms
from service.scoring.intel import parse_intel
from service.settings import Settings

PRODUCTS = ["ivory bangles", "rhino horn cups", "pangolin scales", "tiger teeth", "ivory carvings"]
TRADE = ["dm for price", "whatsapp me", "serious buyers only", "ship worldwide", "inbox me", "pm for details"]
EVERYDAY = [
    "selling my mountain bike, dm for price",
    "iphone 12 for sale, serious buyers only",
    "lovely sunset at the beach today",
    "new recipe: lentil soup with lemon",
    "vintage chair, ship worldwide, inbox me",
    "concert tickets, whatsapp me",
    "our team won the match yesterday",
    "handmade soap, pm for details",
]


def known() -> KnownTerms:
    intel = parse_intel({"version": "1", "terms": {"en": ["white plastic"], "zh": ["白货"]}}, "t")
    lexicon = [
        Term("ivory", "ivory", "names", "en"),
        Term("rhino horn", "rhino_horn", "names", "en"),
        Term("pangolin", "pangolin_scales", "animals", "en"),
        Term("scales", "pangolin_scales", "code", "en"),
        Term("tiger teeth", "big_cat_parts", "names", "en"),
        Term("象牙", "ivory", "names", "zh"),
        Term("tusk", "ivory", "names", "en", open_end=True),
    ]
    return known_terms(intel, lexicon)


def mined(texts: list[str]) -> list[MinedPost]:
    return [MinedPost(f"p{i}", post_terms([text]), (text,)) for i, text in enumerate(texts)]


def counts(texts: list[str]) -> Counter[str]:
    return Counter(term for text in texts for term in post_terms([text]))


def planted(n: int = 30, word: str = "Snowbrick") -> list[str]:
    pick = random.Random(3)
    return [f"{word} {pick.choice(PRODUCTS)}, {pick.choice(TRADE)} #{i}" for i in range(n)]


def test_a_planted_code_word_comes_out_first_with_its_figures_and_examples() -> None:
    benign = EVERYDAY * 25
    found = rank_candidates(mined(planted()), counts(benign), known())
    first = found[0]
    assert (first.term, first.violating, first.benign) == ("snowbrick", 30, 0)
    assert first.z > 3 and first.z > found[1].z
    assert len(first.examples) == 3 and all("Snowbrick" in e and len(e) <= 60 for e in first.examples)
    assert not {"ivory", "rhino horn", "tiger teeth", "scales"} & {c.term for c in found}


def test_overlapping_ngrams_fold_into_the_strongest_and_known_parts_are_named() -> None:
    violating = ["snowbrick ivory, dm for price"] * 10 + ["snowbrick ivory, whatsapp me"] * 10
    found = rank_candidates(mined(violating), counts(EVERYDAY * 10), known(), lang="en")
    first = found[0]
    assert first.term == "snowbrick" and "snowbrick ivory" in first.variants
    assert not any("snowbrick" in c.term for c in found[1:])
    ivory_pairs = [c for c in found if c.term == "ivory dm"]
    assert ivory_pairs and ivory_pairs[0].overlaps_known == ["ivory"]


def test_known_terms_are_left_out_or_listed_marked() -> None:
    violating = [f"white plastic bangles, snowbrick {trade}" for trade in TRADE] * 2
    benign = counts([*EVERYDAY, "white shirt for sale", "plastic bottles, dm"] * 10)
    left_out = rank_candidates(mined(violating), benign, known())
    assert "white plastic" not in {c.term for c in left_out} and "snowbrick" in {c.term for c in left_out}
    assert all(c.known is None for c in left_out)
    listed = {c.term: c for c in rank_candidates(mined(violating), benign, known(), include_known=True)}
    assert listed["white plastic"].known == INTEL and listed["snowbrick"].known is None


def test_a_minimum_count_and_a_top_limit() -> None:
    violating = planted(4, "Snowbrick") + planted(6, "Moonpowder")
    found = rank_candidates(mined(violating), counts(EVERYDAY * 10), known(), min_count=5, top=1)
    assert [c.term for c in found] == ["moonpowder"]


def test_nothing_to_contrast_gives_no_candidates() -> None:
    assert rank_candidates(mined(["snowbrick"] * 6), Counter(), known()) == []
    assert rank_candidates([], counts(EVERYDAY), known()) == []


def test_chinese_candidates_are_character_ngrams_known_strings_set_aside() -> None:
    violating = [f"出售雪砖象牙手镯{i}号，私聊" for i in range(12)] + [f"白货雪砖到了{i}" for i in range(8)]
    benign = ["今天天气很好，出去走走", "手镯很漂亮，私聊价格", "新手机出售，私聊"] * 20
    found = rank_candidates(mined(violating), counts(benign), known())
    assert found[0].term == "雪砖" and found[0].violating == 20
    assert not any("白货" in c.term or "象牙" in c.term for c in found)


def test_known_terms_match_open_ended_lexicon_entries_and_unspaced_strings() -> None:
    terms = known()
    assert terms.source_of("tusks") == LEXICON and terms.source_of("tusk pieces") is None
    assert terms.source_of("售白货") == INTEL and terms.source_of("货到") is None
    assert terms.source_of("snowbrick") is None
    assert (
        terms.overlapping("snowbrick ivory", "en") == ["ivory"]
        and terms.overlapping("snowbrick ivory", "de") == []
    )
    assert terms.source_of("pangolin scales") == LEXICON and terms.source_of("pangolin dm") is None


def test_the_shipped_intel_list_and_model_lexicon_are_known() -> None:
    settings = Settings()
    terms, intel_version, model_version = load_known(settings.intel_path, settings.model_dir)
    assert intel_version and model_version
    assert terms.source_of("white plastic") == INTEL
    assert terms.source_of("ivory") == LEXICON and terms.source_of("rhino horn") == LEXICON
    assert terms.source_of("snowbrick") is None
