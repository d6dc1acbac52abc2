"""What both transactional loops (moderation and pre-view) share: the batch a poll returns, the
offsets that commit it, the rewind that reads it again after an abort, a rebalance listener that
only forwards, and the backoff between failed attempts."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Any

from kafka import ConsumerRebalanceListener, KafkaConsumer, KafkaProducer, OffsetAndMetadata, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import KafkaError, KafkaTimeoutError

Batch = dict[TopicPartition, list[ConsumerRecord]]
Offsets = dict[TopicPartition, OffsetAndMetadata]


def next_offsets(batch: Batch) -> Offsets:
    """The offsets that, committed with the transaction, mark the whole batch consumed."""
    return {tp: OffsetAndMetadata(records[-1].offset + 1, "", -1) for tp, records in batch.items()}


def rewind(consumer: KafkaConsumer, batch: Batch) -> None:
    """Seek back to the batch's first records (of the partitions still ours) to read it again."""
    assigned = consumer.assignment()
    for tp, records in batch.items():
        if tp in assigned:
            consumer.seek(tp, records[0].offset)


def partition_lags(consumer: KafkaConsumer) -> dict[int, int]:
    """Records between the position and the end of each assigned partition the consumer knows
    both of (without waiting: a position still unknown is left out)."""
    lags = {}
    for tp in consumer.assignment():
        highwater = consumer.highwater(tp)
        try:
            position = consumer.position(tp, timeout_ms=0)
        except KafkaError:
            continue
        if highwater is not None and position is not None:
            lags[tp.partition] = max(0, highwater - position)
    return lags


class AssignmentListener(ConsumerRebalanceListener):
    """Forwards the consumer's rebalance callbacks; runs on the consumer's thread, so the
    callbacks must be quick (heavy work belongs to the loop, before its next batch)."""

    def __init__(
        self,
        on_assigned: Callable[[set[TopicPartition]], None],
        on_revoked: Callable[[set[TopicPartition]], None],
    ) -> None:
        self._on_assigned = on_assigned
        self._on_revoked = on_revoked

    def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        self._on_revoked(revoked)

    def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self._on_assigned(assigned)


class Backoff:
    """Exponential backoff with jitter (half of each delay fixed, half random), capped; `wait` returns early when `stopped` is set.

    Jitter keeps instances that lost the broker together from all retrying at the same instant."""

    def __init__(
        self,
        cap_seconds: float,
        stopped: threading.Event,
        first_seconds: float = 0.1,
        rng: random.Random | None = None,
    ) -> None:
        self.cap = cap_seconds
        self.first = first_seconds
        self.stopped = stopped
        self.failures = 0
        self._rng = rng or random.Random()

    def next_delay(self) -> float:
        """Count one more failure; the delay before the next attempt."""
        self.failures += 1
        ceiling = min(self.cap, self.first * 2.0 ** min(self.failures - 1, 30))
        return ceiling / 2 + self._rng.uniform(0, ceiling / 2)

    def wait(self) -> float:
        delay = self.next_delay()
        self.stopped.wait(delay)
        return delay

    def reset(self) -> None:
        self.failures = 0


class PollPacer:
    """Waits, with backoff, after a poll that returned nothing long before its timeout.

    kafka-python's poll returns at once, empty, while it cannot reach the group coordinator (a
    broker paused or killed): polling again at once would spin a core for as long as the broker is
    gone. A poll that found records, or waited its time out, resets the backoff."""

    def __init__(self, timeout_ms: int, backoff: Backoff) -> None:
        self.timeout_ms = timeout_ms
        self.backoff = backoff

    def after(self, started: float, found_records: bool) -> None:
        """Call after each poll with the `time.monotonic()` it started at."""
        if found_records or time.monotonic() - started >= self.timeout_ms / 2000:
            self.backoff.reset()
        else:
            self.backoff.wait()


# kafka-python waits for a transactional call's answer without a timeout, and while it waits on a
# broker that is paused or gone its sender thread can spin a core. These calls wait at most
# `timeout_s` and raise KafkaTimeoutError; the caller then abandons the producer (`abandon`), whose
# open transaction the broker aborts, and its batch is consumed again. They use the client's
# transaction manager as its own public methods do (kafka/producer/kafka.py), adding the timeout.
def send_offsets(producer: KafkaProducer, offsets: Offsets, group: object, timeout_s: float) -> None:
    manager = producer._transaction_manager
    _await(producer, manager.send_offsets_to_transaction(offsets, group), "sending the offsets", timeout_s)


class CommitOutcomeUnknown(KafkaTimeoutError):
    """The commit got no answer in time: it may have happened or not. Rewinding would risk deciding
    its batch twice; start over instead from the offsets the group has committed, once a new
    producer with this transactional id has settled the old transaction."""


def commit(producer: KafkaProducer, timeout_s: float) -> None:
    try:
        _await(producer, producer._transaction_manager.begin_commit(), "the commit", timeout_s)
    except KafkaTimeoutError as exc:
        raise CommitOutcomeUnknown(str(exc)) from None


def abort(producer: KafkaProducer, timeout_s: float) -> None:
    _await(producer, producer._transaction_manager.begin_abort(), "the abort", timeout_s)


# While it has no connection to any broker the sender thread spins (about a tenth of a core, seen
# with a broker killed mid-transaction), so a call gives up after this long without one instead of
# waiting out its whole timeout.
UNREACHABLE_GIVE_UP_S = 3.0
_WAIT_SLICE_MS = 250


def _await(producer: KafkaProducer, result: Any, what: str, timeout_s: float) -> None:
    producer._sender.wakeup()
    started = time.monotonic()
    unreachable_since: float | None = None
    while not result.wait(timeout_ms=_WAIT_SLICE_MS):
        now = time.monotonic()
        if now - started >= timeout_s:
            raise KafkaTimeoutError(f"{what} got no answer from Kafka in {timeout_s:.0f}s")
        if _connected(producer):
            unreachable_since = None
        elif unreachable_since is None:
            unreachable_since = now
        elif now - unreachable_since >= UNREACHABLE_GIVE_UP_S:
            raise KafkaTimeoutError(f"{what}: no broker reachable for {UNREACHABLE_GIVE_UP_S:.0f}s")


def _connected(producer: KafkaProducer) -> bool:
    """Whether the producer holds an open connection to some broker (kafka-python 3's connection
    manager; if that changes shape, assume connected and wait out the full timeout)."""
    try:
        return bool(producer._sender._client._manager.least_used_connections())
    except AttributeError:
        return True


def abandon(producer: KafkaProducer) -> None:
    """Close at once, dropping what is unsent (an open transaction is aborted by the broker)."""
    try:
        producer.close(timeout=0)
    except KafkaError:  # its flush found records it cannot send: stop the sender thread anyway
        producer._sender.force_close()
