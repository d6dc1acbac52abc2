"""Reading a topic once to its end, the way the review tools do: committed records only, every
partition assigned by hand, no consumer group and so nothing committed on anyone's behalf."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from kafka import KafkaConsumer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from pydantic import BaseModel

from service.errors import ReviewError
from service.kafka.clients import make_consumer
from service.settings import Settings

M = TypeVar("M", bound=BaseModel)


def read_topic(
    settings: Settings, topic: str, since: datetime | None = None, stall_seconds: float = 60.0
) -> Iterator[ConsumerRecord]:
    """Every committed record of `topic` (from `since` by record timestamp, if given) up to each
    partition's last stable offset as it was when the read began. Raises ReviewError if the topic
    does not exist, or if the read stops moving for `stall_seconds` (a broker gone)."""
    consumer = make_consumer(settings, group_id=None, fetch_max_wait_ms=100, bootstrap_timeout_ms=10_000)
    try:
        partitions = consumer.partitions_for_topic(topic)
        if not partitions:
            raise ReviewError(f"topic {topic!r} does not exist on {settings.kafka_bootstrap}")
        assigned = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(assigned)
        _seek(consumer, assigned, since)
        ends = consumer.end_offsets(assigned)
        moved_at, positions = time.monotonic(), _positions(consumer, ends)
        while any(positions[tp] < end for tp, end in ends.items()):
            for records in consumer.poll(timeout_ms=500).values():
                yield from records
            now_at = _positions(consumer, ends)
            if now_at != positions:
                moved_at, positions = time.monotonic(), now_at
            elif time.monotonic() - moved_at > stall_seconds:
                raise ReviewError(f"reading {topic!r} stalled for {stall_seconds:.0f}s at {positions}")
    finally:
        consumer.close()


def _seek(consumer: KafkaConsumer, assigned: list[TopicPartition], since: datetime | None) -> None:
    if since is None:
        consumer.seek_to_beginning(*assigned)
        return
    wanted = {tp: int(since.timestamp() * 1000) for tp in assigned}
    found = consumer.offsets_for_times(wanted)
    for tp in assigned:
        if found.get(tp) is None:  # nothing that recent: start at the end
            consumer.seek_to_end(tp)
        else:
            consumer.seek(tp, found[tp].offset)


def _positions(consumer: KafkaConsumer, ends: dict[TopicPartition, int]) -> dict[TopicPartition, int]:
    # transaction markers move the position past the last record, so it reaches the end offset
    return {tp: consumer.position(tp) for tp in ends}


@dataclass
class Skipped:
    """How many records were not valid messages of the kind read."""

    count: int = 0


def decoded(records: Iterable[ConsumerRecord], model: type[M], skipped: Skipped) -> Iterator[M]:
    """Each record's value validated as `model`, in topic order; an invalid one is counted in
    `skipped`, never an error (the moderation loop already sent the posts it could not read to
    the DLQ)."""
    for record in records:
        try:
            if record.value is None:
                raise ValueError("tombstone")
            yield model.model_validate_json(record.value)
        except ValueError:  # pydantic's ValidationError is one
            skipped.count += 1
