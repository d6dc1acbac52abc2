"""The threshold rules: hold under the review budget, remove for precision at a realistic prevalence."""

import numpy as np
import pytest

from training.thresholds import (
    Calibration,
    ThresholdError,
    choose_thresholds,
    expected_rates,
    hold_threshold,
    precision_at_prevalence,
    remove_threshold,
)


def calibration(
    everyday: list[float],
    violating: list[float],
    listings: list[float] = (),  # type: ignore[assignment]
    protected: list[float] = (),  # type: ignore[assignment]
    langs: list[str] | None = None,
) -> Calibration:
    scores = [*everyday, *listings, *protected, *violating]
    n_e, n_l, n_p = len(everyday), len(listings), len(protected)
    kinds = ["e"] * n_e + ["l"] * n_l + ["p"] * n_p + ["v"] * len(violating)
    return Calibration.of(
        scores,
        [int(k == "v") for k in kinds],
        langs or ["en"] * len(scores),
        [k == "e" for k in kinds],
        [k == "l" for k in kinds],
        [k == "p" for k in kinds],
    )


def test_hold_flags_at_most_the_budgeted_share_of_everyday_posts() -> None:
    rng = np.random.default_rng(0)
    everyday = list(rng.random(2000) * 0.5)
    c = calibration(everyday, violating=[0.9] * 50)
    hold = hold_threshold(c)
    flagged = (np.asarray(everyday) >= hold).mean()
    assert flagged <= 0.005
    assert flagged >= 0.004  # and it is the lowest such threshold: no slack left
    assert hold > 0


def test_hold_respects_the_budget_in_every_language() -> None:
    # English everyday posts all score low; 3% of Thai ones score 0.4: the Thai budget sets hold
    en = [0.01] * 1000
    th = [0.01] * 970 + [0.4] * 30
    c = calibration(en + th, violating=[0.9] * 10, langs=["en"] * 1000 + ["th"] * 1000 + ["en"] * 10)
    assert hold_threshold(c) > 0.4


def test_hold_respects_the_listing_budget() -> None:
    c = calibration([0.0] * 1000, violating=[0.9] * 10, listings=[0.0] * 95 + [0.3] * 5)
    assert hold_threshold(c) > 0.3


def test_hold_respects_the_news_budget() -> None:
    c = calibration([0.0] * 1000, violating=[0.9] * 10, protected=[0.0] * 90 + [0.2] * 10)
    assert hold_threshold(c) > 0.2


def test_remove_is_where_precision_at_one_percent_prevalence_reaches_099() -> None:
    # 40,000 benign posts below 0.5 and ten at 0.8; violating posts spread over 0.5..1.0
    benign = [0.1] * 39990 + [0.8] * 10
    violating = list(np.linspace(0.5, 1.0, 1000))
    c = calibration(benign, violating)
    cut = remove_threshold(c, hold=0.2)
    assert cut > 0.8  # removing the ten benign posts at 0.8 would cost too much precision
    recall = (np.asarray(violating) >= cut).mean()
    assert precision_at_prevalence(recall, 1 / 40001) >= 0.99
    assert recall > 0.3


def test_remove_never_removes_a_calibration_museum_or_news_post() -> None:
    c = calibration([0.0] * 50000, list(np.linspace(0.5, 1.0, 500)), protected=[0.93])
    assert remove_threshold(c, hold=0.1) > 0.93


def test_remove_is_above_every_score_when_nothing_is_precise_enough() -> None:
    c = calibration([0.9] * 100, [0.8] * 100)
    assert remove_threshold(c, hold=0.1) > 1.0


def test_remove_keeps_within_the_hard_negative_budget() -> None:
    # 1% of the synthetic hard negatives score 0.95: the real benign posts alone would allow 0.6
    scores = [0.0] * 50000 + list(np.linspace(0.6, 1.0, 500)) + [0.1] * 990 + [0.95] * 10
    violating = [0] * 50000 + [1] * 500 + [0] * 1000
    real = [True] * 50500 + [False] * 1000
    c = Calibration.of(scores, violating, ["en"] * len(scores), [True] * 50000 + [False] * 1500,
                       [False] * len(scores), [False] * len(scores), real)  # fmt: skip
    assert remove_threshold(c, hold=0.1) > 0.95
    c = Calibration.of(scores[:50500], violating[:50500], ["en"] * 50500, [True] * 50000 + [False] * 500,
                       [False] * 50500, [False] * 50500, real[:50500])  # fmt: skip
    assert remove_threshold(c, hold=0.1) == pytest.approx(0.6)


def test_choose_thresholds_keeps_hold_at_or_below_remove() -> None:
    rng = np.random.default_rng(1)
    c = calibration(list(rng.random(30000) * 0.3), list(0.6 + rng.random(300) * 0.4))
    chosen = choose_thresholds(c)
    assert 0 < chosen.hold <= chosen.remove
    rates = expected_rates(c, chosen)["en"]
    assert rates["everyday_held"] <= 0.005 and rates["violating_flagged"] == 1.0


def test_a_calibration_split_without_everyday_posts_is_refused() -> None:
    with pytest.raises(ThresholdError, match="everyday"):
        hold_threshold(calibration([], [0.9]))
