"""The terms a post is mined for, and the snippets shown with a candidate."""

import pytest

from service.review.terms import overlaps, post_terms, snippet


def test_words_are_normalised_so_spelling_games_count_as_the_word() -> None:
    assert post_terms(["Selling 1v0ry bangles"]) == post_terms(["selling IVORY bangles"])
    assert {"selling", "ivory", "bangles", "selling ivory", "ivory bangles"} == post_terms(
        ["Selling 1v0ry bangles"]
    )


def test_numbers_and_single_letters_are_not_terms_and_bigrams_stay_inside_a_field() -> None:
    terms = post_terms(["price 500 x", "snowbrick"])
    assert terms == {"price", "snowbrick"}  # no "x snowbrick" across the fields, no "price 500"


def test_hashtags_come_out_as_their_words() -> None:
    assert {"snowbrick", "ivory", "snowbrick ivory"} <= post_terms(["#snowbrick #ivory"])


def test_chinese_is_mined_as_character_ngrams_and_punctuation_ends_a_run() -> None:
    terms = post_terms(["出售白货。象牙"])
    assert {"白货", "售白货", "出售白货", "象牙"} <= terms
    assert not any("。" in term for term in terms)
    assert "货象" not in terms


def test_thai_ngrams_keep_vowel_and_tone_marks_with_their_letter() -> None:
    terms = post_terms(["ของขาวแท้"])
    assert "ของขาว" in terms  # six letters: ข อ ง ข า ว
    assert not any(term[0] in "\u0e49\u0e31" for term in terms)  # no n-gram starts with a tone mark
    endings = post_terms(["ขายแท้"])
    assert "ยแท้" in endings and "ยแท" not in endings  # ย + แ + ท้: the tone mark stays with its letter


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("snowbrick", "snowbrick ivory", True),
        ("snow", "snowbrick", False),  # words: only whole words are inside
        ("白货", "售白货", True),  # characters: any substring
        ("ivory dm", "dm ivory", False),
    ],
)
def test_overlap(a: str, b: str, expected: bool) -> None:
    assert overlaps(a, b) is expected and overlaps(b, a) is expected


def test_a_snippet_is_the_post_as_written_around_the_term_at_most_60_characters() -> None:
    text = (
        "A very long opening about nothing in particular, really. Fresh SnowBrick batch: carved pendants, "
        * 2
    )
    found = snippet("snowbrick", [text])
    assert found is not None and len(found) <= 60
    assert "SnowBrick" in found and found.startswith("…") and found.endswith("…")
    assert snippet("hang trang", ["Bán hàng trắng giá tốt"]) == "Bán hàng trắng giá tốt"
    assert snippet("白货", ["出售白货。象牙"]) == "出售白货。象牙"


def test_a_disguised_term_is_shown_from_the_normalised_text_and_other_fields_are_searched() -> None:
    assert snippet("ivory bangles", ["nothing here", "Selling 1v0ry bangles"]) == "selling ivory bangles"
    assert snippet("absent", ["nothing here"]) is None
