"""The pre-view tracker's loop: its own consumer group over decisions, first views and labels.

Every batch of input, the state changes it causes and this instance's cumulative counts are
committed in one Kafka transaction. After a crash the uncommitted input is consumed again and
the committed counts are restored before the counters are exposed: a restart may delay a count,
never double it. Counters are incremented only after their transaction commits.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import ExitStack

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.coordinator.assignors.range import RangePartitionAssignor
from kafka.errors import KafkaError
from prometheus_client import CollectorRegistry
from pydantic import ValidationError

from service.contracts import Decision, FirstView, Label, decode_event
from service.errors import InvalidEvent
from service.health import Readiness
from service.kafka import transactions as tx
from service.kafka.clients import make_consumer, make_producer, subscribe
from service.kafka.producer import TransactionalProducer
from service.kafka.transactions import AssignmentListener, Backoff, Batch, PollPacer, next_offsets, rewind
from service.preview.changelog import TOTALS_PREFIX, Totals, decode_states, partition_of, read_partition
from service.preview.metrics import PreviewMetrics
from service.preview.state import PreviewState
from service.preview.tracker import PreviewTracker
from service.settings import Settings

log = logging.getLogger(__name__)
POLL_MS = 500  # a fetch waits for new data anyway (fetch_max_wait_ms): a long poll costs no latency
# After a poll that found records, the next one waits until this long after it: a busy stream of
# decisions and views is gathered into four transactions a second at most instead of one per
# moderation batch (~27 a second at 200 posts/s: the service's CPU 94 -> 86% of a core, the broker's
# 33 -> 30%, two A/B pairs). The tracker judges by the events' own times; waiting only delays its
# metrics and state by up to this much.
MIN_CYCLE_SECONDS = 0.25


class PreviewLoop(threading.Thread):
    def __init__(self, settings: Settings, registry: CollectorRegistry, readiness: Readiness) -> None:
        super().__init__(name="preview-tracker", daemon=True)
        self.settings = settings
        self.registry = registry
        self.readiness = readiness
        readiness.preview_expected = True
        self.metrics: PreviewMetrics | None = None
        self.state = PreviewState(settings.preview_ttl_seconds, settings.preview_max_posts)
        self.tracker = PreviewTracker(self.state, settings.view_grace_seconds)
        self.totals = Totals()
        self.totals_key = f"{TOTALS_PREFIX}{settings.group_id}/{settings.instance_id}"
        self.partitions = 0
        self._owned: frozenset[int] = frozenset()
        self._assigned: frozenset[int] | None = None  # set by the rebalance listener, applied by the loop
        self._assignment_lock = threading.Lock()
        self._stopped = threading.Event()
        self._reader: KafkaConsumer | None = None
        self._tx = TransactionalProducer(
            lambda: make_producer(settings, transactional_id=self._transactional_id(), max_block_ms=10_000),
            settings.kafka_call_timeout_seconds,
        )

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the current batch; waits for it (up to `timeout`) when called from another thread."""
        self._stopped.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout)

    def run(self) -> None:
        backoff = Backoff(self.settings.retry_backoff_max_seconds, self._stopped, first_seconds=0.5)
        while not self._stopped.is_set():
            try:
                self._run()
                return
            except KafkaError as exc:
                delay = backoff.next_delay()
                log.warning("pre-view tracker: %s: %s; restarting in %.1fs", type(exc).__name__, exc, delay)
                self._stopped.wait(delay)

    def _run(self) -> None:
        topics = [self.settings.topic_decisions, self.settings.topic_views, self.settings.topic_labels]
        with ExitStack() as stack:
            stack.callback(self._tx.close, True)  # at once: every transaction is settled by then
            self._tx.ready()  # fences a crashed predecessor and aborts its transaction
            self._reader = make_consumer(self.settings, group_id=None, enable_auto_commit=False)
            stack.callback(self._reader.close)
            if not self.await_topics([*topics, self.settings.preview_state_topic]):
                return
            self.partitions = len(self._reader.partitions_for_topic(self.settings.preview_state_topic) or ())
            self._restore_totals()
            consumer = make_consumer(
                self.settings,
                group_id=f"{self.settings.group_id}.preview",
                partition_assignment_strategy=(RangePartitionAssignor,),
            )
            stack.callback(consumer.close)
            # The listener only records the change: restoring reads whole changelog partitions,
            # which must not block the consumer's event loop (and its heartbeats).
            listener = AssignmentListener(
                on_assigned=lambda tps: self.assignment_changed(frozenset(tp.partition for tp in tps)),
                on_revoked=lambda _: self.assignment_changed(None),
            )
            subscribe(consumer, topics, listener)
            pacer = PollPacer(POLL_MS, Backoff(self.settings.retry_backoff_max_seconds, self._stopped))
            while not self._stopped.is_set():
                started = time.monotonic()
                batch = consumer.poll(timeout_ms=POLL_MS, max_records=2000)
                try:
                    self._commit(consumer, batch)
                except tx.CommitOutcomeUnknown:
                    raise  # run() starts over: a new producer settles it, the state is read again
                except KafkaError as exc:
                    log.warning("pre-view batch rolled back (%s: %s)", type(exc).__name__, exc)
                    self._roll_back(consumer, batch)
                    self._stopped.wait(1.0)
                pacer.after(started, bool(batch))
                if batch:
                    self._stopped.wait(max(0.0, started + MIN_CYCLE_SECONDS - time.monotonic()))

    def await_topics(self, topics: list[str], pause: float = 0.5) -> bool:
        """Wait until the broker lists every topic; False if stopped first. A group that subscribes
        before the broker has published a just-created topic is assigned none of its partitions
        until its next metadata refresh, and the tracker would report not ready until then."""
        assert self._reader is not None
        waited = False
        while not self._stopped.is_set():
            missing = [topic for topic in topics if not self._reader.partitions_for_topic(topic)]
            if not missing:
                return True
            if not waited:
                log.info("pre-view tracker: waiting for topics %s", ", ".join(missing))
                waited = True
            self._stopped.wait(pause)
        return False

    def _transactional_id(self) -> str:
        return f"{self.settings.group_id}-preview-{self.settings.instance_id}"

    def _restore_totals(self) -> None:
        tp = TopicPartition(self.settings.preview_state_topic, partition_of(self.totals_key, self.partitions))
        assert self._reader is not None
        raw = read_partition(self._reader, tp).get(self.totals_key)
        self.totals = Totals.decode(raw) if raw else Totals()
        if self.metrics is None:  # registered only now: a scrape never sees a reset to zero
            self.metrics = PreviewMetrics(self.registry, self.totals)
        log.info("pre-view counts restored for %s: %s", self.settings.instance_id, dict(self.totals.removed))

    def assignment_changed(self, partitions: frozenset[int] | None) -> None:
        with self._assignment_lock:
            self._assigned = partitions if partitions is not None else frozenset()

    def _apply_assignment(self, consumer: KafkaConsumer) -> None:
        with self._assignment_lock:
            assigned, self._assigned = self._assigned, None
        if assigned is None:
            return
        if assigned != self._owned:
            self.forget_all()
            self.restore(assigned)
        for tp in consumer.assignment():
            consumer.position(tp)  # resolve "latest" now: what arrives after readiness is counted
        self.readiness.preview_ready(bool(assigned))

    def forget_all(self) -> None:
        self.state.drop({post_id for post_id, _ in self.state.items()})
        self._owned = frozenset()

    def restore(self, partitions: frozenset[int]) -> None:
        """Load the committed state of the posts in these partitions from the changelog."""
        assert self._reader is not None
        for partition in sorted(partitions):
            entries = read_partition(
                self._reader, TopicPartition(self.settings.preview_state_topic, partition)
            )
            now = time.time()
            for post_id, post in decode_states(entries).items():
                self.state.put(post_id, post, now)
        self._owned = partitions
        if self.metrics is not None:
            self.metrics.state_entries.set(len(self.state))
        log.info("pre-view state restored for partitions %s: %d posts", sorted(partitions), len(self.state))

    def _apply(self, record: ConsumerRecord, now: float) -> None:
        topic = record.topic
        try:
            if topic == self.settings.topic_decisions:
                decision = Decision.model_validate_json(record.value)
                self.tracker.decision(decision.post_id, decision.action, decision.decided_at.timestamp(), now)
            elif topic == self.settings.topic_views:
                view = decode_event(FirstView, record.value)
                self.tracker.first_view(view.post_id, view.viewed_at.timestamp(), now)
            else:
                label = decode_event(Label, record.value)
                self.tracker.label(label.post_id, label.verdict, label.source, label.views_at_removal, now)
        except (InvalidEvent, ValidationError, ValueError, TypeError) as exc:
            reason = exc.reason if isinstance(exc, InvalidEvent) else "invalid_decision"
            assert self.metrics is not None
            self.metrics.invalid.labels(topic=topic, reason=reason).inc()
            log.warning("pre-view tracker skipped %s-%d@%d: %s", topic, record.partition, record.offset, exc)

    def _commit(self, consumer: KafkaConsumer, batch: Batch) -> None:
        self._apply_assignment(consumer)
        now = time.time()
        for records in batch.values():
            for record in records:
                self._apply(record, now)
        self.tracker.tick(now)
        effects = self.tracker.take_effects()
        if not batch and not effects.changed and not effects.evicted:
            return
        totals = self.totals.plus(effects) if effects.counts_changed else self.totals
        topic = self.settings.preview_state_topic
        producer = self._tx.begin()
        for post_id in effects.changed:
            post = self.state.get(post_id)
            producer.send(topic, key=post_id.encode(), value=post.encode() if post else None)
        for post_id in effects.evicted:
            producer.send(topic, key=post_id.encode(), value=None)
        if effects.counts_changed:
            producer.send(topic, key=self.totals_key.encode(), value=totals.encode())
        # no answer: run() starts over from what Kafka holds
        self._tx.commit(next_offsets(batch) if batch else None, consumer.group_metadata())
        self.totals = totals
        assert self.metrics is not None
        self.metrics.apply(effects, len(self.state))

    def _roll_back(self, consumer: KafkaConsumer, batch: Batch) -> None:
        """Abort, forget what the batch changed in memory, and read it again from the last commit."""
        if not self._tx.abort():
            raise KafkaError("abort got no answer")  # run() rebuilds the clients
        self.forget_all()
        self.restore(frozenset(tp.partition for tp in consumer.assignment()))
        rewind(consumer, batch)
