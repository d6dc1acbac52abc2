"""The word n-gram hasher and the product-feature hash compute what scikit-learn computed when the
shipped models were trained: the same buckets and counts, the same error on a lone surrogate."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.utils import murmurhash3_32

from service.model.offer_features import TOKEN_PATTERN, WORD_RANGE, OfferVectorizer
from service.model.product_features import hash_features
from service.model.word_ngrams import WordNgramHasher, word_bucket, word_buckets

TEXTS = [
    "Selling xproductx bangles, DM for price $000 or 000€",
    "  spaced   out\twords\nand lines ",
    "收购 xproductx 手镯 出售",
    "Bán ngà voi nguyên khúc 🐘 ₫000",
    "a",
    "",
    "UPPER lower MiXeD ÅÄÖ łódź",
]
# words, digits, punctuation, currency signs, accents, unspaced scripts, emoji
ALPHABET = "ab xyz0.,!?$€£₫฿éñøłÅ象牙手镯ช้างงา🐘\t\n-_'"


def sklearn_words(n_features_log2: int, ngram_range: tuple[int, int]) -> HashingVectorizer:
    """The vectoriser the shipped offer models were trained with."""
    return HashingVectorizer(
        analyzer="word",
        ngram_range=ngram_range,
        n_features=1 << n_features_log2,
        alternate_sign=False,
        norm=None,
        token_pattern=TOKEN_PATTERN,
        lowercase=False,
        dtype=np.float32,
    )


def assert_same(ours: object, theirs: object) -> None:
    import scipy.sparse as sp

    assert isinstance(ours, sp.csr_matrix) and isinstance(theirs, sp.csr_matrix)
    theirs.sort_indices()
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    assert np.array_equal(ours.indptr, theirs.indptr)
    assert np.array_equal(ours.indices, theirs.indices)
    assert np.array_equal(ours.data, theirs.data)


@pytest.mark.parametrize("ngram_range", [WORD_RANGE, (1, 1), (2, 3), (1, 3)])
@pytest.mark.parametrize("log2", [4, 20])
def test_counts_are_scikit_learns_hashing_vectorizer(ngram_range: tuple[int, int], log2: int) -> None:
    ours = WordNgramHasher(TOKEN_PATTERN, ngram_range, log2).transform(TEXTS)
    assert_same(ours, sklearn_words(log2, ngram_range).transform(TEXTS).tocsr())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, max_size=60), min_size=1, max_size=6))
def test_any_text_hashes_as_scikit_learn_hashed_it(texts: list[str]) -> None:
    ours = OfferVectorizer(18).words.transform(texts)
    assert_same(ours, sklearn_words(18, WORD_RANGE).transform(texts).tocsr())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=20))
def test_one_feature_and_a_product_feature_land_where_scikit_learn_put_them(feature: str) -> None:
    assert word_bucket(feature, 20) == abs(murmurhash3_32(feature, seed=0, positive=False)) % (1 << 20)
    row = hash_features([[feature]], 20)
    assert row.indices.tolist() == [murmurhash3_32(feature, seed=7, positive=True) % (1 << 20)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=20), max_size=8))
def test_buckets_of_many_words_are_each_words_bucket(words: list[str]) -> None:
    assert word_buckets(words, 18).tolist() == [word_bucket(word, 18) for word in words]


def test_a_lone_surrogate_raises_as_it_did_instead_of_reaching_the_c_hash() -> None:
    # mmh3 5.3 crashes the process on a str holding a lone surrogate; the contract's decoder refuses
    # such posts, and anything else that reaches the model gets the error scikit-learn raised
    with pytest.raises(UnicodeEncodeError):
        WordNgramHasher(TOKEN_PATTERN, WORD_RANGE, 10).transform(["ivory \ud800 bangle"])
    with pytest.raises(UnicodeEncodeError):
        hash_features([["w=\udfff"]], 10)
    with pytest.raises(UnicodeEncodeError):
        word_bucket("\ud800", 10)
    with pytest.raises(UnicodeEncodeError):
        word_buckets(["ivory", "\ud800"], 10)


def test_scoring_does_not_import_scikit_learn() -> None:
    probe = (
        "import sys\n"
        "from service.scoring.scorer import build_scorer\n"
        "from service.settings import Settings\n"
        "build_scorer(Settings()).model.pipeline.score_texts(['Selling ivory bangles, DM'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert run.stdout.strip() == "[]", run.stdout
