import numpy as np
import pytest

from training.thresholds import choose_thresholds, hold_threshold, remove_threshold


def test_remove_threshold_keeps_precision_at_every_higher_cut() -> None:
    # 100 positives scored 0.5..0.99, one negative at 0.95 and many negatives below 0.5
    scores = np.r_[np.linspace(0.5, 0.99, 100), [0.95], np.linspace(0.0, 0.49, 200)]
    labels = np.r_[np.ones(100), [0], np.zeros(200)]
    cut = remove_threshold(scores, labels, precision_target=0.99, min_removals=5)
    taken = scores >= cut
    assert labels[taken].mean() >= 0.99
    # any higher cut must also be at least as precise: the negative at 0.95 sits above many positives
    for higher in np.unique(scores[scores > cut]):
        assert labels[scores >= higher].mean() >= 0.99


def test_remove_threshold_is_above_every_score_when_nothing_is_precise_enough() -> None:
    scores, labels = np.array([0.9, 0.8, 0.7]), np.array([0, 1, 0])
    assert remove_threshold(scores, labels, min_removals=1) > 0.9


def test_hold_threshold_reaches_the_recall_target() -> None:
    rng = np.random.default_rng(0)
    scores, labels = rng.random(1000), rng.integers(0, 2, 1000)
    cut = hold_threshold(scores, labels, recall_target=0.95)
    assert (scores[labels == 1] >= cut).mean() >= 0.95
    assert (scores[labels == 1] > cut).mean() < 0.95  # and it is the highest such cut


def test_hold_never_exceeds_remove() -> None:
    scores = np.r_[np.full(50, 0.99), np.full(50, 0.98)]
    labels = np.r_[np.ones(50), np.ones(50)]
    chosen = choose_thresholds(scores, labels)
    assert chosen.hold <= chosen.remove


def test_hold_threshold_needs_violating_examples() -> None:
    with pytest.raises(ValueError, match="no violating"):
        hold_threshold([0.1, 0.2], [0, 0])


def test_hold_reaches_the_recall_target_in_every_language() -> None:
    rng = np.random.default_rng(1)
    easy, hard = rng.uniform(0.6, 1.0, 500), rng.uniform(0.05, 1.0, 100)  # one language scores lower
    scores = np.r_[easy, hard, rng.uniform(0.0, 0.5, 600)]
    labels = np.r_[np.ones(600), np.zeros(600)]
    langs = ["en"] * 500 + ["vi"] * 100 + ["en"] * 600
    overall = choose_thresholds(scores, labels)
    per_language = choose_thresholds(scores, labels, langs, language_recall_target=0.95)
    assert (hard >= per_language.hold).mean() >= 0.95
    assert per_language.hold < overall.hold
