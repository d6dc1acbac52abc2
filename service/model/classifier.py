"""The wildlife-trade classifier: P(violating) = P(product) x P(offer) x P(trade).

A post violates when it offers, seeks or arranges trade (the offer) in a protected wildlife product
or live animal (the product). The factors are learned apart, each from data that shows it:
- the product model reads only the lexicon terms a post names and the words around them (is
  "ivory" the material or a colour?); a post that names no product scores 0, so ordinary posts
  and lawful listings can never be removed by it;
- the offer model reads the post with its products masked, and learns selling, auctioning,
  seeking and presenting from real lawful listings against real posts that offer nothing;
- the trade model reads what both others read, only for posts that name a product, and learns
  whether this post trades it or talks about its trade (a seizure, a warning, a museum label,
  "selling X is illegal").
All three must be high for a removal. The model is stored as arrays and plain values (`state`),
never as pickled classes of this module.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sp

from service.model.masks import MaskReader
from service.model.offer_features import PLACEHOLDER, OfferVectorizer, offer_view
from service.model.product_features import hash_features, match_features
from service.model.products import Match, ProductMatcher, Term, Tokens, folded, masked
from service.model.word_ngrams import word_buckets
from service.textnorm.normalizer import Normalizer

# /4: product features say where the first product stands and how long the post is; unspaced scripts
# mask only the product itself. A /3 model would read other features than it was trained on.
FORMAT = "zeroview-product-offer/4"


@dataclass(frozen=True)
class Analysis:
    """One post as the two models see it."""

    normalized: str
    tokens: Tokens
    matches: list[Match]  # in the normalised text (product terms and not-product phrases)
    accented: list[Match]  # accent-sensitive terms in the post as written
    accented_tokens: Tokens | None

    @property
    def names_product(self) -> bool:
        return any(m.is_product for m in self.matches) or any(m.is_product for m in self.accented)

    def product_features(self) -> list[str]:
        features = match_features(self.tokens, self.matches)
        if self.accented and self.accented_tokens is not None:
            features += match_features(self.accented_tokens, self.accented, prefix="a.")
        return features

    @cached_property
    def offer_text(self) -> str:
        """What the offer model reads (once: a flagged post's explanation reads it again)."""
        return offer_view(masked(self.normalized, self.tokens, self.matches, PLACEHOLDER))


@dataclass(frozen=True)
class Linear:
    """A fitted logistic regression as plain arrays."""

    coef: np.ndarray
    intercept: float

    def proba(self, features: sp.csr_matrix) -> np.ndarray:
        margin = features @ self.coef + self.intercept
        result: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(margin, -30, 30)))
        return result


class ProductOfferClassifier:
    """score_texts(texts) -> (P(violating), normalised texts); explain(text) -> evidence."""

    def __init__(
        self,
        terms: Sequence[Term],
        normalizer: Normalizer,
        offer_vectorizer: OfferVectorizer,
        product_model: Linear,
        offer_model: Linear,
        trade_model: Linear,
        product_features_log2: int,
    ) -> None:
        self.terms = list(terms)
        self.matcher = ProductMatcher(self.terms)
        self.masks = MaskReader(self.terms, self.matcher.find)
        self.normalizer = normalizer
        self.offer_vectorizer = offer_vectorizer
        self.product_model = product_model
        self.offer_model = offer_model
        self.trade_model = trade_model
        self.product_features_log2 = product_features_log2
        # the last batch's analyses: the scorer explains its held and removed posts right after
        self._last_batch: dict[str, Analysis] = {}
        self._words = re.compile(offer_vectorizer.words.token_pattern).findall

    # -- reading posts ---------------------------------------------------------------------------
    def analyse(self, text: str) -> Analysis:
        normalized = self.masks.read(self.normalizer.normalize(text))
        tokens, matches = self.matcher.find(normalized)
        accented_tokens, accented = self.matcher.find_accented(text)
        return Analysis(normalized, tokens, matches, accented, accented_tokens)

    def features(self, named: Sequence[Analysis]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The product features and the offer features of posts that name a product."""
        products = hash_features([a.product_features() for a in named], self.product_features_log2)
        offers = self.offer_vectorizer.transform([a.offer_text for a in named])
        return products, offers

    @staticmethod
    def trade_input(products: sp.csr_matrix, offers: sp.csr_matrix) -> sp.csr_matrix:
        """The trade model reads both: how the post offers and what it says around the product."""
        return sp.hstack([offers, products], format="csr")

    def factors(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[Analysis]]:
        """P(product), P(offer) and P(trade) per text; all three 0 where no product is named."""
        analyses = [self.analyse(text) for text in texts]
        self._last_batch = dict(zip(texts, analyses, strict=True))
        product, offer, trade = np.zeros(len(texts)), np.zeros(len(texts)), np.zeros(len(texts))
        named = [i for i, a in enumerate(analyses) if a.names_product]
        if named:
            products, offers = self.features([analyses[i] for i in named])
            product[named] = self.product_model.proba(products)
            offer[named] = self.offer_model.proba(offers)
            trade[named] = self.trade_model.proba(self.trade_input(products, offers))
        return product, offer, trade, analyses

    def score_texts(self, texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
        """P(violating) per text, and the normalised texts (the intelligence list matches on them)."""
        product, offer, trade, analyses = self.factors(texts)
        return product * offer * trade, [a.normalized for a in analyses]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        scores, _ = self.score_texts(texts)
        return np.column_stack([1 - scores, scores])

    # -- explanations ----------------------------------------------------------------------------
    def explain(self, text: str, top_k: int = 3) -> dict[str, Any]:
        """The factors, the product terms found (with category and tier) and the strongest offer cues."""
        product, offer, trade, (analysis,) = self.factors([text])
        terms = self._terms(analysis)
        return {
            "product": float(product[0]),
            "offer": float(offer[0]),
            "trade": float(trade[0]),
            "terms": terms[:top_k],
            "offer_cues": self._offer_cues(analysis.offer_text, top_k) if terms else [],
        }

    @staticmethod
    def _terms(analysis: Analysis) -> list[tuple[str, str, str]]:
        """(the words as found, category, tier) of each product term in a post."""
        found = [
            (analysis.tokens.text[m.start : m.end].strip(), m.term.category, m.term.tier)
            for m in analysis.matches
            if m.is_product
        ]
        if analysis.accented_tokens is not None:
            written = analysis.accented_tokens.text
            found += [
                (written[m.start : m.end].strip(), m.term.category, m.term.tier)
                for m in analysis.accented
                if m.is_product
            ]
        return found

    def _offer_cues(self, view: str, top_k: int) -> list[str]:
        """The words of the offer view whose own weight in the offer model is highest."""
        log2 = self.offer_vectorizer.n_features_log2
        size = 1 << log2
        idf = self.offer_vectorizer.idf or []
        placeholder = PLACEHOLDER.strip()
        words = [w for w in set(self._words(view)) if w != placeholder and not w.isdigit()]
        if not words:
            return []
        buckets = word_buckets(words, log2)
        weights = self.offer_model.coef[size + buckets] * idf[1][buckets]
        ranked = sorted(
            ((w, float(x)) for w, x in zip(words, weights, strict=True) if x > 0),
            key=lambda item: (-item[1], item[0]),
        )
        return [word[:24] for word, _ in ranked[:top_k]]

    def evidence(self, text: str, top_k: int = 3) -> list[tuple[str, float]]:
        """The product terms, then the strongest offer cues (what a decision's reasons quote)."""
        analysis = self._last_batch.get(text) or self.analyse(text)
        # one entry per term, as written where the accent-sensitive pass found it ("ngà voi", not "nga voi")
        terms = list({folded(t[0]): t for t in self._terms(analysis)}.values())[:top_k]
        cues = self._offer_cues(analysis.offer_text, top_k) if terms else []
        return [(term, 1.0) for term, _, _ in terms] + [(cue, 0.5) for cue in cues]

    def reveal(self, text: str) -> list[tuple[str, str, str]]:
        """(tactic, original, normalised) for the evasions that normalisation undid, when one of them
        hid a product term: every term found stands as written (accents aside) means none did."""
        analysis = self._last_batch.get(text)
        if analysis is not None:
            written = folded(text)
            if all(folded(term) in written for term, _, _ in self._terms(analysis)):
                return []
        changes: list[tuple[str, str, str]] = self.normalizer.reveal_changes(text)
        return changes

    # -- storage ---------------------------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """Everything the model needs, as arrays and plain values (what `models/` stores)."""
        return {
            "format": FORMAT,
            "terms": [term.as_dict() for term in self.terms],
            "vocabulary": dict(self.normalizer.__getstate__()["vocabulary"]),
            "offer": {
                "n_features_log2": self.offer_vectorizer.n_features_log2,
                "idf": list(self.offer_vectorizer.idf or []),
                "coef": self.offer_model.coef,
                "intercept": self.offer_model.intercept,
            },
            "product": {
                "n_features_log2": self.product_features_log2,
                "coef": self.product_model.coef,
                "intercept": self.product_model.intercept,
            },
            "trade": {"coef": self.trade_model.coef, "intercept": self.trade_model.intercept},
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> ProductOfferClassifier:
        if state.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model state (format {state.get('format')!r})")
        offer, product, trade = state["offer"], state["product"], state["trade"]
        return cls(
            terms=[Term(**entry) for entry in state["terms"]],
            normalizer=Normalizer(vocabulary=state["vocabulary"]).warm(),
            offer_vectorizer=OfferVectorizer(offer["n_features_log2"], offer["idf"]),
            product_model=Linear(np.asarray(product["coef"], dtype=np.float32), float(product["intercept"])),
            offer_model=Linear(np.asarray(offer["coef"], dtype=np.float32), float(offer["intercept"])),
            trade_model=Linear(np.asarray(trade["coef"], dtype=np.float32), float(trade["intercept"])),
            product_features_log2=int(product["n_features_log2"]),
        )
