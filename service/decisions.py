"""A batch of decisions with the tallies the metrics need: what every scoring path returns.

Kept apart from the Scorer so that the loop's process can handle decisions without importing the
model's libraries (the scoring worker holds those).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from service.contracts import Decision


@dataclass
class ScoredBatch:
    """A batch's decisions and the tallies the metrics need once the batch is committed."""

    decisions: list[Decision] = field(default_factory=list)
    actions: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    stale: int = 0
    intel_raised: int = 0
    failed: int = 0
