"""The log-odds ratio with an informative Dirichlet prior, against the formula worked by hand."""

import math

import pytest

from service.review.logodds import log_odds_z


def test_a_term_matches_the_formula_worked_by_hand() -> None:
    # pooled prior: a_a = 10 + 2 = 12, a_b = 5 + 13 = 18, a_0 = 30; n_i = n_j = 15
    scores = log_odds_z({"a": 10, "b": 5}, {"a": 2, "b": 13})
    delta = math.log(22 / 23) - math.log(14 / 31)
    variance = 1 / 22 + 1 / 14
    assert scores["a"].delta == pytest.approx(delta)
    assert scores["a"].variance == pytest.approx(variance)
    assert scores["a"].z == pytest.approx(delta / math.sqrt(variance))
    assert scores["a"].z > 0 > scores["b"].z


def test_swapping_the_sides_negates_every_score() -> None:
    target, reference = {"a": 7, "b": 1, "c": 30}, {"a": 2, "b": 9, "d": 4}
    forward, backward = log_odds_z(target, reference), log_odds_z(reference, target)
    assert set(forward) == {"a", "b", "c", "d"}
    for term in forward:
        assert forward[term].z == pytest.approx(-backward[term].z)


def test_the_same_distribution_on_both_sides_scores_zero() -> None:
    scores = log_odds_z({"a": 3, "b": 6, "c": 9}, {"a": 30, "b": 60, "c": 90})
    assert all(score.z == pytest.approx(0.0, abs=1e-12) for score in scores.values())


def test_more_posts_with_the_same_contrast_mean_a_larger_z() -> None:
    # the same share (half the target's counts, none of the reference's): more evidence, more certain
    few = log_odds_z({"code": 5, "other": 5}, {"other": 50, "more": 50})["code"].z
    many = log_odds_z({"code": 50, "other": 50}, {"other": 50, "more": 50})["code"].z
    assert many > few > 0


def test_the_prior_shrinks_a_rare_term_below_a_frequent_one() -> None:
    # two posts of two against none, versus 200 of 400 against 10 of 1,000: the frequent one wins
    scores = log_odds_z(
        {"rare": 2, "frequent": 200, "filler": 200}, {"frequent": 10, "filler": 990, "rest": 0}
    )
    assert scores["frequent"].z > scores["rare"].z > 0


def test_an_explicit_background_and_its_scale_are_used() -> None:
    target, reference = {"a": 10, "b": 5}, {"a": 2, "b": 13}
    strong = log_odds_z(target, reference, prior={"a": 1000, "b": 1000})
    weak = log_odds_z(target, reference, prior={"a": 1000, "b": 1000}, prior_scale=0.001)
    assert abs(strong["a"].delta) < abs(weak["a"].delta)


def test_fewer_than_two_terms_have_nothing_to_compare() -> None:
    assert log_odds_z({"a": 3}, {"a": 1}) == {}
    assert log_odds_z({}, {}) == {}
