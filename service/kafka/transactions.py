"""What both transactional loops (moderation and pre-view) share: the batch a poll returns, the
offsets that commit it, the rewind that reads it again after an abort, a rebalance listener that
only forwards, and the backoff between failed attempts."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

from kafka import ConsumerRebalanceListener, KafkaConsumer, OffsetAndMetadata, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

Batch = dict[TopicPartition, list[ConsumerRecord]]


def next_offsets(batch: Batch) -> dict[TopicPartition, OffsetAndMetadata]:
    """The offsets that, committed with the transaction, mark the whole batch consumed."""
    return {tp: OffsetAndMetadata(records[-1].offset + 1, "", -1) for tp, records in batch.items()}


def rewind(consumer: KafkaConsumer, batch: Batch) -> None:
    """Seek back to the batch's first records (of the partitions still ours) to read it again."""
    assigned = consumer.assignment()
    for tp, records in batch.items():
        if tp in assigned:
            consumer.seek(tp, records[0].offset)


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
