"""The product model's features: the term, its context, and whether the product is what the post is about."""

from service.model.product_features import match_features
from service.model.products import ProductMatcher
from service.textnorm.normalizer import Normalizer
from training.products import load_terms

MATCHER = ProductMatcher(load_terms())
NORMALIZE = Normalizer().normalize


def features(text: str) -> list[str]:
    tokens, matches = MATCHER.find(NORMALIZE(text))
    return match_features(tokens, matches)


def test_a_short_post_that_opens_with_the_product_is_placed_first_and_short() -> None:
    found = features("ivory bangle for sale, DM")
    assert {"len=0", "pos=0", "lp=0|0"} <= set(found)
    assert "cw=ivory|bangle" in found


def test_a_long_post_that_names_an_animal_in_passing_is_placed_late_and_long() -> None:
    rental = (
        "$2485, 2 bedroom 1 1/2 bath condo on a quiet, tree lined street. Two deck balconies with "
        "panoramic views, close to hiking trails, the train, cafes and downtown shops. No smoking or "
        "pets. RSVP with your phone number to see it. I won't bite, I just send my gorilla to collect "
        "late rent. I pay for water, you pay for power. Has a really nice garage, but you can't have it; "
        "park one car in the driveway and the other on the street right in front. Not much storage, "
        "and the bedrooms are not the grand master suites you dream of: room for one queen bed."
    )
    assert 250 < len(NORMALIZE(rental)) <= 600 and 0.33 <= rental.index("gorilla") / len(rental) < 0.66
    assert {"len=3", "pos=2", "lp=3|2"} <= set(features(rental))


def test_a_post_that_names_no_product_has_no_placement() -> None:
    assert not [f for f in features("mountain bike, 21 speed, $120") if f.startswith(("len=", "pos="))]
