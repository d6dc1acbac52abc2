"""What the offer model reads: the post with its product words masked, digits folded.

The offer model must learn how people sell, auction, seek and present items (prices, currencies,
contact apps, "estimate", "lot 3", "DM for price") from real lawful listings, so the products
themselves are hidden from it: "xproductx" stands where a protected product was named, and every
digit reads as 0 so prices and phone numbers share their shape, not their value.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from service.model.ngram_hashing import CharNgramHasher
from service.model.sparse_counts import unit_rows
from service.model.word_ngrams import WordNgramHasher

PLACEHOLDER = " xproductx "
_DIGIT = re.compile(r"\d")
CHAR_RANGE = (2, 5)
WORD_RANGE = (1, 2)
TOKEN_PATTERN = r"(?u)\b\w+\b|[$£€¥₫฿₱₹]"  # words, and currency signs on their own


def offer_view(masked_text: str) -> str:
    return _DIGIT.sub("0", masked_text)


class OfferVectorizer:
    """Char n-grams inside words and word uni/bigrams of the offer view, IDF-weighted, each block
    scaled to unit length (the IDF arrays are fitted on the training posts)."""

    def __init__(self, n_features_log2: int, idf: Sequence[np.ndarray] | None = None) -> None:
        self.n_features_log2 = n_features_log2
        self.chars = CharNgramHasher(CHAR_RANGE, n_features_log2)
        self.words = WordNgramHasher(TOKEN_PATTERN, WORD_RANGE, n_features_log2)
        self.idf = list(idf) if idf is not None else None

    def counts(self, views: Sequence[str]) -> list[sp.csr_matrix]:
        return [self.chars.transform(views), self.words.transform(views)]

    def fit_idf(self, blocks: Sequence[sp.csr_matrix]) -> None:
        n = blocks[0].shape[0]
        self.idf = []
        for block in blocks:
            df = np.bincount(block.indices, minlength=block.shape[1]).astype(np.float32)
            self.idf.append((np.log((1 + n) / (1 + df)) + 1).astype(np.float32))

    def weigh(self, blocks: Sequence[sp.csr_matrix]) -> sp.csr_matrix:
        if self.idf is None:
            raise RuntimeError("OfferVectorizer used before fit_idf")
        out = []
        for block, idf in zip(blocks, self.idf, strict=True):
            weighted = block.copy()
            weighted.data = (1 + np.log(weighted.data)) * idf[weighted.indices]  # sublinear tf
            out.append(unit_rows(weighted))
        return sp.hstack(out, format="csr")

    def transform(self, views: Sequence[str]) -> sp.csr_matrix:
        return self.weigh(self.counts(views))
