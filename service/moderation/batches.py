"""A polled batch on its way to decisions: decoded and scored chunk by chunk, two chunks in
flight, so the scoring worker scores the next chunk while the loop produces the last one."""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

from kafka import KafkaProducer
from kafka.consumer.fetcher import ConsumerRecord

from service.contracts import Decision, Evidence, Post
from service.errors import InvalidEvent
from service.kafka.dlq import send_dead_letter
from service.metrics import ServiceMetrics
from service.moderation.tallies import Tallies
from service.scoring.rows import ChunkResult, Decider, Row, decide_rows, decode_values, to_row
from service.settings import Settings

CHUNK = 250  # records per scoring request: overlaps scoring with producing, amortises the hand-over
IN_FLIGHT = 2  # chunks in flight per scoring worker
# A smaller batch is split among the workers only down to chunks of this many records (~10 ms of
# scoring): below it the hand-over would cost more than the second worker saves.
MIN_SHARED_CHUNK = 20

Submit = Callable[[Sequence[Row]], "Future[ChunkResult]"]


@dataclass
class ScoredChunk:
    records: list[ConsumerRecord]
    invalid: list[tuple[int, str, str]]  # (index in records, DLQ reason, detail)
    result: ChunkResult
    posts: list[Post]  # the valid posts, in the order of `result.decisions`

    def evidence(self) -> list[Evidence]:
        """For each `remove` and `hold` of the chunk, the post and its decision."""
        held_or_removed = (b'"action":"remove"', b'"action":"hold"')
        return [
            Evidence.of(self.posts[index], Decision.model_validate_json(payload))
            for index, _, payload in self.result.decisions
            if any(mark in payload for mark in held_or_removed)  # the encoder writes no spaces
        ]


@dataclass
class BatchTallies(Tallies):
    """A batch's counts and where its time went, applied to the metrics only once its transaction
    has committed. Made as the batch is handed over, just after the poll that returned it."""

    invalid: Counter[str] = field(default_factory=Counter)
    records: int = 0
    valve_held: int = 0  # removals the safety valve turned into holds
    shadow_pairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # (live, shadow) action
    shadow_failures: int = 0
    started: float = field(default_factory=time.monotonic)
    queued_seconds: float = 0.0  # its oldest record: record timestamp -> handed to the loop
    produced: float = 0.0  # when its last decision was produced

    def queued_since(self, records: Sequence[ConsumerRecord]) -> None:
        stamps = [
            record.timestamp for record in records if record.timestamp is not None and record.timestamp > 0
        ]
        if stamps:  # the producer's clock: a skewed one could say "before it was made", hence max
            self.queued_seconds = max(0.0, time.time() - min(stamps) / 1000)

    def mark_produced(self) -> None:
        self.produced = time.monotonic()

    def apply(self, metrics: ServiceMetrics, fail_mode: str) -> None:
        """Count the committed batch: its decisions, invalid records, size and stage timings."""
        metrics.count_committed(
            self.actions, self.invalid, self.latencies, self.stale, self.intel_raised, self.failed, fail_mode
        )
        metrics.batch_size.observe(self.records)
        metrics.safety_valve_held.inc(self.valve_held)
        produced = self.produced or self.started
        for (live, shadow), count in self.shadow_pairs.items():
            metrics.shadow_decisions.labels(live_action=live, shadow_action=shadow).inc(count)
        metrics.shadow_failures.inc(self.shadow_failures)
        metrics.batch_stage.labels(stage="queued").observe(self.queued_seconds)
        metrics.batch_stage.labels(stage="scoring").observe(produced - self.started)
        metrics.batch_stage.labels(stage="commit").observe(time.monotonic() - produced)

    def add(self, chunk: ScoredChunk) -> None:
        result = chunk.result
        self.records += len(chunk.records)
        self.actions.update(result.actions)
        self.invalid.update(reason for _, reason, _ in chunk.invalid)
        self.latencies.extend(result.latencies)
        self.stale += result.stale
        self.intel_raised += result.intel_raised
        self.failed += result.failed


def decided_by(decider: Decider) -> Submit:
    """A submit that decides in this thread (the failure policy's decider)."""

    def submit(rows: Sequence[Row]) -> Future[ChunkResult]:
        future: Future[ChunkResult] = Future()
        future.set_result(decide_rows(decider, rows))
        return future

    return submit


def chunk_size_for(records: int, workers: int) -> int:
    """Chunks of CHUNK records, or smaller so that a small batch keeps every worker busy."""
    if workers <= 1:
        return CHUNK
    shared = -(-records // workers)  # ceil
    return max(1, min(CHUNK, max(shared, MIN_SHARED_CHUNK)))


class ChunkPipeline:
    """Submits the first chunks on creation; iterating yields each chunk's decisions in order and
    submits the next one before handing it over."""

    def __init__(self, records: list[ConsumerRecord], submit: Submit, workers: int = 1) -> None:
        """`workers`: how many chunks the scoring scores at once (IN_FLIGHT per worker in flight)."""
        size = chunk_size_for(len(records), workers)
        self._chunks = (records[i : i + size] for i in range(0, len(records), size))
        self._submit = submit
        self._in_flight: deque[
            tuple[list[ConsumerRecord], list[tuple[int, str, str]], list[Post], Future[ChunkResult]]
        ]
        self._in_flight = deque()
        for _ in range(IN_FLIGHT * max(1, workers)):
            self._submit_next()

    def _submit_next(self) -> None:
        chunk = next(self._chunks, None)
        if chunk is None:
            return
        posts, invalid = decode_values([record.value for record in chunk])
        valid = [post for _, post in posts]
        self._in_flight.append((chunk, invalid, valid, self._submit([to_row(post) for post in valid])))

    def __iter__(self) -> Iterator[ScoredChunk]:
        while self._in_flight:
            records, invalid, posts, future = self._in_flight.popleft()
            result = future.result()
            self._submit_next()
            yield ScoredChunk(records, invalid, result, posts)


def produce_chunk(producer: KafkaProducer, settings: Settings, chunk: ScoredChunk) -> None:
    """A chunk's decisions, its evidence (after the valve: of what is committed) and its dead letters."""
    for _, post_id, payload in chunk.result.decisions:
        producer.send(settings.topic_decisions, key=post_id.encode(), value=payload)
    for evidence in chunk.evidence():
        producer.send(settings.topic_evidence, key=evidence.post_id.encode(), value=evidence.to_json_bytes())
    for index, reason, detail in chunk.invalid:
        send_dead_letter(producer, settings.topic_dlq, chunk.records[index], InvalidEvent(reason, detail))
