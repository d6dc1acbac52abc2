"""The tracker's durable state: a compacted topic keyed like the inputs (by post_id), plus one record
per instance with its cumulative counts, all written in the same transaction as the input offsets."""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field

from kafka import KafkaConsumer, TopicPartition
from kafka.partitioner.default import murmur2

from service.errors import RestoreTimeout
from service.preview.state import PostState
from service.preview.tracker import Effects

TOTALS_PREFIX = "__totals__/"


def partition_of(key: str, partitions: int) -> int:
    """The partition kafka-python's (and Java's) default partitioner gives a key."""
    hashed: int = murmur2(key.encode())
    return (hashed & 0x7FFFFFFF) % partitions


@dataclass
class Totals:
    """Everything this instance has counted since it first ran; restored after a restart."""

    removed: Counter[str] = field(default_factory=Counter)  # "auto|false" -> n
    overturned: Counter[str] = field(default_factory=Counter)
    holds_resolved: Counter[str] = field(default_factory=Counter)

    def plus(self, effects: Effects) -> Totals:
        removed = Counter(self.removed)
        for (stage, viewed), count in effects.removed.items():
            removed[f"{stage}|{str(viewed).lower()}"] += count
        return Totals(
            removed, self.overturned + effects.overturned, self.holds_resolved + effects.holds_resolved
        )

    def encode(self) -> bytes:
        return json.dumps(
            {"removed": self.removed, "overturned": self.overturned, "holds_resolved": self.holds_resolved},
            sort_keys=True,
        ).encode()

    @classmethod
    def decode(cls, raw: bytes) -> Totals:
        data = json.loads(raw)
        return cls(Counter(data["removed"]), Counter(data["overturned"]), Counter(data["holds_resolved"]))


def read_partition(
    consumer: KafkaConsumer, tp: TopicPartition, timeout: float = 60.0
) -> dict[str, bytes | None]:
    """The latest committed value per key of one changelog partition (None for a tombstone)."""
    consumer.assign([tp])
    consumer.seek_to_beginning(tp)
    end = consumer.end_offsets([tp])[tp]
    latest: dict[str, bytes | None] = {}
    deadline = time.monotonic() + timeout
    while consumer.position(tp) < end:  # transaction markers move the position past the data
        if time.monotonic() > deadline:
            raise RestoreTimeout(f"{tp.topic}-{tp.partition} not read to offset {end} in {timeout:.0f}s")
        for records in consumer.poll(timeout_ms=500).values():
            for record in records:
                latest[record.key.decode()] = record.value
    return latest


def decode_states(entries: dict[str, bytes | None]) -> dict[str, PostState | None]:
    return {
        key: (PostState.decode(value) if value is not None else None)
        for key, value in entries.items()
        if not key.startswith(TOTALS_PREFIX)
    }
