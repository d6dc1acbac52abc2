"""The safety valve on its own: when it engages, what it turns, when it lets go, and the operator."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime

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
