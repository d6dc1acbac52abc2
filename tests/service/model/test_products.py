"""The product lexicon and its matcher: the gate of the model (no product named, no hold or removal)."""

from pathlib import Path

import pytest

from service.model.products import ProductMatcher, Tokens, masked
from service.textnorm.normalizer import normalize
from training.products import CATEGORIES, LANGUAGES, ProductLexiconError, load_terms


@pytest.fixture(scope="module")
def matcher() -> ProductMatcher:
    return ProductMatcher(load_terms())


def found(matcher: ProductMatcher, text: str) -> list[tuple[str, str]]:
    _, matches = matcher.find(normalize(text))
    _, accented = matcher.find_accented(text)
    return [(m.term.category, m.term.tier) for m in matches + accented]


def products(matcher: ProductMatcher, text: str) -> set[str]:
    return {category for category, tier in found(matcher, text) if tier != "not_product"}


def test_every_language_names_the_core_products() -> None:
    terms = load_terms()
    for lang in LANGUAGES:
        named = {t.category for t in terms if t.lang == lang and t.tier == "names"}
        assert {"ivory", "rhino_horn", "pangolin"} <= named, lang
    assert {t.category for t in terms if t.tier != "not_product"} <= CATEGORIES


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("carved ivory bangle, DM", "ivory"),
        ("S e l l i n g 1v0ry bangles", "ivory"),
        ("Mammutelfenbeinschnitzerei zu verkaufen", "ivory"),  # a term inside a German compound
        ("出售象牙手镯", "ivory"),  # Chinese: matched inside an unspaced run
        ("ขายงาช้างแท้", "ivory"),
        ("Bán vòng ngà voi", "ivory"),  # Vietnamese, with its accents
        ("sừng tê giác nguyên chiếc", "rhino_horn"),
        ("sisik trenggiling kering", "pangolin"),
        ("🐘 🦷 bangle", "ivory"),  # emoji read as words
        ("R h i n o h o r n pieces", "rhino_horn"),  # spaced letters join into one word
        ("#tigerbonewine", "big_cat_parts"),
    ],
)
def test_products_are_found_through_languages_scripts_and_evasions(
    matcher: ProductMatcher, text: str, category: str
) -> None:
    assert category in products(matcher, text)


@pytest.mark.parametrize(
    "text",
    [
        "ivory white wedding dress",  # the colour
        "Tiger Balm, 12 jars",
        "selling my jaguar xe, full history",
        "Lot 1391: pair of early Thai painted wood figures",  # "hai" is not a shark inside "Thai"
        "Samsung Galaxy S8, 12 months waranty",  # "waran" (monitor lizard) inside another word
        "Áo sơ mi kẻ đỏ đen",  # Vietnamese "red and black", not the code word "đồ đen"
        "马马虎虎，还可以",  # "so-so", not a tiger
        "12 Molas Camaleão Refletivo",  # a colour-shifting finish, not the reptile
        "Pintura efecto camaleón para coches, 1 litro",
        "chameleon wrap vinyl 1.5 x 18 m, ships today",
    ],
)
def test_other_senses_and_words_inside_words_are_not_products(matcher: ProductMatcher, text: str) -> None:
    assert products(matcher, text) == set()


def test_masking_hides_the_product_words_only() -> None:
    source = normalize("carved ivory bangle for sale, DM")
    tokens, matches = ProductMatcher(load_terms()).find(source)
    assert masked(source, tokens, matches, "X") == "carved X bangle for sale, dm"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("收购象牙手镯，价格好说", "收购X手镯,价格好说"),  # the buying and the bangle stay
        ("ขายงาช้างแท้ ราคา 5,000 บาท", "ขายX ราคา 5,000 บาท"),  # "sell" stays
    ],
)
def test_in_scripts_without_spaces_only_the_product_itself_is_masked(text: str, expected: str) -> None:
    source = normalize(text)
    tokens, matches = ProductMatcher(load_terms()).find(source)
    assert masked(source, tokens, matches, "X") == expected


def test_tokens_keep_where_each_word_came_from() -> None:
    tokens = Tokens.of("a  bb, ccc")
    assert tokens.text == " a bb ccc " and tokens.words() == ["a", "bb", "ccc"]
    assert tokens.spans == [(0, 1), (3, 5), (7, 10)]


def test_a_broken_lexicon_file_is_refused_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "en.yaml").write_text("lang: en\nnames:\n  unicorn_horn: [horn]\n")
    with pytest.raises(ProductLexiconError, match=r"en\.yaml: names\.unicorn_horn is not a category"):
        load_terms(tmp_path, ("en",))
