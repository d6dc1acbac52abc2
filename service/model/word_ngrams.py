"""Word n-grams hashed into a fixed number of buckets, without scikit-learn at run time.

The same features as scikit-learn's `HashingVectorizer(analyzer="word", lowercase=False,
alternate_sign=False, norm=None)` that trained the shipped models: the tokens the pattern finds,
then each run of 2..n of them joined by one space, each hashed with signed 32-bit MurmurHash3
(seed 0) of its UTF-8 bytes into bucket |h| mod size, counted per text. `mmh3` computes the same
hash as scikit-learn's `murmurhash3_32`, so the stored weights keep their meaning; the service no
longer imports scikit-learn (0.6 s of CPU and ~65 MB less per scoring process). Tested equal to the
scikit-learn vectoriser in tests/service/model/test_word_ngrams.py.

mmh3 5.3 crashes the interpreter on a str holding a lone surrogate, so text reaches it only after
its UTF-8 encoding succeeded: such a text raises UnicodeEncodeError, as scikit-learn's hash did.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import mmh3
import numpy as np
import scipy.sparse as sp

from service.model.sparse_counts import pair_counts


def murmur3(feature: str, seed: int, signed: bool) -> int:
    """MurmurHash3_x86_32 of the feature's UTF-8 bytes (scikit-learn's `murmurhash3_32`)."""
    return mmh3.hash(feature.encode("utf-8"), seed, signed=signed)


def word_bucket(feature: str, n_features_log2: int) -> int:
    """The bucket of one feature string, as `WordNgramHasher.transform` computes it."""
    return abs(murmur3(feature, 0, signed=True)) % (1 << n_features_log2)


def word_buckets(features: Sequence[str], n_features_log2: int) -> np.ndarray:
    """`word_bucket` of each feature, as one array (a flagged post's words, for its offer cues)."""
    "".join(features).encode("utf-8")  # a lone surrogate raises here, not in mmh3 (see above)
    hashes = np.fromiter(map(mmh3.hash, features), np.int64, len(features))  # seed 0, signed
    buckets: np.ndarray = np.abs(hashes) % (1 << n_features_log2)
    return buckets


class WordNgramHasher:
    """`transform(texts)` -> CSR float32 counts of word n-grams of lengths `ngram_range`."""

    def __init__(self, token_pattern: str, ngram_range: tuple[int, int], n_features_log2: int) -> None:
        self.token_pattern = token_pattern
        self.ngram_range = ngram_range
        self.n_features_log2 = n_features_log2
        self._tokens = re.compile(token_pattern).findall

    def grams(self, text: str) -> list[str]:
        """The features of one text: tokens of the shortest length first, then longer runs."""
        tokens: list[str] = self._tokens(text)
        low, high = self.ngram_range
        grams = list(tokens) if low == 1 else []
        for n in range(max(low, 2), min(high, len(tokens)) + 1):
            # each run of n tokens: the shorter slices end the zip
            grams += map(" ".join, zip(*(tokens[k:] for k in range(n)), strict=False))
        return grams

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        size = 1 << self.n_features_log2
        indptr = [0]
        hashes: list[int] = []
        for text in texts:
            # encoded once per text, not per n-gram (every n-gram is a piece of it); then mmh3
            # hashes the strings themselves, the same bytes as `murmur3`
            text.encode("utf-8")
            hashes += map(mmh3.hash, self.grams(text))  # seed 0, signed: the defaults
            indptr.append(len(hashes))
        indices = np.abs(np.asarray(hashes, dtype=np.int64)) % size
        rows = np.repeat(np.arange(len(texts)), np.diff(indptr))
        return pair_counts(rows, indices, len(texts), self.n_features_log2)
