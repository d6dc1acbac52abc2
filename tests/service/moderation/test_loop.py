"""The moderation loop's commit path, with a fake consumer and producer and a fresh registry:
what commits is counted once, what rolls back is counted nowhere and read again."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any

from kafka import OffsetAndMetadata, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import KafkaError
from prometheus_client import CollectorRegistry

from service.errors import ScoringUnavailable
from service.health import Readiness
from service.metrics import ServiceMetrics
from service.moderation.loop import GIVE_UP_AFTER, ModerationLoop
from service.scoring.backends import InProcessScoring
from service.scoring.fallback import UniformDecider
from service.scoring.rows import ChunkResult, Row
from service.settings import Settings

TP = TopicPartition("posts.new", 0)
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def record(offset: int, value: bytes) -> ConsumerRecord:
    return ConsumerRecord(
        "posts.new", 0, -1, offset, 0, 0, f"k{offset}".encode(), value, [], None, 2, len(value), 0
    )


def post(offset: int) -> ConsumerRecord:
    return record(
        offset, json.dumps({"post_id": f"p-{offset}", "created_at": NOW.isoformat(), "text": "hi"}).encode()
    )


class _Result:
    """kafka-python's TransactionalRequestResult: done at once, or never (a broker that is gone)."""

    def __init__(self, done: Callable[[], None] | None) -> None:
        self._done = done

    def wait(self, timeout_ms: int | None = None) -> bool:
        if self._done is None:
            return False
        self._done()
        return True


class FakeProducer:
    """A transactional producer that keeps what each transaction sent, committed or aborted; it
    exposes the transaction manager and sender that the bounded calls use, as kafka-python does."""

    def __init__(self, fail_commit: bool = False, silent_commit: bool = False) -> None:
        self.fail_commit = fail_commit
        self.silent_commit = silent_commit
        self.open: list[tuple[str, Any]] = []
        self.committed: list[tuple[str, Any]] = []
        self.aborted = 0
        self.closed = False
        self._transaction_manager = self
        self._sender = self

    def init_transactions(self) -> None: ...

    def wakeup(self) -> None: ...

    def begin_transaction(self) -> None:
        self.open = []

    def send(self, topic: str, key: bytes, value: bytes, headers: Any = None) -> None:
        self.open.append((topic, key))

    def send_offsets_to_transaction(
        self, offsets: dict[TopicPartition, OffsetAndMetadata], group: Any
    ) -> _Result:
        return _Result(lambda: self.open.append(("offsets", {tp: o.offset for tp, o in offsets.items()})))

    def begin_commit(self) -> _Result:
        if self.silent_commit:
            return _Result(None)

        def done() -> None:
            if self.fail_commit:
                raise KafkaError("coordinator lost during commit")
            self.committed += self.open

        return _Result(done)

    def begin_abort(self) -> _Result:
        def done() -> None:
            self.aborted += 1
            self.open = []

        return _Result(done)

    def close(self, timeout: float = 0) -> None:
        self.closed = True


class FakeConsumer:
    def __init__(self) -> None:
        self.seeks: list[tuple[TopicPartition, int]] = []

    def group_metadata(self) -> object:
        return object()

    def assignment(self) -> set[TopicPartition]:
        return {TP}

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks.append((tp, offset))


class DeadWorker:
    card: dict[str, Any] = {"version": "v", "thresholds": {}}  # noqa: RUF012 - never mutated
    fail_mode = "hold"
    parallelism = 1
    degraded = False

    def __init__(self) -> None:
        self.restarts = 0

    def submit(self, rows: Sequence[Row]) -> Future[ChunkResult]:
        future: Future[ChunkResult] = Future()
        future.set_exception(ScoringUnavailable("the scoring worker exited", worker_exited=True))
        return future

    def restart(self) -> None:
        self.restarts += 1

    def stop(self) -> None: ...


def make_loop(scoring: Any, producer: FakeProducer) -> tuple[ModerationLoop, CollectorRegistry]:
    registry = CollectorRegistry()
    settings = Settings(retry_backoff_max_seconds=0.01, kafka_call_timeout_seconds=0.01)
    loop = ModerationLoop(
        settings, scoring, ServiceMetrics(registry), Readiness(), producer_factory=lambda: producer
    )
    return loop, registry


def allow_all() -> InProcessScoring:
    return InProcessScoring(UniformDecider("allow", "v", "test", failed=False), {"version": "v"}, "hold")


def value(registry: CollectorRegistry, name: str, **labels: str) -> float | None:
    return registry.get_sample_value(name, labels)


def test_a_committed_batch_sends_decisions_dead_letters_and_offsets_and_counts_them_once() -> None:
    producer = FakeProducer()
    loop, registry = make_loop(allow_all(), producer)
    loop.handle(FakeConsumer(), {TP: [post(5), record(6, b"not json"), post(7)]})
    topics = [topic for topic, _ in producer.committed]
    assert topics == ["moderation.decisions", "moderation.decisions", "posts.new.dlq", "offsets"]
    assert producer.committed[-1] == ("offsets", {TP: 8})
    assert value(registry, "zeroview_decisions_total", action="allow") == 2
    assert value(registry, "zeroview_events_invalid_total", reason="invalid_json") == 1
    assert value(registry, "zeroview_decision_latency_seconds_count") == 2
    assert value(registry, "zeroview_batch_size_records_sum") == 3
    for stage in ("queued", "scoring", "commit"):
        assert value(registry, "zeroview_batch_stage_seconds_count", stage=stage) == 1, stage


def test_a_batch_counts_how_long_its_oldest_record_waited_for_the_loop() -> None:
    loop, registry = make_loop(allow_all(), FakeProducer())
    waited = post(5)._replace(timestamp=int((time.time() - 30) * 1000))  # produced 30 s ago
    loop.handle(FakeConsumer(), {TP: [waited, post(6)]})
    queued = value(registry, "zeroview_batch_stage_seconds_sum", stage="queued")
    assert queued is not None and queued >= 30


def test_a_batch_whose_commit_fails_is_aborted_rewound_and_counted_nowhere() -> None:
    producer = FakeProducer(fail_commit=True)
    consumer = FakeConsumer()
    loop, registry = make_loop(allow_all(), producer)
    loop.handle(consumer, {TP: [post(5), post(6)]})
    assert producer.committed == [] and producer.aborted == 1
    assert consumer.seeks == [(TP, 5)], "read again from the batch's first record"
    assert value(registry, "zeroview_decisions_total", action="allow") == 0
    assert value(registry, "zeroview_decision_latency_seconds_count") == 0
    assert value(registry, "zeroview_batch_stage_seconds_count", stage="commit") is None  # never observed
    assert value(registry, "zeroview_kafka_transaction_failures_total") == 1


def test_a_dead_worker_is_restarted_and_after_repeated_failures_the_fail_mode_decides() -> None:
    producer, worker, consumer = FakeProducer(), DeadWorker(), FakeConsumer()
    loop, registry = make_loop(worker, producer)
    batch = {TP: [post(5)]}
    for attempt in range(1, GIVE_UP_AFTER + 1):
        loop.handle(consumer, batch)
        assert producer.committed == []
        assert worker.restarts == attempt
    assert value(registry, "zeroview_scoring_worker_restarts_total") == GIVE_UP_AFTER
    loop.handle(consumer, batch)
    assert [topic for topic, _ in producer.committed] == [
        "moderation.decisions",
        "moderation.evidence",
        "offsets",
    ]
    assert value(registry, "zeroview_decisions_total", action="hold") == 1
    assert value(registry, "zeroview_scoring_failures_total", fail_mode="hold") == 1


def test_a_worker_that_raises_but_lives_is_not_counted_as_a_restart() -> None:
    class Raising(DeadWorker):
        def submit(self, rows: Sequence[Row]) -> Future[ChunkResult]:
            future: Future[ChunkResult] = Future()
            future.set_exception(ScoringUnavailable("KeyError: 'x'", worker_exited=False))
            return future

    worker = Raising()
    loop, registry = make_loop(worker, FakeProducer())
    loop.handle(FakeConsumer(), {TP: [post(5)]})
    assert worker.restarts == 0
    assert value(registry, "zeroview_scoring_worker_restarts_total") == 0


def test_a_commit_kafka_never_answers_is_not_rewound_but_started_over() -> None:
    """The commit may have happened: rewinding could decide the batch twice, so the loop drops the
    producer and reports that it must start over from the group's committed offsets."""
    producer, consumer = FakeProducer(silent_commit=True), FakeConsumer()
    loop, registry = make_loop(allow_all(), producer)
    assert loop.handle(consumer, {TP: [post(5)]}) is False
    assert consumer.seeks == [] and producer.aborted == 0 and producer.closed
    assert value(registry, "zeroview_decisions_total", action="allow") == 0
    assert value(registry, "zeroview_kafka_transaction_failures_total") == 1


def test_a_shadow_model_decides_the_same_posts_into_its_own_topic_and_is_counted_not_acted_on() -> None:
    producer = FakeProducer()
    loop, registry = make_loop(allow_all(), producer)
    loop.shadow = InProcessScoring(
        UniformDecider("hold", "candidate", "test", failed=False), {"version": "c"}, "hold"
    )
    loop.handle(FakeConsumer(), {TP: [post(5), post(6)]})
    topics = [topic for topic, _ in producer.committed]
    assert topics.count("moderation.decisions") == 2 and topics.count("moderation.shadow-decisions") == 2
    assert value(registry, "zeroview_decisions_total", action="allow") == 2, "the live decisions stand"
    assert value(registry, "zeroview_shadow_decisions_total", live_action="allow", shadow_action="hold") == 2


def test_a_failing_shadow_is_counted_and_never_touches_the_live_decisions() -> None:
    producer = FakeProducer()
    loop, registry = make_loop(allow_all(), producer)
    loop.shadow = DeadWorker()
    loop.handle(FakeConsumer(), {TP: [post(5), post(6)]})
    assert [topic for topic, _ in producer.committed] == ["moderation.decisions"] * 2 + ["offsets"]
    assert value(registry, "zeroview_shadow_failures_total") == 1


def test_with_two_workers_two_chunks_each_are_in_flight_and_decisions_come_back_in_order() -> None:
    from service.moderation.batches import CHUNK, IN_FLIGHT, ChunkPipeline
    from service.scoring.rows import decide_rows

    submitted: list[tuple[list[Row], Future[ChunkResult]]] = []

    def submit(rows: Sequence[Row]) -> Future[ChunkResult]:
        future: Future[ChunkResult] = Future()  # answered when the test says so
        submitted.append((list(rows), future))
        return future

    records = [post(i) for i in range(4 * CHUNK + 200)]
    chunks = ChunkPipeline(records, submit, workers=2)
    assert [len(rows) for rows, _ in submitted] == [CHUNK] * (2 * IN_FLIGHT), "two per worker at once"
    decider = UniformDecider("allow", "v", "test", failed=False)
    for rows, future in reversed(submitted):  # answered out of order
        future.set_result(decide_rows(decider, rows))
    yielded = []
    for chunk in chunks:
        yielded += [post_id for _, post_id, _ in chunk.result.decisions]
        for rows, future in submitted:  # the fifth chunk, submitted once the first was taken
            if not future.done():
                future.set_result(decide_rows(decider, rows))
    assert len(submitted) == 2 * IN_FLIGHT + 1 and len(submitted[-1][0]) == 200
    assert yielded == [f"p-{i}" for i in range(4 * CHUNK + 200)], "in the order of the batch"
