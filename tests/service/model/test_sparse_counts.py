"""`pair_counts` builds the matrix scipy builds from the same pairs, in canonical form."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from service.model.sparse_counts import pair_counts


def scipy_counts(rows: np.ndarray, cols: np.ndarray, n_rows: int, log2: int) -> sp.csr_matrix:
    counts = sp.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n_rows, 1 << log2))
    counts.sum_duplicates()
    return counts


@st.composite
def pairs(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, int, int]:
    log2 = draw(st.integers(1, 24))
    n_rows = draw(st.integers(0, 12))
    if n_rows == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), 0, log2
    # few distinct columns: repeated pairs, the case being counted
    columns = st.sampled_from(draw(st.lists(st.integers(0, (1 << log2) - 1), min_size=1, max_size=6)))
    drawn = draw(st.lists(st.tuples(st.integers(0, n_rows - 1), columns), max_size=80))
    rows = np.array([r for r, _ in drawn], dtype=np.int64)
    cols = np.array([c for _, c in drawn], dtype=np.int64)
    return rows, cols, n_rows, log2


@settings(max_examples=300, deadline=None)
@given(pairs())
def test_counts_equal_scipys_in_canonical_form(case: tuple[np.ndarray, np.ndarray, int, int]) -> None:
    rows, cols, n_rows, log2 = case
    ours, theirs = pair_counts(rows, cols, n_rows, log2), scipy_counts(rows, cols, n_rows, log2)
    assert ours.shape == theirs.shape
    assert ours.dtype == np.float32
    assert ours.indptr.tolist() == theirs.indptr.tolist()
    assert ours.indices.tolist() == theirs.indices.tolist()
    assert ours.data.tolist() == theirs.data.tolist()
    assert ours.has_canonical_format


def test_rows_in_any_order_and_empty_rows() -> None:
    counts = pair_counts(np.array([3, 0, 3, 3]), np.array([5, 7, 5, 1]), 5, 4)
    assert counts.toarray().tolist() == [
        [0] * 7 + [1] + [0] * 8,
        [0] * 16,
        [0] * 16,
        [0, 1, 0, 0, 0, 2] + [0] * 10,
        [0] * 16,
    ]
