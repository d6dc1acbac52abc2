"""Choosing the two decision thresholds on the calibration split, under a review budget.

- `hold` is the lowest score at which the review queue stays affordable: real everyday posts
  (tweets, comments, reviews, sentences of the web) of the calibration split are flagged at most
  `EVERYDAY_BUDGET` overall and `EVERYDAY_LANGUAGE_BUDGET` in every language, and real lawful
  listings at most `LISTING_BUDGET`. The budgets are half the acceptance figures (1%, 2%, 2%):
  held-out posts, and real posts we do not have, are harder than the calibration split.
- `remove` is the lowest score at or above `hold` whose precision at a realistic prevalence
  (`PREVALENCE`: 1% of traffic violates, not the corpus's share) is at least `PRECISION_TARGET`,
  where recall is measured on the violating posts of the calibration split and the false-positive
  rate on its real benign posts (what traffic is made of) with one false positive added (a clean
  calibration split does not prove a zero rate); no real museum or news post of the calibration
  split is removed; and at most `HARD_NEGATIVE_BUDGET` of its hard negatives (synthetic and made
  lawful posts that name a protected product: news, warnings, look-alikes) are. Precision (without
  the added one) must hold at every higher threshold too, so a higher score is never less safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

EVERYDAY_BUDGET = 0.005
EVERYDAY_LANGUAGE_BUDGET = 0.01
LISTING_BUDGET = 0.01
NEWS_BUDGET = 0.025
PREVALENCE = 0.01
HARD_NEGATIVE_BUDGET = 0.005
PRECISION_TARGET = 0.99
RULES = {
    "hold": (
        "lowest score at which calibration real everyday posts are flagged <= "
        f"{EVERYDAY_BUDGET:.1%} overall and <= {EVERYDAY_LANGUAGE_BUDGET:.0%} in every language, "
        f"calibration real lawful listings <= {LISTING_BUDGET:.0%} and real news and museum text "
        f"<= {NEWS_BUDGET:.1%}"
    ),
    "remove": (
        f"lowest score >= hold with precision >= {PRECISION_TARGET} at {PREVALENCE:.0%} prevalence "
        "(recall on calibration violating posts, false-positive rate on calibration real benign posts with "
        "one false positive added) at it and every higher score; no calibration museum or news post removed; "
        f"calibration hard negatives (synthetic and made lawful posts) removed <= {HARD_NEGATIVE_BUDGET:.1%}"
    ),
}


class ThresholdError(ValueError):
    """The calibration data cannot support a threshold; the message says which rule failed."""


@dataclass(frozen=True)
class Thresholds:
    remove: float
    hold: float

    def as_dict(self) -> dict[str, float]:
        return {"remove": round(self.remove, 6), "hold": round(self.hold, 6)}


@dataclass(frozen=True)
class Calibration:
    """The calibration split as the rules read it: one entry per post."""

    scores: np.ndarray
    violating: np.ndarray  # 1, 0, or -1 (unknown: counted nowhere)
    languages: np.ndarray
    everyday: np.ndarray  # real everyday, social and review posts (the hold budget)
    listing: np.ndarray  # real lawful listings (the hold budget)
    protected: np.ndarray  # real museum and news posts (never removed)
    real: np.ndarray  # real posts (the false-positive rate); the others are synthetic or made

    @classmethod
    def of(
        cls,
        scores: ArrayLike,
        violating: Sequence[int | None],
        languages: Sequence[str],
        everyday: Sequence[bool],
        listing: Sequence[bool],
        protected: Sequence[bool],
        real: Sequence[bool] | None = None,
    ) -> Calibration:
        return cls(
            np.asarray(scores, dtype=float),
            np.asarray([-1 if v is None else int(v) for v in violating]),
            np.asarray(languages),
            np.asarray(everyday, dtype=bool),
            np.asarray(listing, dtype=bool),
            np.asarray(protected, dtype=bool),
            np.asarray(real if real is not None else [True] * len(languages), dtype=bool),
        )


def _flag_rate(scores: np.ndarray, threshold: float) -> float:
    return float((scores >= threshold).mean()) if scores.size else 0.0


def hold_threshold(calibration: Calibration) -> float:
    """Lowest score within every budget; candidates are the budgeted posts' own scores."""
    c = calibration
    if not c.everyday.any():
        raise ThresholdError("no real everyday posts in the calibration split to set the hold budget on")
    groups = [
        (c.scores[c.everyday], EVERYDAY_BUDGET),
        (c.scores[c.listing], LISTING_BUDGET),
        (c.scores[c.protected], NEWS_BUDGET),
    ]
    groups += [
        (c.scores[c.everyday & (c.languages == lang)], EVERYDAY_LANGUAGE_BUDGET)
        for lang in np.unique(c.languages[c.everyday])
    ]
    # The flag rate only falls as the threshold rises: the answer is the largest of each group's own
    # lowest admissible threshold (just above the score of its k-th highest post).
    threshold = 0.0
    for scores, budget in groups:
        if not scores.size:
            continue
        allowed = int(np.floor(budget * scores.size))  # posts that may be flagged
        ranked = np.sort(scores)[::-1]
        if allowed < ranked.size:
            threshold = max(threshold, float(np.nextafter(ranked[allowed], np.inf)))
    return max(threshold, 1e-6)  # a score of 0 (no product named) is never held


def precision_at_prevalence(
    recall: float, false_positive_rate: float, prevalence: float = PREVALENCE
) -> float:
    caught = prevalence * recall
    wrong = (1 - prevalence) * false_positive_rate
    return caught / (caught + wrong) if caught + wrong else 0.0


def remove_threshold(calibration: Calibration, hold: float) -> float:
    """Lowest admissible score >= hold (see the module docstring); 1.0+ if none qualifies."""
    c = calibration
    positives = np.sort(c.scores[c.violating == 1])
    negatives = np.sort(c.scores[(c.violating == 0) & c.real])
    hard = np.sort(c.scores[(c.violating == 0) & ~c.real])
    if not positives.size or not negatives.size:
        raise ThresholdError("the calibration split needs violating and real benign posts to set remove")
    protected_max = float(c.scores[c.protected].max()) if c.protected.any() else -np.inf

    def above(ranked: np.ndarray, t: float) -> int:
        return int(ranked.size - np.searchsorted(ranked, t, side="left"))

    best = float(np.nextafter(1.0, np.inf))
    for t in np.unique(positives[positives >= hold])[::-1]:  # from the top: every higher threshold holds
        if t <= protected_max or (hard.size and above(hard, t) > HARD_NEGATIVE_BUDGET * hard.size):
            break
        recall = above(positives, t) / positives.size
        false_positives = above(negatives, t)
        if precision_at_prevalence(recall, false_positives / negatives.size) < PRECISION_TARGET:
            break  # a pocket of benign posts above: nothing below it is safer
        if precision_at_prevalence(recall, (false_positives + 1) / (negatives.size + 1)) >= PRECISION_TARGET:
            best = float(t)
    return best


def choose_thresholds(calibration: Calibration) -> Thresholds:
    hold = hold_threshold(calibration)
    remove = remove_threshold(calibration, hold)
    return Thresholds(remove=remove, hold=min(hold, remove))


def expected_rates(calibration: Calibration, thresholds: Thresholds) -> dict[str, dict[str, float]]:
    """Per language: the share of calibration real everyday posts held and of violating posts removed."""
    c = calibration
    out: dict[str, dict[str, float]] = {}
    for lang in np.unique(c.languages):
        mine = c.languages == lang
        everyday = c.scores[mine & c.everyday]
        violating = c.scores[mine & (c.violating == 1)]
        out[str(lang)] = {
            "everyday_held": round(
                _flag_rate(everyday, thresholds.hold) - _flag_rate(everyday, thresholds.remove), 5
            ),
            "everyday_removed": round(_flag_rate(everyday, thresholds.remove), 5),
            "violating_removed": round(_flag_rate(violating, thresholds.remove), 4),
            "violating_flagged": round(_flag_rate(violating, thresholds.hold), 4),
        }
    return out
