"""The safety valve: when the model removes far more than it should, removals become holds.

A bad model, a bad code word or a news event must never remove thousands of lawful posts before a
person notices. The valve watches the share of `remove` among the model's decisions over a sliding
window (`ZEROVIEW_SAFETY_VALVE_WINDOW_SECONDS`, at least `..._MIN_DECISIONS` decisions). Above the
ceiling (`..._CEILING`) it engages: every new removal is committed as a hold, with the reason, until
the share falls below half the ceiling again, or an operator releases it. It measures the model's
own verdicts (before the valve changed them), so holding does not by itself release the valve.

It also engages when the share rises to `..._BASELINE_FACTOR` times its trailing baseline (and at
least `BASELINE_FLOOR_SHARE`), whatever the ceiling: at a usual 1% of removals, a code word that
starts removing 6% of posts is a spike long before it reaches a 20% ceiling. The baseline is the
share among the decisions that left the window, their weight decaying over `..._BASELINE_SECONDS`;
decisions of an engaged spell never enter it, so a long incident does not become the new normal.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass

from service.contracts import Decision

# The baseline trigger never fires below this share of removals (a quiet baseline of 0.1% would
# otherwise engage at 0.5%), nor before the baseline has seen this many windows' minimum of decisions.
BASELINE_FLOOR_SHARE = 0.02
BASELINE_MIN_WINDOWS = 10


@dataclass(frozen=True)
class ValveState:
    engaged: bool
    remove_share: float
    decisions: int
    ceiling: float
    operator: bool  # engaged by an operator's call (the rate does not release it)
    baseline_share: float | None = None  # None until the baseline has seen enough decisions
    trigger_share: float = 0.0  # the share that engages it now: the ceiling, or factor x baseline


class SafetyValve:
    def __init__(
        self,
        ceiling: float,
        window_seconds: float,
        min_decisions: int,
        clock: Callable[[], float] = time.monotonic,
        baseline_factor: float = 0.0,
        baseline_seconds: float = 86_400.0,
    ) -> None:
        self.ceiling = ceiling
        self.window_seconds = window_seconds
        self.min_decisions = min_decisions
        self.baseline_factor = baseline_factor  # 0: only the ceiling
        self.baseline_seconds = baseline_seconds
        self._clock = clock
        self._baseline = [0.0, 0.0]  # decayed (removals, decisions) of the decisions past the window
        self._baseline_at = clock()
        self._window: deque[tuple[float, int, int]] = deque()  # (when, removals, decisions)
        self._removals = self._decisions = 0
        self._engaged = self._operator = False
        self._lock = threading.Lock()

    def state(self) -> ValveState:
        with self._lock:
            return self._state()

    def _state(self) -> ValveState:
        share = self._removals / self._decisions if self._decisions else 0.0
        baseline = self._baseline_share()
        return ValveState(
            self._engaged,
            share,
            self._decisions,
            self.ceiling,
            self._operator,
            baseline,
            self._trigger(baseline),
        )

    def _baseline_share(self) -> float | None:
        removals, decisions = self._baseline
        if not self.baseline_factor or decisions < BASELINE_MIN_WINDOWS * self.min_decisions:
            return None
        return removals / decisions

    def _trigger(self, baseline: float | None) -> float:
        if baseline is None:
            return self.ceiling
        return min(self.ceiling, max(BASELINE_FLOOR_SHARE, self.baseline_factor * baseline))

    def _fold_into_baseline(self, now: float, removals: int, decisions: int) -> None:
        decay = math.exp(-max(0.0, now - self._baseline_at) / self.baseline_seconds)
        self._baseline_at = now
        self._baseline = [self._baseline[0] * decay + removals, self._baseline[1] * decay + decisions]

    def set_by_operator(self, engaged: bool) -> ValveState:
        """Engage now (it stays engaged until an operator releases it), or release now: the window
        is forgotten and the rate judged afresh from the next decisions."""
        with self._lock:
            self._engaged = self._operator = engaged
            if not engaged:
                self._window.clear()
                self._removals = self._decisions = 0
            return self._state()

    def apply(self, decisions: list[tuple[int, str, bytes]], actions: Counter[str]) -> int:
        """Count the model's verdicts of one chunk, then, while engaged, turn its removals into
        holds (rewriting `decisions` and `actions` in place); returns how many it turned."""
        with self._lock:
            self._observe(actions.get("remove", 0), sum(actions.values()))
            if not self._engaged or not actions.get("remove"):
                return 0
            state = self._state()
        why = (
            f"safety valve engaged ({state.remove_share:.0%} of the last {state.decisions} decisions were "
            f"removals, above {state.trigger_share:.0%}): held for review instead of removed"
            if not state.operator
            else "safety valve engaged by an operator: held for review instead of removed"
        )
        turned = 0
        for position, (index, post_id, payload) in enumerate(decisions):
            if b'"action":"remove"' not in payload:  # the encoder writes no spaces: skip parsing the rest
                continue
            decision = Decision.model_validate_json(payload)
            if decision.action == "remove":
                held = decision.model_copy(update={"action": "hold", "reasons": [*decision.reasons, why]})
                decisions[position] = (index, post_id, held.to_json_bytes())
                turned += 1
        actions["remove"] -= turned
        actions["hold"] += turned
        return turned

    def _observe(self, removals: int, decisions: int) -> None:
        now = self._clock()
        self._window.append((now, removals, decisions))
        self._removals += removals
        self._decisions += decisions
        while self._window and self._window[0][0] < now - self.window_seconds:
            _, old_removals, old_decisions = self._window.popleft()
            self._removals -= old_removals
            self._decisions -= old_decisions
            if not self._engaged:
                self._fold_into_baseline(now, old_removals, old_decisions)
        if self._decisions < self.min_decisions or self._operator:
            return
        share = self._removals / self._decisions
        trigger = self._trigger(self._baseline_share())
        if not self._engaged and share > trigger:
            self._engaged = True
        elif self._engaged and share < trigger / 2:
            self._engaged = False
