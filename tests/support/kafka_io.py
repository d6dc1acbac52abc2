"""Producing to and reading from the real local Kafka in tests."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord

from service.contracts import utc_now
from service.settings import Settings


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def isolated_settings(bootstrap: str, http_port: int, **overrides: Any) -> Settings:
    """Settings whose topics, group and instance belong to one test only."""
    tag = uuid.uuid4().hex[:10]
    values: dict[str, Any] = {
        "kafka_bootstrap": bootstrap,
        "group_id": f"zv-test-{tag}",
        "instance_id": f"i-{tag}",
        "topic_posts": f"t-{tag}.posts",
        "topic_decisions": f"t-{tag}.decisions",
        "topic_dlq": f"t-{tag}.dlq",
        "topic_views": f"t-{tag}.views",
        "topic_labels": f"t-{tag}.labels",
        "topic_evidence": f"t-{tag}.evidence",
        "topic_shadow": f"t-{tag}.shadow",
        "topic_preview_state": f"t-{tag}.preview-state",
        "http_port": http_port,
        # one scoring worker: the suite is CPU-bound and each worker's start costs ~2 s of CPU;
        # the tests of the pool ask for two
        "scoring_workers": 1,
        **overrides,
    }
    return Settings(**values)


def post(post_id: str | None = None, **fields: Any) -> dict[str, Any]:
    return {
        "schema": "post.v1",
        "post_id": post_id or unique("p"),
        "created_at": utc_now().isoformat(),
        **fields,
    }


def producer(settings: Settings, **options: Any) -> KafkaProducer:
    return KafkaProducer(**{**settings.kafka_client_options(), "acks": "all", "linger_ms": 0, **options})


def send_posts(
    settings: Settings, posts: Iterable[dict[str, Any]], kafka: KafkaProducer | None = None
) -> None:
    own = kafka is None
    kafka = kafka or producer(settings)
    for item in posts:
        kafka.send(settings.topic_posts, key=item["post_id"].encode(), value=json.dumps(item).encode())
    kafka.flush()
    if own:
        kafka.close()


@dataclass
class TopicReader:
    """Reads a whole topic from the beginning (read_committed), as downstream consumers do."""

    settings: Settings
    topic: str
    decode: Callable[[ConsumerRecord], Any] = lambda record: json.loads(record.value)
    records: list[ConsumerRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._consumer = KafkaConsumer(
            **self.settings.kafka_client_options(),
            group_id=None,
            enable_auto_commit=False,
            isolation_level="read_committed",
            auto_offset_reset="earliest",
            fetch_max_wait_ms=20,
        )
        deadline = time.monotonic() + 10
        partitions = None
        while not partitions and time.monotonic() < deadline:
            partitions = self._consumer.partitions_for_topic(self.topic)
            if not partitions:
                time.sleep(0.1)
        assert partitions, f"topic {self.topic} never appeared"
        self._consumer.assign([TopicPartition(self.topic, p) for p in sorted(partitions)])
        self._consumer.seek_to_beginning()

    def poll(self, timeout_ms: int = 100) -> list[ConsumerRecord]:
        fresh = [r for rs in self._consumer.poll(timeout_ms=timeout_ms).values() for r in rs]
        self.records += fresh
        return fresh

    def values(self) -> list[Any]:
        return [self.decode(record) for record in self.records]

    def wait_for(self, done: Callable[[list[ConsumerRecord]], bool], timeout: float) -> list[ConsumerRecord]:
        deadline = time.monotonic() + timeout
        while not done(self.records) and time.monotonic() < deadline:
            self.poll()
        return self.records

    def read_to_end(self, timeout: float = 60.0) -> list[ConsumerRecord]:
        """Everything committed by now: reads until the position reaches each partition's last stable
        offset as it was on entry. Whatever a service committed before the call (a duplicate, too) is in
        `records` afterwards, with no guess of how long to wait for it."""
        ends = self._consumer.end_offsets(list(self._consumer.assignment()))
        deadline = time.monotonic() + timeout
        while any(self._consumer.position(tp) < end for tp, end in ends.items()):
            assert time.monotonic() < deadline, f"{self.topic} not read to its end in {timeout}s"
            self.poll()
        return self.records

    def close(self) -> None:
        self._consumer.close()


def decide_through(
    settings: Settings, posts: list[dict[str, Any]], timeout: float = 120
) -> dict[str, dict[str, Any]]:
    """Send the posts through a running service; its committed decisions by post id."""
    send_posts(settings, posts)
    decisions = TopicReader(settings, settings.topic_decisions)
    try:
        decisions.wait_for(lambda records: len(records) >= len(posts), timeout=timeout)
        return {d["post_id"]: d for d in decisions.values()}
    finally:
        decisions.close()
