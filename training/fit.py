"""Fitting the two factor models of `service.model.classifier.ProductOfferClassifier`."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from service.model.classifier import Analysis, Linear, ProductOfferClassifier
from service.model.offer_features import OfferVectorizer
from service.model.product_features import hash_features
from service.model.products import Term, folded
from service.textnorm.normalizer import Normalizer, learn_vocabulary

OFFER_FEATURES_LOG2 = 19
PRODUCT_FEATURES_LOG2 = 18
# Regularisation (inverse strength) of each factor's logistic regression.
OFFER_C = 4.0
PRODUCT_C = 1.0
TRADE_C = 1.0
# Real posts that name a product are few (most are synthetic): each counts this many times in the
# trade model, so what real listings and news look like outweighs what templates look like.
TRADE_REAL_WEIGHT = 5.0
PRODUCT_WORD_RANK = 10


def params() -> dict[str, float | int]:
    """What the model card records of the fit."""
    return {
        "offer_features_log2": OFFER_FEATURES_LOG2,
        "product_features_log2": PRODUCT_FEATURES_LOG2,
        "offer_C": OFFER_C,
        "product_C": PRODUCT_C,
        "trade_C": TRADE_C,
        "trade_real_weight": TRADE_REAL_WEIGHT,
    }


Progress = Callable[[str], None]


class FitError(ValueError):
    """The training data cannot fit a factor model; the message says which and why."""


def _logistic(
    features: object, labels: np.ndarray, weights: np.ndarray | None, C: float, name: str
) -> Linear:
    if len(np.unique(labels)) != 2:
        raise FitError(
            f"the {name} model needs posts of both classes, got {len(labels)} posts all labelled "
            f"{labels[0] if len(labels) else 'nothing'}: add data or languages to the training set"
        )
    model = LogisticRegression(
        C=C, class_weight="balanced", solver="liblinear", max_iter=2000, random_state=0
    )
    model.fit(features, labels, sample_weight=weights)
    return Linear(model.coef_.ravel().astype(np.float32), float(model.intercept_[0]))


def with_product_words(vocabulary: dict[str, int], terms: Sequence[Term]) -> dict[str, int]:
    """The vocabulary with every word of the product lexicon at least as frequent as its
    `PRODUCT_WORD_RANK`-th word: a masked or spaced-out product word ("ho*n", "n*à") is repaired to
    the product, not to a commoner word of the same shape ("hoan", "nhà")."""
    if not vocabulary:
        return vocabulary
    counts = sorted(vocabulary.values(), reverse=True)
    floor = counts[min(PRODUCT_WORD_RANK, len(counts) - 1)]
    boosted = dict(vocabulary)
    for term in terms:
        if term.tier == "not_product":
            continue
        for word in folded(term.text).split():
            if len(word) >= 3 and word.isascii() and word.isalpha():
                boosted[word] = max(boosted.get(word, 0), floor)
    return boosted


def fit_classifier(
    texts: Sequence[str],
    product_labels: Sequence[int | None],
    offer_labels: Sequence[int | None],
    violating_labels: Sequence[int | None],
    terms: Sequence[Term],
    real: Sequence[bool] | None = None,
    progress: Progress | None = None,
    weights: Sequence[float] | None = None,
) -> ProductOfferClassifier:
    """Learn the normaliser's vocabulary, then the product model on the posts that name a product,
    the offer model on every post with an offer label, and the trade model on the posts that name a
    product and are labelled violating or benign (`real` marks the real posts among them).
    `weights` (default 1 each) count a post that many times in every model it is in."""
    say = progress or (lambda _: None)
    weight = np.asarray(weights if weights is not None else [1.0] * len(texts), dtype=float)
    say("learning the vocabulary the normaliser repairs evasions against")
    normalizer = Normalizer(vocabulary=with_product_words(learn_vocabulary(texts), terms)).warm()
    vectorizer = OfferVectorizer(OFFER_FEATURES_LOG2)
    unfitted = Linear(np.zeros(1, np.float32), 0.0)
    placeholder = ProductOfferClassifier(
        terms, normalizer, vectorizer, unfitted, unfitted, unfitted, PRODUCT_FEATURES_LOG2
    )
    say(f"normalising and matching {len(texts)} posts")
    analyses: list[Analysis] = [placeholder.analyse(text) for text in texts]

    say("fitting the product model")
    named = [i for i, a in enumerate(analyses) if a.names_product]
    products = hash_features([analyses[i].product_features() for i in named], PRODUCT_FEATURES_LOG2)
    known = [k for k, i in enumerate(named) if product_labels[i] is not None]
    product_y = np.asarray([product_labels[named[k]] for k in known], dtype=np.int8)
    product_weights = weight[[named[k] for k in known]] if weights is not None else None
    product_model = _logistic(products[known], product_y, product_weights, PRODUCT_C, "product")

    say("fitting the offer model")
    rows = [i for i, label in enumerate(offer_labels) if label is not None]
    blocks = vectorizer.counts([analyses[i].offer_text for i in rows])
    vectorizer.fit_idf(blocks)
    offer_y = np.asarray([offer_labels[i] for i in rows], dtype=np.int8)
    offer_weights = weight[rows] if weights is not None else None
    offer_model = _logistic(vectorizer.weigh(blocks), offer_y, offer_weights, OFFER_C, "offer")

    say("fitting the trade model")
    known = [k for k, i in enumerate(named) if violating_labels[i] is not None]
    offers = vectorizer.transform([analyses[named[k]].offer_text for k in known])
    trade_y = np.asarray([violating_labels[named[k]] for k in known], dtype=np.int8)
    trade_weights = np.asarray(
        [
            (TRADE_REAL_WEIGHT if real is not None and real[named[k]] else 1.0) * weight[named[k]]
            for k in known
        ]
    )
    trade_input = ProductOfferClassifier.trade_input(products[known], offers)
    trade_model = _logistic(trade_input, trade_y, trade_weights, TRADE_C, "trade")
    return ProductOfferClassifier(
        terms, normalizer, vectorizer, product_model, offer_model, trade_model, PRODUCT_FEATURES_LOG2
    )
