"""The wildlife-trade classifier: two views of each post, hashed n-grams, a calibrated linear model.

Views: the normalised text (evasions undone; char and word n-grams) and the original text,
lowercased only (char n-grams: the evasion itself is evidence too). Hashing keeps the artifact
small and needs no vocabulary; explanations re-hash a post's own n-grams to find their weights.
This class is what `models/` pickles, so the service imports it to load a model.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.utils import murmurhash3_32

from service.ngram_hashing import CharNgramHasher
from service.normalize import Normalizer, learn_vocabulary

# (view, analyzer, ngram range): the normalised view carries most evidence, the original view
# keeps what normalisation folded away (homoglyphs, leet characters, diacritics).
# Chosen on the validation split (unseen template families): see the commit that set them.
DEFAULT_VIEWS: tuple[tuple[str, str, tuple[int, int]], ...] = (
    ("normalized", "char_wb", (3, 6)),
    ("normalized", "word", (1, 2)),
    ("original", "char_wb", (2, 4)),
)
# Scaling a view's features by w regularises it 1/w^2 more: the original view supports the decision
# (scripts, casing) without making spelling games a second opinion. 0.25 kept validation AP (0.855 vs
# 0.849 at 1.0) and brought dotted, homoglyph, zero-width and diacritics evasions within 0.05.
DEFAULT_VIEW_WEIGHTS: tuple[float, ...] = (1.0, 1.0, 0.25)
_LONG_TOKEN = 12


def _char_ngrams(word: str, ngram_range: tuple[int, int]) -> set[str]:
    padded = f" {word} "
    return {
        padded[i : i + n]
        for n in range(ngram_range[0], ngram_range[1] + 1)
        for i in range(len(padded) - n + 1)
    }


# unspaced scripts (Chinese, Thai): explain with the best n-gram inside the run
_UNSPACED = re.compile("[\u0e00-\u0e7f\u2e80-\u9fff\u3040-\u30ff\uac00-\ud7af]")
_EDGE_PUNCTUATION = string.punctuation.replace("#", "") + "…“”‘’«»¿¡"


class WildlifeTradeClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """predict_proba(texts) -> P(violating); explain(text) -> the strongest evidence."""

    def __init__(
        self,
        n_features_log2: int = 19,
        C: float = 8.0,
        calibration: str = "sigmoid",
        cv: int = 5,
        views: Sequence[tuple[str, str, tuple[int, int]]] = DEFAULT_VIEWS,
        class_weight: str | None = "balanced",
        max_iter: int = 2000,
        extra_terms: tuple[str, ...] | None = None,
        view_weights: tuple[float, ...] | None = DEFAULT_VIEW_WEIGHTS,
    ) -> None:
        self.n_features_log2 = n_features_log2
        self.C = C
        self.calibration = calibration
        self.cv = cv
        self.views = views
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.extra_terms = extra_terms
        self.view_weights = view_weights

    # -- features -----------------------------------------------------------------------------
    def _build(self, vocabulary: dict[str, int]) -> None:
        self.vocabulary_ = vocabulary
        self.normalizer_ = Normalizer(vocabulary=vocabulary).warm()
        self.vectorizers_ = [
            self._vectorizer(view, analyzer, ngram_range) for view, analyzer, ngram_range in self.views
        ]

    def _vectorizer(self, view: str, analyzer: str, ngram_range: tuple[int, int]) -> Any:
        if analyzer == "char_wb":
            return CharNgramHasher(ngram_range, self.n_features_log2, lowercase=(view == "original"))
        return HashingVectorizer(
            analyzer=analyzer,
            ngram_range=ngram_range,
            n_features=2**self.n_features_log2,
            alternate_sign=False,
            norm=None,  # counts: the view's IDF weights and l2-normalises them
            token_pattern=r"(?u)\b\w+\b",
            dtype=np.float32,
        )

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        if hasattr(self, "normalizer_"):
            self.normalizer_.warm()  # its repair indexes, so the first disguised post pays nothing extra

    def features(self, texts: Iterable[str]) -> sp.csr_matrix:
        originals = list(texts)
        return self._features(originals, [self.normalizer_.normalize(text) for text in originals])

    def _counts(self, originals: list[str], normalized: list[str]) -> list[sp.csr_matrix]:
        return [
            vectorizer.transform(normalized if view == "normalized" else originals)
            for vectorizer, (view, _, _) in zip(self.vectorizers_, self.views, strict=True)
        ]

    def _features(self, originals: list[str], normalized: list[str]) -> sp.csr_matrix:
        weights = self.view_weights or (1.0,) * len(self.views)
        blocks = [
            idf.transform(counts) * weight
            for idf, counts, weight in zip(
                self.idf_, self._counts(originals, normalized), weights, strict=True
            )
        ]
        return sp.hstack(blocks, format="csr")

    # -- fitting and scoring --------------------------------------------------------------------
    def fit(
        self, texts: Sequence[str], y: Sequence[int], groups: Sequence[str] | None = None
    ) -> WildlifeTradeClassifier:
        """Fit; with `groups` (template families) calibration folds never share a group, so the
        probabilities are those of phrasings the model has not seen."""
        # the normaliser repairs masked, leet and spaced words against the words of the training posts
        vocabulary = learn_vocabulary(texts)
        for term in self.extra_terms or ():
            vocabulary.setdefault(term, 1)
        self._build(vocabulary)
        labels = np.asarray(y, dtype=np.int8)
        originals = list(texts)
        counts = self._counts(originals, [self.normalizer_.normalize(text) for text in originals])
        # IDF per view: n-grams in every post ("for sale", "price") weigh less than telling ones ("tusks");
        # on the validation split AP rose from 0.858 to 0.878
        self.idf_ = [TfidfTransformer(sublinear_tf=True).fit(block) for block in counts]
        weights = self.view_weights or (1.0,) * len(self.views)
        features = sp.hstack(
            [idf.transform(block) * w for idf, block, w in zip(self.idf_, counts, weights, strict=True)],
            format="csr",
        )
        base = LogisticRegression(
            C=self.C,
            class_weight=self.class_weight,
            max_iter=self.max_iter,
            solver="liblinear",
            random_state=0,
        )
        folds: Any = self.cv
        if groups is not None:
            folds = list(GroupKFold(n_splits=self.cv).split(features, labels, groups))
        self.calibrated_ = CalibratedClassifierCV(base, method=self.calibration, cv=folds, ensemble=False)
        self.calibrated_.fit(features, labels)
        self.classes_ = self.calibrated_.classes_
        linear = self.calibrated_.calibrated_classifiers_[0].estimator
        self.coef_ = linear.coef_.ravel().astype(np.float32)
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        proba: np.ndarray = self.calibrated_.predict_proba(self.features(texts))
        return proba

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        labels: np.ndarray = (self.predict_proba(texts)[:, 1] >= 0.5).astype(np.int8)
        return labels

    def score_texts(self, texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
        """P(violating) per text, and the normalised texts (the intelligence list matches on them)."""
        originals = list(texts)
        normalized = [self.normalizer_.normalize(text) for text in originals]
        proba: np.ndarray = self.calibrated_.predict_proba(self._features(originals, normalized))
        return proba[:, 1], normalized

    # -- explanations ---------------------------------------------------------------------------
    def _block_weights(self, block: int) -> np.ndarray:
        """What one occurrence of each bucket's n-gram adds to the decision (before normalisation)."""
        cache: dict[int, np.ndarray] = self.__dict__.setdefault("_explain_weights", {})
        if block not in cache:
            size = 2**self.n_features_log2
            cache[block] = self.coef_[block * size : (block + 1) * size] * self.idf_[block].idf_.astype(
                np.float32
            )
        return cache[block]

    def _weight(self, block: int, ngram: str) -> float:
        vectorizer = self.vectorizers_[block]
        if isinstance(vectorizer, CharNgramHasher):
            index = vectorizer.index(ngram)
        else:
            index = abs(murmurhash3_32(ngram, seed=0)) % 2**self.n_features_log2
        return float(self._block_weights(block)[index])

    def evidence(self, text: str, top_k: int = 3) -> list[tuple[str, float]]:
        """The words (or, in unspaced scripts, n-grams) whose features pushed hardest toward violating."""
        normalized = self.normalizer_.normalize(text)
        scores: dict[str, float] = {}
        for block, (vectorizer, (view, _, _)) in enumerate(zip(self.vectorizers_, self.views, strict=True)):
            if view != "normalized":
                continue
            if not isinstance(vectorizer, CharNgramHasher):
                for gram in set(vectorizer.build_analyzer()(normalized)):
                    scores[gram] = scores.get(gram, 0.0) + self._weight(block, gram)
                continue
            for word, word_weight in vectorizer.word_weights(normalized, self._block_weights(block)):
                label, weight = word.strip(_EDGE_PUNCTUATION), word_weight
                if _UNSPACED.search(word) and len(word) > _LONG_TOKEN:
                    # a whole Thai or Chinese run can be a sentence: name its strongest n-gram instead
                    grams = _char_ngrams(word, vectorizer.ngram_range)
                    best = max(grams, key=lambda gram: self._weight(block, gram))
                    label, weight = best.strip(), self._weight(block, best)
                scores[label] = scores.get(label, 0.0) + weight
        ranked = sorted(
            ((gram, weight) for gram, weight in scores.items() if weight > 0 and gram),
            key=lambda item: -item[1],
        )
        chosen: list[tuple[str, float]] = []
        for gram, weight in ranked:
            if any(gram in kept or kept in gram for kept, _ in chosen):
                continue
            chosen.append((gram, weight))
            if len(chosen) == top_k:
                break
        return chosen

    def reveal(self, text: str) -> list[tuple[str, str, str]]:
        """(tactic, original, normalised) for the evasions that normalisation undid."""
        changes: list[tuple[str, str, str]] = self.normalizer_.reveal_changes(text)
        return changes

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags
