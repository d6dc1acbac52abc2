"""A batch of decisions with the tallies the metrics need: what every scoring path returns.

Kept apart from the Scorer so that the loop's process can handle decisions without importing the
model's libraries (the scoring worker holds those).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from service.contracts import Decision


@dataclass
class Tallies:
    """What the metrics count for a batch once it is committed."""

    actions: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    stale: int = 0
    intel_raised: int = 0
    failed: int = 0


@dataclass
class ScoredBatch(Tallies):
    """A batch's decisions and their tallies."""

    decisions: list[Decision] = field(default_factory=list)
