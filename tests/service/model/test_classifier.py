"""The product-and-offer classifier: the gate, the factors, the stored state."""

import pickle

import numpy as np
import pytest

from service.model.classifier import FORMAT, ProductOfferClassifier
from tests.service.conftest import BENIGN, VIOLATING
from training.fit import FitError, fit_classifier
from training.products import load_terms


@pytest.fixture(scope="module")
def classifier() -> ProductOfferClassifier:
    texts = (VIOLATING + BENIGN) * 2
    violating = ([1] * len(VIOLATING) + [0] * len(BENIGN)) * 2
    real_sense = ("customs seized", "report pangolin", "we saw rhinos", "police arrested")
    product = [int(v or any(p in t for p in real_sense)) for t, v in zip(texts, violating, strict=True)]
    offer = [int(v or "sale" in t or "dm" in t) for t, v in zip(texts, violating, strict=True)]
    return fit_classifier(texts, product, offer, violating, load_terms())


def test_a_post_that_names_no_product_scores_zero_however_much_it_sells(
    classifier: ProductOfferClassifier,
) -> None:
    scores, normalized = classifier.score_texts(["mountain bike for sale, DM for price, ship worldwide", ""])
    assert list(scores) == [0.0, 0.0] and normalized[0].startswith("mountain bike")


def test_the_score_is_the_product_of_its_factors(classifier: ProductOfferClassifier) -> None:
    texts = ["ivory bangles for sale, DM for price", "customs seized ivory at the port"]
    product, offer, trade, _ = classifier.factors(texts)
    scores, _ = classifier.score_texts(texts)
    assert np.allclose(scores, product * offer * trade)
    assert scores[0] > scores[1]


def test_explanations_name_the_product_term_and_offer_cues(classifier: ProductOfferClassifier) -> None:
    explained = classifier.explain("S e l l i n g 1v0ry bangles, DM for price")
    assert ("ivory", "ivory", "names") in explained["terms"]
    assert explained["offer_cues"] and all(len(cue) <= 24 for cue in explained["offer_cues"])
    assert any(tactic for tactic, _, _ in classifier.reveal("S e l l i n g 1v0ry bangles"))


def test_the_stored_state_holds_no_classes_of_this_project(classifier: ProductOfferClassifier) -> None:
    state = classifier.state()
    assert state["format"] == FORMAT
    assert b"service." not in pickle.dumps(state) and b"training." not in pickle.dumps(state)
    again = ProductOfferClassifier.from_state(pickle.loads(pickle.dumps(state)))
    texts = ["ivory bangles for sale, DM", "tiger balm wholesale cartons", "raw ivory tusk, whatsapp me"]
    assert np.allclose(again.score_texts(texts)[0], classifier.score_texts(texts)[0], atol=1e-6)


def test_a_state_of_another_format_is_refused(classifier: ProductOfferClassifier) -> None:
    with pytest.raises(ValueError, match="not a zeroview-product-offer"):
        ProductOfferClassifier.from_state({**classifier.state(), "format": "something-else/1"})


def test_fitting_without_both_classes_says_which_model_lacks_them() -> None:
    with pytest.raises(FitError, match="product model needs posts of both classes"):
        fit_classifier(["ivory for sale", "rhino horn, dm"], [1, 1], [1, 0], [1, 0], load_terms())
