"""The Kafka consumer loop: posts in, exactly one committed decision (or DLQ record) out per record.

Each polled batch is decoded, scored and written in one Kafka transaction together with the
consumed offsets, so a crash at any point either commits all of a batch or none of it (and the
batch is consumed again). Scoring happens in chunks, two at a time in the scoring worker, so the
worker scores one chunk while this thread produces the last. SIGTERM only flips a flag: the
current batch finishes and commits.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack, suppress

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError, ProducerFencedError

from service.errors import InvalidEvent, ScoringUnavailable
from service.health import Readiness
from service.kafka.clients import make_consumer, make_producer
from service.kafka.dlq import dlq_headers
from service.kafka.transactions import AssignmentListener, Backoff, Batch, next_offsets, rewind
from service.metrics import ServiceMetrics
from service.moderation.batches import BatchTallies, ChunkPipeline, ScoredChunk, decided_by
from service.scoring.backends import Scoring
from service.scoring.fallback import UniformDecider, failure_decider
from service.scoring.rows import ChunkResult
from service.settings import Settings

log = logging.getLogger(__name__)

GIVE_UP_AFTER = 3  # the scorer failing this often on one batch: decide it by the failure policy


class ModerationLoop:
    """poll -> decode -> score -> produce + offsets in one transaction, until stop()."""

    def __init__(
        self,
        settings: Settings,
        scoring: Scoring,
        metrics: ServiceMetrics,
        readiness: Readiness,
        producer_factory: Callable[[], KafkaProducer] | None = None,
    ) -> None:
        """`producer_factory` makes the transactional producer (default: from the settings)."""
        self.settings = settings
        self.scoring = scoring
        self.metrics = metrics
        self.readiness = readiness
        self._stopped = threading.Event()
        self._backoff = Backoff(settings.retry_backoff_max_seconds, self._stopped)
        self._producer: KafkaProducer | None = None
        self._producer_factory = producer_factory
        self._in_transaction = False
        self._scoring_failures = 0
        self._lag_updated_at = 0.0
        self._intel_version: str | None = None
        self._intel_errors = 0

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
                [self.settings.topic_posts], listener=AssignmentListener(self._assigned, self._revoked)
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
                    self.handle(consumer, batch)
                self._update_lag(consumer)
        log.info("moderation loop stopped")

    def _assigned(self, assigned: set[TopicPartition]) -> None:
        self.readiness.partitions_assigned(frozenset(f"{tp.topic}-{tp.partition}" for tp in assigned))
        log.info("partitions assigned: %s", sorted(f"{tp.topic}-{tp.partition}" for tp in assigned))

    def _revoked(self, revoked: set[TopicPartition]) -> None:
        for tp in revoked:
            with suppress(KeyError):  # never had a lag sample
                self.metrics.consumer_lag.remove(str(tp.partition))
        log.info("partitions revoked: %s", sorted(f"{tp.topic}-{tp.partition}" for tp in revoked))

    def handle(self, consumer: KafkaConsumer, batch: Batch) -> None:
        """One polled batch: decided and committed with its offsets, or rolled back and rewound."""
        try:
            if self._scoring_failures >= GIVE_UP_AFTER:
                self._commit(
                    consumer,
                    batch,
                    failure_decider(
                        self.settings.fail_mode,
                        f"the scoring worker failed {self._scoring_failures} times on this batch",
                    ),
                )
            else:
                self._commit(consumer, batch)
            self._scoring_failures = 0
            self._backoff.reset()
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
        except ScoringUnavailable as exc:
            self._roll_back(consumer, batch)
            self._scoring_failures += 1
            log.error(
                "scoring failed on a batch (%s); rolled back, attempt %d of %d",
                exc,
                self._scoring_failures,
                GIVE_UP_AFTER,
            )
            if exc.worker_exited:
                self.scoring.restart()
                self.metrics.scoring_worker_restarts.inc()

    def _failed(self, what: str) -> None:
        """Record a Kafka failure and back off (interruptibly) before the loop tries again."""
        self.readiness.kafka_failed(what[:300])
        delay = self._backoff.next_delay()
        log.warning("%s; retry %d in %.1fs", what, self._backoff.failures, delay)
        self._stopped.wait(delay)

    def _commit(self, consumer: KafkaConsumer, batch: Batch, fallback: UniformDecider | None = None) -> None:
        records = [record for records in batch.values() for record in records]
        chunks = ChunkPipeline(records, decided_by(fallback) if fallback else self.scoring.submit)
        producer = self._ready_producer()  # while the worker scores the first chunks
        producer.begin_transaction()
        self._in_transaction = True
        tallies = BatchTallies()
        result = None
        for chunk in chunks:
            self._produce(producer, chunk)
            tallies.add(chunk)
            result = chunk.result
        producer.send_offsets_to_transaction(next_offsets(batch), consumer.group_metadata())
        producer.commit_transaction()
        self._in_transaction = False

        self.readiness.kafka_ok()
        self.metrics.count_committed(
            tallies.actions,
            tallies.invalid,
            tallies.latencies,
            tallies.stale,
            tallies.intel_raised,
            tallies.failed,
            self.scoring.fail_mode,
        )
        self.metrics.batch_size.observe(tallies.records)
        if result is not None:
            self._note_intel(result)

    def _produce(self, producer: KafkaProducer, chunk: ScoredChunk) -> None:
        for _, post_id, payload in chunk.result.decisions:
            producer.send(self.settings.topic_decisions, key=post_id.encode(), value=payload)
        for index, reason, detail in chunk.invalid:
            record = chunk.records[index]
            producer.send(
                self.settings.topic_dlq,
                key=record.key,
                value=record.value,
                headers=dlq_headers(record, InvalidEvent(reason, detail)),
            )
            log.info("DLQ %s-%d@%d: %s: %s", record.topic, record.partition, record.offset, reason, detail)

    def _note_intel(self, result: ChunkResult) -> None:
        """The scoring process reports its intelligence list; the metrics live here."""
        if result.intel_version and result.intel_version != self._intel_version:
            self._intel_version = result.intel_version
            self.metrics.set_intel(result.intel_version)
        if result.intel_reload_errors > self._intel_errors:
            self.metrics.intel_reload_errors.inc(result.intel_reload_errors - self._intel_errors)
            self._intel_errors = result.intel_reload_errors

    def _ready_producer(self) -> KafkaProducer:
        if self._producer is None:
            producer = (
                self._producer_factory()
                if self._producer_factory
                else make_producer(self.settings, max_block_ms=10_000)
            )
            try:
                producer.init_transactions()
            except KafkaError:
                producer.close(timeout=0)
                raise
            self._producer = producer
        return self._producer

    def _roll_back(self, consumer: KafkaConsumer, batch: Batch) -> None:
        """Abort the open transaction (or drop the producer) and rewind to the batch's first records."""
        if self._producer is not None and self._in_transaction:
            try:
                self._producer.abort_transaction()
            except KafkaError as exc:
                log.info("abort failed (%s); a fresh producer will fence the old transaction", exc)
                self._close_producer()
        self._in_transaction = False
        rewind(consumer, batch)

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
