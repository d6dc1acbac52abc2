"""The safety valve: when the model removes far more than it should, removals become holds.

A bad model, a bad code word or a news event must never remove thousands of lawful posts before a
person notices. The valve watches the share of `remove` among the model's decisions over a sliding
window (`ZEROVIEW_SAFETY_VALVE_WINDOW_SECONDS`, at least `..._MIN_DECISIONS` decisions). Above the
ceiling (`..._CEILING`) it engages: every new removal is committed as a hold, with the reason, until
the share falls below half the ceiling again, or an operator releases it. It measures the model's
own verdicts (before the valve changed them), so holding does not by itself release the valve.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass

from service.contracts import Decision


@dataclass(frozen=True)
class ValveState:
    engaged: bool
    remove_share: float
    decisions: int
    ceiling: float
    operator: bool  # engaged by an operator's call (the rate does not release it)


class SafetyValve:
    def __init__(
        self,
        ceiling: float,
        window_seconds: float,
        min_decisions: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ceiling = ceiling
        self.window_seconds = window_seconds
        self.min_decisions = min_decisions
        self._clock = clock
        self._window: deque[tuple[float, int, int]] = deque()  # (when, removals, decisions)
        self._removals = self._decisions = 0
        self._engaged = self._operator = False
        self._lock = threading.Lock()

    def state(self) -> ValveState:
        with self._lock:
            return self._state()

    def _state(self) -> ValveState:
        share = self._removals / self._decisions if self._decisions else 0.0
        return ValveState(self._engaged, share, self._decisions, self.ceiling, self._operator)

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
            f"removals, ceiling {state.ceiling:.0%}): held for review instead of removed"
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
        if self._decisions < self.min_decisions or self._operator:
            return
        share = self._removals / self._decisions
        if not self._engaged and share > self.ceiling:
            self._engaged = True
        elif self._engaged and share < self.ceiling / 2:
            self._engaged = False
