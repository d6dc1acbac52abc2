"""The n-gram hasher counts exactly the n-grams of scikit-learn's `char_wb` analyzer it claims to match."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from service.model.ngram_hashing import CharNgramHasher

TEXTS = [
    "Selling ivory bangles, DM for price",
    "  spaced   out\twords\nand lines ",
    "象牙 手镯 出售",
    "Bán ngà voi nguyên khúc 🐘",
    "a",
    "",
    "UPPER lower MiXeD",
]


@pytest.mark.parametrize("ngram_range", [(2, 5), (1, 3), (3, 3)])
@pytest.mark.parametrize("lowercase", [False, True])
def test_counts_are_scikit_learns_char_wb_ngrams_hashed(
    ngram_range: tuple[int, int], lowercase: bool
) -> None:
    hasher = CharNgramHasher(ngram_range, n_features_log2=20, lowercase=lowercase)
    analyzer = CountVectorizer(
        analyzer="char_wb", ngram_range=ngram_range, lowercase=lowercase
    ).build_analyzer()
    matrix = hasher.transform(TEXTS).toarray()
    for row, text in zip(matrix, TEXTS, strict=True):
        expected = Counter(hasher.index(ngram) for ngram in analyzer(text))
        found = {int(i): int(row[i]) for i in np.flatnonzero(row)}
        assert found == dict(expected), text


def test_word_weights_sum_each_words_own_ngrams() -> None:
    hasher = CharNgramHasher((2, 3), n_features_log2=16)
    weights = np.zeros(hasher.n_features)
    weights[hasher.index("iv")] = 1.0
    weights[hasher.index(" iv")] = 0.5
    assert hasher.word_weights("ivory bike ivory", weights) == [("ivory", 1.5), ("bike", 0.0), ("ivory", 1.5)]
