"""The safety valve on its own: when it engages, what it turns, when it lets go, and the operator."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

import pytest

from service.contracts import Decision
from service.moderation.valve import SafetyValve

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def chunk(removes: int, allows: int) -> tuple[list[tuple[int, str, bytes]], Counter[str]]:
    actions = ["remove"] * removes + ["allow"] * allows
    decisions = [
        (i, f"p-{i}", Decision(post_id=f"p-{i}", action=a, score=0.9 if a == "remove" else 0.0, model_version="v",
                               thresholds={}, reasons=["model score"], event_created_at=NOW, decided_at=NOW,
                               decision_latency_seconds=0.0).to_json_bytes())
        for i, a in enumerate(actions)
    ]  # fmt: skip
    return decisions, Counter(actions)


def actions_of(decisions: list[tuple[int, str, bytes]]) -> Counter[str]:
    return Counter(json.loads(payload)["action"] for _, _, payload in decisions)


def test_below_its_minimum_of_decisions_the_valve_never_engages() -> None:
    valve = SafetyValve(ceiling=0.2, window_seconds=60, min_decisions=100)
    decisions, actions = chunk(removes=50, allows=0)
    assert valve.apply(decisions, actions) == 0 and not valve.state().engaged


def test_above_the_ceiling_removals_become_holds_with_the_reason_and_the_counts_follow() -> None:
    valve = SafetyValve(ceiling=0.2, window_seconds=60, min_decisions=100)
    decisions, actions = chunk(removes=30, allows=70)  # 30% removals
    assert valve.apply(decisions, actions) == 30
    assert valve.state().engaged and valve.state().remove_share == 0.3
    assert actions_of(decisions) == Counter({"allow": 70, "hold": 30}) == actions
    held = json.loads(decisions[0][2])
    assert held["reasons"][0] == "model score" and "safety valve engaged (30%" in held["reasons"][-1]


def test_it_lets_go_once_the_models_share_falls_below_half_the_ceiling() -> None:
    clock = Clock()
    valve = SafetyValve(ceiling=0.2, window_seconds=60, min_decisions=100, clock=clock)
    valve.apply(*chunk(removes=30, allows=70))
    clock.now = 30
    valve.apply(*chunk(removes=1, allows=199))  # 31 of 300: still above half the ceiling
    assert valve.state().engaged
    clock.now = 61  # the first chunk leaves the window: 1 + 1 of 400
    decisions, actions = chunk(removes=1, allows=199)
    assert valve.apply(decisions, actions) == 0 and not valve.state().engaged
    assert actions_of(decisions)["remove"] == 1


def test_an_operator_engages_it_until_released_and_a_release_judges_afresh() -> None:
    valve = SafetyValve(ceiling=0.2, window_seconds=60, min_decisions=10)
    valve.set_by_operator(True)
    decisions, actions = chunk(removes=1, allows=99)  # a low rate does not release it
    assert valve.apply(decisions, actions) == 1 and valve.state().engaged and valve.state().operator
    assert "engaged by an operator" in json.loads(decisions[0][2])["reasons"][-1]
    valve.apply(*chunk(removes=50, allows=50))
    state = valve.set_by_operator(False)
    assert not state.engaged and state.decisions == 0
    decisions, actions = chunk(removes=5, allows=95)
    assert valve.apply(decisions, actions) == 0, "5% is under the ceiling"


def steady(valve: SafetyValve, clock: Clock, minutes: int, removes: int, allows: int) -> None:
    """A chunk a minute for `minutes` minutes."""
    for _ in range(minutes):
        clock.now += 60
        valve.apply(*chunk(removes=removes, allows=allows))


def test_a_spike_far_above_its_trailing_baseline_engages_it_below_the_ceiling_and_it_lets_go() -> None:
    clock = Clock()
    valve = SafetyValve(ceiling=0.2, window_seconds=300, min_decisions=100, clock=clock, baseline_factor=5)
    steady(valve, clock, minutes=60, removes=1, allows=99)  # 1% removals for an hour
    assert valve.state().baseline_share == pytest.approx(0.01) and not valve.state().engaged
    assert valve.state().trigger_share == pytest.approx(0.05), "5 x 1%, under the 20% ceiling"
    steady(valve, clock, minutes=5, removes=8, allows=92)  # a code word that removes 8%
    decisions, actions = chunk(removes=8, allows=92)
    clock.now += 60
    assert valve.apply(decisions, actions) == 8 and valve.state().engaged
    assert "above 5%" in json.loads(decisions[0][2])["reasons"][-1]
    steady(valve, clock, minutes=10, removes=1, allows=99)  # the code word is fixed
    assert not valve.state().engaged
    baseline = valve.state().baseline_share
    # the spell's decisions stayed out (with them: ~1.6%); only the tail still in the window at release entered
    assert baseline is not None and baseline < 0.0125, baseline


def test_without_a_baseline_factor_or_enough_history_only_the_ceiling_counts() -> None:
    clock = Clock()
    off = SafetyValve(ceiling=0.2, window_seconds=300, min_decisions=100, clock=clock)
    steady(off, clock, minutes=60, removes=1, allows=99)
    steady(off, clock, minutes=5, removes=8, allows=92)
    assert not off.state().engaged and off.state().baseline_share is None
    young = SafetyValve(ceiling=0.2, window_seconds=300, min_decisions=100, clock=Clock(), baseline_factor=5)
    young.apply(*chunk(removes=8, allows=92))
    assert not young.state().engaged and young.state().trigger_share == 0.2
