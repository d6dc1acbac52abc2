"""Validated posts in, decisions out: the unit of work the loop hands over.

`decide_rows` runs wherever the Scorer lives: in the loop's own process (`InProcessScoring`), or in
the scoring worker process that overlaps scoring with Kafka I/O (`service/scoring/worker.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from service.contracts import Action, Decision, InvalidEvent, Post, decode_event, utc_now
from service.moderation.tallies import ScoredBatch, Tallies

if TYPE_CHECKING:
    from service.scoring.intel import IntelWatcher


@dataclass
class ChunkResult(Tallies):
    """The decisions for one chunk of posts, in order, and the tallies for metrics."""

    decisions: list[tuple[int, str, bytes]] = field(default_factory=list)  # (index, post_id, decision.v1)
    intel_version: str | None = None
    intel_reload_errors: int = 0  # cumulative, in the process that scored


class Decider(Protocol):
    def decide(self, posts: Sequence[Post]) -> ScoredBatch: ...


Row = tuple[str, datetime, str | None, list[str] | None, str | None, str | None, str | None]


def to_row(post: Post) -> Row:
    """A validated post as plain values: cheap to hand to the scoring process (no re-validation)."""
    return (
        post.post_id,
        post.created_at,
        post.text,
        post.hashtags,
        post.ocr_text,
        post.transcript,
        post.lang,
    )


def from_row(row: Row) -> Post:
    post_id, created_at, text, hashtags, ocr_text, transcript, lang = row
    return Post.model_construct(
        post_id=post_id,
        created_at=created_at,
        text=text,
        hashtags=hashtags,
        ocr_text=ocr_text,
        transcript=transcript,
        lang=lang,
    )


def decode_values(
    values: Sequence[bytes | None],
) -> tuple[list[tuple[int, Post]], list[tuple[int, str, str]]]:
    """Valid posts and dead letters, by position: decoding happens in the loop's process."""
    posts: list[tuple[int, Post]] = []
    invalid: list[tuple[int, str, str]] = []
    for index, value in enumerate(values):
        try:
            posts.append((index, decode_event(Post, value)))
        except InvalidEvent as error:
            invalid.append((index, error.reason, error.detail))
    return posts, invalid


def decide_rows(decider: Decider, rows: Sequence[Row], intel_version: str | None = None) -> ChunkResult:
    """Decisions for already-validated posts, in their order, with the tallies."""
    scored = decider.decide([from_row(row) for row in rows])
    result = ChunkResult(intel_version=intel_version)
    result.decisions = [(index, d.post_id, d.to_json_bytes()) for index, d in enumerate(scored.decisions)]
    result.actions, result.latencies = scored.actions, scored.latencies
    result.stale, result.intel_raised, result.failed = scored.stale, scored.intel_raised, scored.failed
    return result


class UniformDecider:
    """One action for every post, no model, with the reason: what the failure policy and the
    transport benchmark decide."""

    def __init__(self, action: Action, model_version: str, reason: str, *, failed: bool) -> None:
        self.action: Action = action
        self.model_version = model_version
        self.reason = reason
        self.failed = failed  # counted as scoring failures

    def decide(self, posts: Sequence[Post]) -> ScoredBatch:
        now = utc_now()
        batch = ScoredBatch()
        for post in posts:
            latency = max(0.0, (now - post.created_at).total_seconds())
            batch.decisions.append(
                Decision(
                    post_id=post.post_id,
                    action=self.action,
                    score=0.0,
                    model_version=self.model_version,
                    thresholds={},
                    reasons=[self.reason],
                    event_created_at=post.created_at,
                    decided_at=now,
                    decision_latency_seconds=latency,
                )
            )
            batch.latencies.append(latency)
        batch.actions[self.action] += len(posts)
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


class Scoring(Protocol):
    """Where the loop and the HTTP API send work: in process, or in the scoring worker."""

    card: dict[str, Any]
    fail_mode: str

    def submit(self, rows: Sequence[Row]) -> Future[ChunkResult]: ...

    def decide(self, posts: Sequence[Post]) -> ScoredBatch: ...

    def restart(self) -> None: ...


class InProcessScoring:
    """Scores in the calling thread (single-core deployments, tests, the CLI)."""

    def __init__(
        self, decider: Decider, card: dict[str, Any], fail_mode: str, intel: IntelWatcher | None = None
    ) -> None:
        self.decider = decider
        self.card = card
        self.fail_mode: str = fail_mode
        self.intel = intel

    def submit(self, rows: Sequence[Row]) -> Future[ChunkResult]:
        future: Future[ChunkResult] = Future()
        future.set_result(
            decide_rows(self.decider, rows, self.intel.current().version if self.intel else None)
        )
        return future

    def decide(self, posts: Sequence[Post]) -> ScoredBatch:
        return self.decider.decide(posts)

    def restart(self) -> None:
        """Nothing to restart: the decider lives in this process."""
