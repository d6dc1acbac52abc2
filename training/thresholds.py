"""Choosing the two decision thresholds on validation data.

`remove` is the lowest score at which precision stays at or above its target for every higher
threshold too (so a slightly higher score is never less safe); `hold` is the highest score that
still catches the target share of violating posts (remove or hold). The targets carry a margin
over the acceptance figures (0.99 / 0.95) because real posts are harder than validation posts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

REMOVE_PRECISION_TARGET = 0.995
HOLD_RECALL_TARGET = 0.975
LANGUAGE_RECALL_TARGET = 0.95  # in every language, not only overall (acceptance: >= 0.90 each)
MIN_REMOVALS = 20


@dataclass(frozen=True)
class Thresholds:
    remove: float
    hold: float

    def as_dict(self) -> dict[str, float]:
        return {"remove": round(self.remove, 6), "hold": round(self.hold, 6)}


def remove_threshold(
    scores: ArrayLike,
    labels: ArrayLike,
    precision_target: float = REMOVE_PRECISION_TARGET,
    min_removals: int = MIN_REMOVALS,
) -> float:
    """Lowest threshold whose precision, and that of every higher threshold, meets the target."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=int)
    order = np.argsort(-s, kind="stable")
    s_sorted, y_sorted = s[order], y[order]
    true_pos = np.cumsum(y_sorted)
    taken = np.arange(1, len(s_sorted) + 1)
    precision = true_pos / taken
    # Only cut between distinct scores: ties are decided together.
    last_of_tie = np.r_[s_sorted[1:] != s_sorted[:-1], True]
    best: float = 1.0 + 1e-9  # nothing removed if no cut qualifies
    for index in np.flatnonzero(last_of_tie):
        if precision[index] < precision_target:
            break
        if taken[index] >= min_removals:
            best = float(s_sorted[index])
    return best


def hold_threshold(scores: ArrayLike, labels: ArrayLike, recall_target: float = HOLD_RECALL_TARGET) -> float:
    """Highest threshold t such that at least `recall_target` of violating posts score >= t."""
    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=int)
    positives = np.sort(s[y == 1])[::-1]
    if positives.size == 0:
        raise ValueError("no violating examples to choose a hold threshold on")
    needed = int(np.ceil(recall_target * positives.size))
    return float(positives[needed - 1])


def choose_thresholds(
    scores: ArrayLike,
    labels: ArrayLike,
    languages: Sequence[str] | None = None,
    precision_target: float = REMOVE_PRECISION_TARGET,
    recall_target: float = HOLD_RECALL_TARGET,
    language_recall_target: float = LANGUAGE_RECALL_TARGET,
) -> Thresholds:
    """`remove` for precision; `hold` for recall overall and, given `languages`, in each language."""
    remove = remove_threshold(scores, labels, precision_target)
    hold = hold_threshold(scores, labels, recall_target)
    if languages is not None:
        s, y, langs = np.asarray(scores, dtype=float), np.asarray(labels, dtype=int), np.asarray(languages)
        for lang in np.unique(langs):
            mine = langs == lang
            if y[mine].sum():
                hold = min(hold, hold_threshold(s[mine], y[mine], language_recall_target))
    return Thresholds(remove=remove, hold=min(hold, remove))
