"""Latency at a steady offered load: post produced -> its decision consumed (read_committed).

Each post's `created_at` is the wall-clock instant it is handed to the producer; the service
echoes it as the decision's `event_created_at`, so the reader needs no table of send times, as any
downstream consumer could compute it. The load is open-loop: posts go out on schedule whether or
not decisions come back, as uploads do.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from service.contracts import utc_now
from service.devtools.bench import BenchError
from service.devtools.bench.posts import BenchPost
from service.devtools.bench.rdkafka_io import EndReader, SteadyProducer
from service.settings import Settings


@dataclass
class LatencyResult:
    p50_seconds: float
    p99_seconds: float
    max_seconds: float
    posts: int
    offered_per_second: float  # achieved by the sender; below the target means the sender lagged
    # Where the time goes, p50 and p99 of each part: send -> the scorer's decision (`decided_at`:
    # producer, broker, waiting for a poll, decoding, scoring) and decision -> visible to a
    # read_committed reader (producing, the transaction's commit and markers, the reader's fetch).
    breakdown: dict[str, dict[str, float]]
    # The service's own view of the same load, mean per committed batch (zeroview_batch_stage_seconds):
    # queued (its oldest record waiting for a poll), scoring (decode, score, produce), commit.
    batch_stage_means_seconds: dict[str, float] = field(default_factory=dict)
    # Percent of one core per process over the load, as for the drains: at 1,000 posts/s the service,
    # the broker and the load generator need most of two cores, so a neighbour's share (`other`)
    # moves the p99 more than any change to the service does; read the p99 beside it.
    cpu_percent: dict[str, float] = field(default_factory=dict)


class SteadySender(threading.Thread):
    """Sends `count` posts at `rate` per second, each stamped with its send time."""

    def __init__(
        self, settings: Settings, posts: Sequence[BenchPost], rate: float, count: int, id_prefix: str
    ) -> None:
        super().__init__(name="bench-steady-sender", daemon=True)
        self.settings = settings
        self.posts = posts
        self.rate = rate
        self.count = count
        self.id_prefix = id_prefix
        self.seconds = 0.0
        self.error: BaseException | None = None

    def run(self) -> None:
        started = time.monotonic()
        try:
            producer = SteadyProducer(self.settings)
            for index in range(self.count):
                if (pause := started + index / self.rate - time.monotonic()) > 0:
                    time.sleep(pause)
                post_id = f"{self.id_prefix}-{index}"
                value = self.posts[index % len(self.posts)].to_bytes(post_id, utc_now().isoformat())
                producer.send(self.settings.topic_posts, key=post_id.encode(), value=value)
            producer.flush()
            self.seconds = time.monotonic() - started
        except BaseException as exc:  # re-raised in the measuring thread
            self.error = exc


def _percentile(ordered: Sequence[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of the sample at or below it."""
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def measure_latency(
    settings: Settings,
    posts: Sequence[BenchPost],
    rate: float,
    seconds: float,
    id_prefix: str,
    check: Callable[[], None],
) -> LatencyResult:
    count = max(1, round(rate * seconds))
    reader = EndReader(settings, settings.topic_decisions)
    sender = SteadySender(settings, posts, rate, count, id_prefix)
    latencies: list[float] = []
    to_decision: list[float] = []
    prefix = f"{id_prefix}-".encode()
    try:
        sender.start()
        deadline = time.monotonic() + seconds + 60
        while len(latencies) < count:
            if sender.error is not None:
                raise BenchError(f"the steady sender failed: {sender.error!r}") from sender.error
            if time.monotonic() > deadline:
                raise BenchError(f"only {len(latencies)} of {count} decisions within {seconds + 60:.0f}s")
            check()
            records = reader.poll(timeout_ms=20)
            consumed_at = time.time()
            for key, value in records:
                if key.startswith(prefix):
                    decision = json.loads(value)
                    created = datetime.fromisoformat(decision["event_created_at"]).timestamp()
                    decided = datetime.fromisoformat(decision["decided_at"]).timestamp()
                    latencies.append(consumed_at - created)
                    to_decision.append(decided - created)
        sender.join()
    finally:
        reader.close()
    ordered = sorted(latencies)
    parts = {
        "send_to_decision": sorted(to_decision),
        "decision_to_visible": sorted(
            total - part for total, part in zip(latencies, to_decision, strict=True)
        ),
    }
    return LatencyResult(
        p50_seconds=round(_percentile(ordered, 0.50), 4),
        p99_seconds=round(_percentile(ordered, 0.99), 4),
        max_seconds=round(ordered[-1], 4),
        posts=count,
        offered_per_second=round(count / sender.seconds, 1) if sender.seconds else 0.0,
        breakdown={
            name: {
                "p50_seconds": round(_percentile(v, 0.50), 4),
                "p99_seconds": round(_percentile(v, 0.99), 4),
            }
            for name, v in parts.items()
        },
    )
