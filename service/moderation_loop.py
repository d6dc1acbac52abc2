"""The Kafka consumer loop: posts in, exactly one committed decision (or DLQ record) out per record.

Each polled batch is decoded, scored and written in one Kafka transaction together with the
consumed offsets, so a crash at any point either commits all of a batch or none of it (and the
batch is consumed again). SIGTERM only flips a flag: the current batch finishes and commits.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack, suppress
from dataclasses import dataclass

from kafka import ConsumerRebalanceListener, KafkaConsumer, KafkaProducer, OffsetAndMetadata, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import KafkaError, ProducerFencedError

from service.contracts import InvalidEvent, Post, decode_event
from service.dlq import dlq_headers
from service.health import Readiness
from service.kafka_clients import make_consumer, make_producer
from service.metrics import ServiceMetrics
from service.scorer import ScoredBatch, Scorer
from service.settings import Settings

log = logging.getLogger(__name__)

Batch = dict[TopicPartition, list[ConsumerRecord]]


@dataclass
class CommittedBatch:
    """What one committed transaction held (for listeners such as the pre-view metric)."""

    scored: ScoredBatch
    invalid: Counter[str]


class _Assignments(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, readiness: Readiness, metrics: ServiceMetrics) -> None:
        self._readiness = readiness
        self._metrics = metrics

    def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        for tp in revoked:
            with suppress(KeyError):  # never had a lag sample
                self._metrics.consumer_lag.remove(str(tp.partition))
        log.info("partitions revoked: %s", sorted(f"{tp.topic}-{tp.partition}" for tp in revoked))

    def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self._readiness.partitions_assigned(frozenset(f"{tp.topic}-{tp.partition}" for tp in assigned))
        log.info("partitions assigned: %s", sorted(f"{tp.topic}-{tp.partition}" for tp in assigned))


class ModerationLoop:
    """poll -> decode -> score -> produce + offsets in one transaction, until stop()."""

    def __init__(
        self,
        settings: Settings,
        scorer: Scorer,
        metrics: ServiceMetrics,
        readiness: Readiness,
        on_committed: Callable[[CommittedBatch], None] | None = None,
    ) -> None:
        self.settings = settings
        self.scorer = scorer
        self.metrics = metrics
        self.readiness = readiness
        self.on_committed = on_committed
        self._stopped = threading.Event()
        self._producer: KafkaProducer | None = None
        self._failures = 0
        self._lag_updated_at = 0.0

    def stop(self) -> None:
        """Safe from a signal handler: the loop finishes its batch, commits and exits."""
        self._stopped.set()

    @property
    def running(self) -> bool:
        return not self._stopped.is_set()

    def run(self) -> None:
        with ExitStack() as stack:
            consumer = make_consumer(self.settings)
            stack.callback(consumer.close)
            consumer.subscribe(
                [self.settings.topic_posts], listener=_Assignments(self.readiness, self.metrics)
            )
            stack.callback(self._close_producer)
            try:
                self._ready_producer()  # now, so the first post does not wait for init_transactions
            except KafkaError as exc:
                log.warning("transactional producer not ready yet (%s); retrying with the first batch", exc)
            log.info(
                "consuming %s as group %s (transactional id %s)",
                self.settings.topic_posts,
                self.settings.group_id,
                self.settings.transactional_id,
            )
            while self.running:
                try:
                    batch = consumer.poll(
                        timeout_ms=self.settings.poll_timeout_ms, max_records=self.settings.max_batch
                    )
                except KafkaError as exc:  # e.g. the coordinator moved while the broker restarts
                    self._failed(f"poll: {type(exc).__name__}: {exc}")
                    continue
                if batch:
                    self._handle(consumer, batch)
                self._update_lag(consumer)
        log.info("moderation loop stopped")

    def _handle(self, consumer: KafkaConsumer, batch: Batch) -> None:
        try:
            self._commit(consumer, batch)
            self._failures = 0
        except ProducerFencedError:
            log.critical(
                "another instance uses transactional id %s; set ZEROVIEW_INSTANCE_ID uniquely",
                self.settings.transactional_id,
            )
            raise
        except KafkaError as exc:
            self.metrics.transaction_failures.inc()
            self._roll_back(consumer, batch)
            records = sum(map(len, batch.values()))
            self._failed(f"batch of {records} records rolled back: {type(exc).__name__}: {exc}")

    def _failed(self, what: str) -> None:
        """Record a Kafka failure and back off (interruptibly) before the loop tries again."""
        self._failures += 1
        self.readiness.kafka_failed(what[:300])
        delay = min(self.settings.retry_backoff_max_seconds, 0.1 * 2 ** min(self._failures, 10))
        log.warning("%s; retry %d in %.1fs", what, self._failures, delay)
        self._stopped.wait(delay)

    def _commit(self, consumer: KafkaConsumer, batch: Batch) -> None:
        posts: list[Post] = []
        invalid: list[tuple[ConsumerRecord, InvalidEvent]] = []
        for records in batch.values():
            for record in records:
                try:
                    posts.append(decode_event(Post, record.value))
                except InvalidEvent as bad:
                    invalid.append((record, bad))
        scored = self.scorer.decide(posts)

        producer = self._ready_producer()
        producer.begin_transaction()
        topic = self.settings.topic_decisions
        for decision in scored.decisions:
            producer.send(topic, key=decision.post_id.encode(), value=decision.to_json_bytes())
        for record, error in invalid:
            producer.send(
                self.settings.topic_dlq,
                key=record.key,
                value=record.value,
                headers=dlq_headers(record, error),
            )
        offsets = {tp: OffsetAndMetadata(records[-1].offset + 1, "", -1) for tp, records in batch.items()}
        producer.send_offsets_to_transaction(offsets, consumer.group_metadata())
        producer.commit_transaction()

        self.readiness.kafka_ok()
        invalid_tally = Counter(error.reason for _, error in invalid)
        self.metrics.count_committed(
            scored.actions,
            invalid_tally,
            scored.latencies,
            scored.stale,
            scored.intel_raised,
            scored.failed,
            self.scorer.fail_mode,
        )
        self.metrics.batch_size.observe(sum(map(len, batch.values())))
        for record, error in invalid:
            log.info("DLQ %s-%d@%d: %s", record.topic, record.partition, record.offset, error)
        if self.on_committed is not None:
            self.on_committed(CommittedBatch(scored=scored, invalid=invalid_tally))

    def _ready_producer(self) -> KafkaProducer:
        if self._producer is None:
            producer = make_producer(self.settings, max_block_ms=10_000)
            try:
                producer.init_transactions()
            except KafkaError:
                producer.close(timeout=0)
                raise
            self._producer = producer
        return self._producer

    def _roll_back(self, consumer: KafkaConsumer, batch: Batch) -> None:
        """Abort the open transaction (or drop the producer) and rewind to the batch's first records."""
        if self._producer is not None:
            try:
                self._producer.abort_transaction()
            except KafkaError as exc:
                log.info("abort failed (%s); a fresh producer will fence the old transaction", exc)
                self._close_producer()
        assigned = consumer.assignment()
        for tp, records in batch.items():
            if tp in assigned:
                consumer.seek(tp, records[0].offset)

    def _close_producer(self) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            producer.close(timeout=5)

    def _update_lag(self, consumer: KafkaConsumer) -> None:
        now = time.monotonic()
        if now - self._lag_updated_at < 1.0:
            return
        self._lag_updated_at = now
        for tp in consumer.assignment():
            highwater = consumer.highwater(tp)
            if highwater is None:
                continue
            try:
                position = consumer.position(tp, timeout_ms=0)
            except KafkaError:
                continue
            if position is not None:
                self.metrics.consumer_lag.labels(partition=str(tp.partition)).set(
                    max(0, highwater - position)
                )
