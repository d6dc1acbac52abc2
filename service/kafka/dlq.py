"""What a dead-letter record carries: the original key, value and headers, plus where it came from
and why it could not be decided. The value is the original bytes, untouched."""

from __future__ import annotations

import logging

from kafka import KafkaProducer
from kafka.consumer.fetcher import ConsumerRecord

from service.errors import InvalidEvent

log = logging.getLogger(__name__)

REASON = "zeroview.error.reason"
DETAIL = "zeroview.error.detail"
SOURCE_TOPIC = "zeroview.source.topic"
SOURCE_PARTITION = "zeroview.source.partition"
SOURCE_OFFSET = "zeroview.source.offset"
SOURCE_TIMESTAMP = "zeroview.source.timestamp"


def dlq_headers(record: ConsumerRecord, error: InvalidEvent) -> list[tuple[str, bytes]]:
    original = [(key, value) for key, value in (record.headers or []) if not key.startswith("zeroview.")]
    return [
        *original,
        (REASON, error.reason.encode()),
        (DETAIL, error.detail.encode("utf-8", "replace")),
        (SOURCE_TOPIC, record.topic.encode()),
        (SOURCE_PARTITION, str(record.partition).encode()),
        (SOURCE_OFFSET, str(record.offset).encode()),
        (SOURCE_TIMESTAMP, str(record.timestamp).encode()),
    ]


def send_dead_letter(
    producer: KafkaProducer, topic: str, record: ConsumerRecord, error: InvalidEvent
) -> None:
    """The original record, untouched, with the headers above (in the caller's transaction)."""
    producer.send(topic, key=record.key, value=record.value, headers=dlq_headers(record, error))
    log.info(
        "DLQ %s-%d@%d: %s: %s", record.topic, record.partition, record.offset, error.reason, error.detail
    )
