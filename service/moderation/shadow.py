"""A candidate model in shadow: it scores every chunk the live model scores, in a worker of its own,
and its decisions go to the shadow topic, in the same transaction as the live ones, and to the
agreement counts (`zeroview_shadow_decisions_total{live_action, shadow_action}`); never to the
decisions topic. A shadow that fails or is late is counted and skipped: it can never hold up or
change a live decision beyond its time budget (`ZEROVIEW_SHADOW_TIMEOUT_SECONDS`)."""

from __future__ import annotations

import logging
from collections import Counter, deque
from collections.abc import Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from kafka import KafkaProducer

from service.errors import ZeroviewError
from service.moderation.batches import ScoredChunk, Submit
from service.scoring.backends import Scoring
from service.scoring.rows import ChunkResult, Row

log = logging.getLogger(__name__)
_ACTIONS = (b'"action":"remove"', b'"action":"hold"')  # the encoder writes no spaces


def action_of(payload: bytes) -> str:
    return "remove" if _ACTIONS[0] in payload else "hold" if _ACTIONS[1] in payload else "allow"


class ShadowTee:
    """For one batch: sends each chunk to the live scoring and to the shadow, and after the live
    decisions of a chunk are produced, produces the shadow's and tallies how the two agree."""

    def __init__(self, live: Submit, shadow: Scoring | None, topic: str, timeout_s: float) -> None:
        """`shadow` None: no shadow (the tee only passes the live scoring through)."""
        self.live = live
        self.shadow = shadow
        self.topic = topic
        self.timeout_s = timeout_s
        self._pending: deque[Future[ChunkResult]] = deque()
        self.pairs: Counter[tuple[str, str]] = Counter()  # (live action, shadow action) -> posts
        self.failures = 0

    def submit(self, rows: Sequence[Row]) -> Future[ChunkResult]:
        if self.shadow is not None:
            self._pending.append(self.shadow.submit(rows))
        return self.live(rows)

    def produce(self, producer: KafkaProducer, chunk: ScoredChunk) -> None:
        """The shadow's decisions of the chunk the loop just produced (chunks come back in order)."""
        if self.shadow is None:
            return
        future = self._pending.popleft()
        try:
            shadow = future.result(timeout=self.timeout_s)
        except (FutureTimeout, ZeroviewError) as exc:
            self.failures += 1
            log.warning("the shadow model missed a chunk of %d posts: %s", len(chunk.records), exc or "late")
            return
        live = {post_id: action_of(payload) for _, post_id, payload in chunk.result.decisions}
        for _, post_id, payload in shadow.decisions:
            producer.send(self.topic, key=post_id.encode(), value=payload)
            if post_id in live:
                self.pairs[(live[post_id], action_of(payload))] += 1
