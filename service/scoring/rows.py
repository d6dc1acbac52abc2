"""Validated posts in, decisions out: the unit of work the loop hands to wherever scoring runs.

Posts travel as plain tuples (`Row`: cheap to send to the scoring worker, no re-validation) and
come back as encoded `decision.v1` values with the tallies the metrics need (`ChunkResult`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from service.contracts import Post, decode_event
from service.errors import InvalidEvent
from service.moderation.tallies import ScoredBatch, Tallies


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
    """A validated post as plain values."""
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
