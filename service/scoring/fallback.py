"""Deciding without the model: the failure policy, and the transport benchmark's stand-in."""

from __future__ import annotations

from collections.abc import Sequence

from service.contracts import Action, Post, utc_now
from service.moderation.tallies import ScoredBatch


class UniformDecider:
    """One action for every post, no model, with the reason."""

    def __init__(self, action: Action, model_version: str, reason: str, *, failed: bool) -> None:
        self.action: Action = action
        self.model_version = model_version
        self.reason = reason
        self.failed = failed  # counted as scoring failures

    def decide(self, posts: Sequence[Post]) -> ScoredBatch:
        batch = ScoredBatch()
        now = utc_now()
        for post in posts:
            batch.add(post, self.action, 0.0, self.model_version, {}, [self.reason], now)
        batch.failed = len(posts) if self.failed else 0
        return batch


def constant_decider() -> UniformDecider:
    """`allow` for every post: the transport benchmark's stand-in for the Scorer."""
    return UniformDecider("allow", "constant", "constant decision (transport benchmark)", failed=False)


def failure_decider(fail_mode: Action, why: str) -> UniformDecider:
    """The failure policy: used when the scorer keeps failing on a batch, so that batch is decided
    instead of blocking the stream."""
    return UniformDecider(
        fail_mode, "unavailable", f"scoring failed ({why}); failure policy decided {fail_mode}", failed=True
    )
