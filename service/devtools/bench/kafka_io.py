"""The benchmark's own Kafka clients: per-phase topics, a backlog released at once, and a
read_committed reader that counts the decisions as downstream consumers would see them."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import KafkaError

from service.contracts import utc_now
from service.devtools.bench import BenchError
from service.devtools.bench.posts import BenchPost
from service.kafka.clients import ensure_topics, make_admin
from service.settings import Settings

log = logging.getLogger(__name__)


def phase_settings(base: Settings, run_tag: str, phase: str, partitions: int) -> Settings:
    """Topics and a group that belong to one phase of one run (instance ids are set per process)."""
    prefix = f"zeroview-bench-{run_tag}-{phase}"
    return base.model_copy(
        update={
            "group_id": prefix,
            "topic_posts": f"{prefix}.posts",
            "topic_decisions": f"{prefix}.decisions",
            "topic_dlq": f"{prefix}.dlq",
            "topic_views": f"{prefix}.views",
            "topic_labels": f"{prefix}.labels",
            "topic_evidence": f"{prefix}.evidence",
            "topic_preview_state": f"{prefix}.preview-state",
            "topic_shadow": f"{prefix}.shadow-decisions",
            "topic_partitions": partitions,
        }
    )


def create_topics(settings: Settings) -> list[str]:
    return ensure_topics(settings, partitions=settings.topic_partitions)


def delete_topics(settings: Settings, names: Sequence[str]) -> None:
    """Delete the topics this run created (and only those)."""
    if not names:
        return
    admin = make_admin(settings)
    try:
        admin.delete_topics(list(names))
    except KafkaError as exc:  # leftovers cost disk, not correctness: say so and go on
        log.warning("could not delete benchmark topics %s: %s", ", ".join(names), exc)
    finally:
        admin.close()


class Backlog:
    """Posts produced in one open transaction, invisible to read_committed consumers until released.

    The service can then be started and made ready while the backlog is written (producing 100,000
    posts takes a core for seconds), and the whole backlog appears at one instant: the drain is
    timed from that instant without start-up, model loading or the producer in the window.
    """

    def __init__(self, settings: Settings, transactional_id: str) -> None:
        self.topic = settings.topic_posts
        self.count = 0
        self._producer = KafkaProducer(
            **settings.kafka_client_options(),
            transactional_id=transactional_id,
            enable_idempotence=True,
            acks="all",
            linger_ms=20,
            batch_size=512 * 1024,
            max_request_size=settings.max_message_bytes,
            # long enough for the service to start while the transaction is open
            transaction_timeout_ms=600_000,
        )
        self._producer.init_transactions()
        self._producer.begin_transaction()

    def stage(self, posts: Sequence[BenchPost], id_prefix: str) -> None:
        created_at = utc_now().isoformat()
        for index, post in enumerate(posts):
            post_id = f"{id_prefix}-{index}"
            self._producer.send(self.topic, key=post_id.encode(), value=post.to_bytes(post_id, created_at))
        self._producer.flush()
        self.count += len(posts)

    def release(self) -> float:
        """Commit the transaction; returns the monotonic time the backlog became visible."""
        self._producer.commit_transaction()
        return time.monotonic()

    def close(self) -> None:
        self._producer.close(timeout=5)


class DecisionReader:
    """Reads a decisions topic with read_committed; keeps keys and raw values (decoded later)."""

    def __init__(self, settings: Settings, from_end: bool = False) -> None:
        self.topic = settings.topic_decisions
        self.keys: set[bytes] = set()
        self.values: list[bytes] = []
        self.records = 0
        self.last_at = 0.0
        self._consumer = KafkaConsumer(
            **settings.kafka_client_options(),
            group_id=None,
            enable_auto_commit=False,
            isolation_level="read_committed",
            auto_offset_reset="earliest",
            fetch_max_wait_ms=10,  # an idle fetch returns quickly: the end of a drain is seen at once
            fetch_max_bytes=64 * 1024 * 1024,
            max_partition_fetch_bytes=8 * 1024 * 1024,
            # kafka-python checks CRCs in pure Python unless the `crc32c` package is installed; the
            # bench's own reader should take as little of the 2 cores from the service as it can
            check_crcs=False,
        )
        partitions = self._consumer.partitions_for_topic(self.topic)
        if not partitions:
            raise BenchError(f"topic {self.topic} does not exist")
        assigned = [TopicPartition(self.topic, p) for p in sorted(partitions)]
        self._consumer.assign(assigned)
        if from_end:
            self._consumer.seek_to_end()
            for tp in assigned:
                self._consumer.position(tp)  # resolve "end" now, before any post is produced

    def poll(self, timeout_ms: int = 50) -> list[ConsumerRecord]:
        fresh = [
            r for rs in self._consumer.poll(timeout_ms=timeout_ms, max_records=50_000).values() for r in rs
        ]
        if fresh:
            self.last_at = time.monotonic()
            self.records += len(fresh)
            self.keys.update(record.key for record in fresh)
            self.values.extend(record.value for record in fresh)
        return fresh

    def wait_for(self, count: int, timeout: float, check: Callable[[], Any] = lambda: None) -> None:
        """Until `count` distinct posts have a committed decision; `check` raises if a process died."""
        deadline = time.monotonic() + timeout
        while len(self.keys) < count:
            if time.monotonic() > deadline:
                raise BenchError(
                    f"only {len(self.keys)} of {count} decisions in {self.topic} after {timeout:.0f}s"
                )
            check()
            self.poll()

    def close(self) -> None:
        self._consumer.close()
