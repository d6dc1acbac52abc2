"""The Kafka consumer loop: posts in, exactly one committed decision (or DLQ record) out per record.

Each polled batch is decoded, scored (service/moderation/batches.py) and written in one Kafka
transaction with the consumed offsets: a crash commits all of a batch or none of it (and the batch
is consumed again). SIGTERM only flips a flag: the current batch finishes and commits.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack, suppress

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError, ProducerFencedError

from service.errors import ScoringUnavailable
from service.health import Readiness
from service.kafka.clients import make_consumer, make_producer, subscribe
from service.kafka.producer import TransactionalProducer
from service.kafka.transactions import (
    AssignmentListener,
    Backoff,
    Batch,
    CommitOutcomeUnknown,
    PollPacer,
    next_offsets,
    partition_lags,
    rewind,
)
from service.metrics import ServiceMetrics
from service.moderation.batches import BatchTallies, ChunkPipeline, decided_by, produce_chunk
from service.moderation.shadow import ShadowTee
from service.moderation.valve import SafetyValve
from service.scoring.backends import Scoring
from service.scoring.fallback import UniformDecider, failure_decider
from service.scoring.promotion import Promotion
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
        valve: SafetyValve | None = None,
        promotion: Promotion | None = None,
        shadow: Scoring | None = None,
    ) -> None:
        """`producer_factory` makes the transactional producer (default: from the settings)."""
        self.valve = valve
        self.shadow = shadow  # a candidate scoring the same posts; its decisions are never acted on
        self.promotion = promotion  # a promoted model takes over between two batches
        self.settings = settings
        self.scoring = scoring
        self.metrics = metrics
        self.readiness = readiness
        self._stopped = threading.Event()
        self._backoff = Backoff(settings.retry_backoff_max_seconds, self._stopped)
        self._tx = TransactionalProducer(
            producer_factory or (lambda: make_producer(settings, max_block_ms=10_000)),
            settings.kafka_call_timeout_seconds,
        )
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
            stack.callback(self._tx.close)
            settled = True
            while self.running:
                settled = self._consume(settled)
        log.info("moderation loop stopped")

    def _consume(self, settled: bool) -> bool:
        """Poll and handle batches until stopped (True) or a commit's outcome is unknown (False:
        the caller starts over, from the offsets the group has committed)."""
        while not settled and self.running:  # a new producer settles the old transaction first
            try:
                self._tx.ready()
                settled = True
            except KafkaError as exc:
                self._failed(f"transactional producer: {type(exc).__name__}: {exc}")
        with ExitStack() as stack:
            consumer = make_consumer(self.settings)
            stack.callback(consumer.close)
            subscribe(
                consumer, [self.settings.topic_posts], AssignmentListener(self._assigned, self._revoked)
            )
            try:
                self._tx.ready()  # now, so the first post does not wait for init_transactions
            except KafkaError as exc:
                log.warning("transactional producer not ready yet (%s); retrying with the first batch", exc)
            log.info(
                "consuming %s as group %s (transactional id %s)",
                self.settings.topic_posts,
                self.settings.group_id,
                self.settings.transactional_id,
            )
            pacer = PollPacer(
                self.settings.poll_timeout_ms, Backoff(self.settings.retry_backoff_max_seconds, self._stopped)
            )
            while self.running:
                started = time.monotonic()
                if self.promotion is not None:
                    self.scoring = self.promotion.swap(self.scoring)
                try:
                    batch = consumer.poll(
                        timeout_ms=self.settings.poll_timeout_ms, max_records=self.settings.max_batch
                    )
                except KafkaError as exc:  # e.g. the coordinator moved while the broker restarts
                    self._failed(f"poll: {type(exc).__name__}: {exc}")
                    continue
                if batch and not self.handle(consumer, batch):
                    return False
                if self.scoring.degraded:  # a worker died between chunks: its peers took its work
                    self._restart_scoring("a scoring worker exited between batches")
                self._update_lag(consumer)
                pacer.after(started, bool(batch))
        return True

    def _assigned(self, assigned: set[TopicPartition]) -> None:
        self.readiness.partitions_assigned(frozenset(f"{tp.topic}-{tp.partition}" for tp in assigned))
        log.info("partitions assigned: %s", sorted(f"{tp.topic}-{tp.partition}" for tp in assigned))

    def _revoked(self, revoked: set[TopicPartition]) -> None:
        for tp in revoked:
            with suppress(KeyError):  # never had a lag sample
                self.metrics.consumer_lag.remove(str(tp.partition))
        log.info("partitions revoked: %s", sorted(f"{tp.topic}-{tp.partition}" for tp in revoked))

    def handle(self, consumer: KafkaConsumer, batch: Batch) -> bool:
        """One polled batch: decided and committed with its offsets, or rolled back and rewound;
        False if its commit's outcome is unknown (the consumer must start over)."""
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
        except CommitOutcomeUnknown as exc:
            self.metrics.transaction_failures.inc()
            self._tx.close(at_once=True)
            self._failed(f"{exc}; starting over from the committed offsets")
            return False
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
                self._restart_scoring(str(exc))
        return True

    def _restart_scoring(self, why: str) -> None:
        """Replace the scoring workers that exited (the loop waits while their models load)."""
        log.warning("%s; starting a new scoring worker", why)
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
        tallies = BatchTallies()
        tallies.queued_since(records)
        submit, shadow = (decided_by(fallback), None) if fallback else (self.scoring.submit, self.shadow)
        tee = ShadowTee(submit, shadow, self.settings.topic_shadow, self.settings.shadow_timeout_seconds)
        chunks = ChunkPipeline(records, tee.submit, workers=1 if fallback else self.scoring.parallelism)
        producer = self._tx.begin()  # while the worker scores the first chunks
        result = None
        for chunk in chunks:
            if self.valve is not None:
                tallies.valve_held += self.valve.apply(chunk.result.decisions, chunk.result.actions)
            produce_chunk(producer, self.settings, chunk)
            tee.produce(producer, chunk)
            tallies.add(chunk)
            result = chunk.result
        tallies.mark_produced()
        tallies.shadow_pairs, tallies.shadow_failures = tee.pairs, tee.failures
        self._tx.commit(next_offsets(batch), consumer.group_metadata())
        self.readiness.kafka_ok()
        tallies.apply(self.metrics, self.scoring.fail_mode)
        if result is not None:
            self._note_intel(result)

    def _note_intel(self, result: ChunkResult) -> None:
        """The scoring process reports its intelligence list; the metrics live here."""
        if result.intel_version and result.intel_version != self._intel_version:
            self._intel_version = result.intel_version
            self.metrics.set_intel(result.intel_version)
        if result.intel_reload_errors > self._intel_errors:
            self.metrics.intel_reload_errors.inc(result.intel_reload_errors - self._intel_errors)
            self._intel_errors = result.intel_reload_errors

    def _roll_back(self, consumer: KafkaConsumer, batch: Batch) -> None:
        """Abort the open transaction (or drop the producer) and rewind to the batch's first records."""
        self._tx.abort()
        rewind(consumer, batch)

    def _update_lag(self, consumer: KafkaConsumer) -> None:
        now = time.monotonic()
        if now - self._lag_updated_at >= 1.0:
            self._lag_updated_at = now
            for partition, lag in partition_lags(consumer).items():
                self.metrics.consumer_lag.labels(partition=str(partition)).set(lag)
