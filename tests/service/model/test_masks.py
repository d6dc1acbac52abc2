"""Masks that several product words fit, read by the product phrase around them."""

import pytest

from service.model.masks import MaskReader
from service.model.products import ProductMatcher, compile_terms

RAW = [
    ("marfil", "ivory", "names", "es"),
    ("colmillos de marfil", "ivory", "names", "es"),
    ("hiu martil", "shark_fin", "names", "id"),
    ("nga voi", "ivory", "names", "vi"),
    ("rang ca nha tang", "shark_fin", "names", "vi"),
    ("pangolin", "pangolin", "names", "en"),
    ("scales", "pangolin", "code", "en"),
    ("snakes", "live_reptile", "animals", "en"),
    ("tiger balm", "big_cat_parts", "not_product", "en"),
]


@pytest.fixture(scope="module")
def reader() -> MaskReader:
    matcher = ProductMatcher(compile_terms(RAW))
    return MaskReader(matcher.terms, matcher.find)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("vendo colmillos de mar##l autenticos", "vendo colmillos de marfil autenticos"),
        ("hiu mar*il segar", "hiu martil segar"),  # the same mask, another phrase
        ("ban n*a voi nguyen khuc", "ban nga voi nguyen khuc"),
        ("p*ngolin scales, pango*in", "pangolin scales, pangolin"),  # one product word fits
        ("mar*il", "marfil"),  # "martil" names a product only in "hiu martil"
        ("5 kg s*a*es", "5 kg s*a*es"),  # "scales" and "snakes" fit, nothing around says which
        ("ban n*a cua toi", "ban n*a cua toi"),  # "nha" (house) in no product phrase
        ("kaufer*innen, t*ger balm", "kaufer*innen, t*ger balm"),  # no product word fits
        ("*vory #ivory", "*vory #ivory"),  # a mask at the edge, a hashtag: not masked words
    ],
)
def test_a_mask_is_filled_only_where_one_product_phrase_explains_it(
    reader: MaskReader, text: str, read: str
) -> None:
    assert reader.read(text) == read
    assert len(reader.read(text)) == len(text)  # positions stay where they were


def test_text_without_masks_is_returned_as_it_is(reader: MaskReader) -> None:
    text = "colmillos de marfil, 5 kg"
    assert reader.read(text) is text
