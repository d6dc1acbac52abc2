"""kafka-python clients configured from Settings, and the topics the service needs."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from typing import Any

from kafka import ConsumerRebalanceListener, KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

from service.settings import Settings

log = logging.getLogger(__name__)


def make_consumer(
    settings: Settings, topics: Sequence[str] = (), group_id: str | None = None, **overrides: Any
) -> KafkaConsumer:
    """A manual-commit consumer that reads only committed records (upstream may be transactional)."""
    options: dict[str, Any] = {
        **settings.kafka_client_options(),
        "group_id": group_id if group_id is not None else settings.group_id,
        "client_id": f"zeroview-{settings.instance_id}",
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "isolation_level": "read_committed",
        "max_poll_records": settings.max_batch,
        "fetch_max_wait_ms": settings.fetch_max_wait_ms,
        "fetch_max_bytes": 8
        * 1024
        * 1024,  # a 2,000-post batch is a few MB; a larger record still comes whole
        "max_partition_fetch_bytes": 4 * 1024 * 1024,
        "reconnect_backoff_max_ms": 2000,
        # How soon new partitions are seen. Consumers subscribe through a pattern (`subscribe`), so
        # each refresh lists every topic of the cluster (1,586 on a broker after a test suite): once a
        # minute, not every 10 s. (The 10 s were for consumers assigned nothing because they joined
        # before their first metadata: `subscribe` now fetches it before every join.)
        "metadata_max_age_ms": 60_000,
        "session_timeout_ms": settings.session_timeout_ms,
        "heartbeat_interval_ms": max(500, settings.session_timeout_ms // 4),
        # Also the rebalance timeout: how long the broker holds a JoinGroup open for members that
        # have not rejoined yet. Once (1 run in 3 of the suite), a service whose first assignment
        # was empty ("No partition metadata") rejoined and got no answer for over 120 s; the default
        # 300 s would let such a wait last five minutes. The loop polls at least every few seconds
        # (a 2,000-post batch scores in ~1 s; Kafka calls are bounded), so 60 s is ample.
        "max_poll_interval_ms": 60_000,
        **overrides,
    }
    if settings.static_membership and options["group_id"] is not None:
        options.setdefault("group_instance_id", settings.instance_id)
    consumer = KafkaConsumer(**options)
    if topics:
        subscribe(consumer, topics)
    return consumer


def subscribe(
    consumer: KafkaConsumer, topics: Sequence[str], listener: ConsumerRebalanceListener | None = None
) -> None:
    """Subscribe to exactly `topics`, through a pattern that matches them and nothing else.

    kafka-python refreshes its metadata before joining the group only for a pattern subscription
    (its coordinator's note on KAFKA-3949). Subscribed by name, a consumer that joins before its
    first metadata response has arrived computes the group's assignment without the topic's
    partitions ("No partition metadata for topic ...") and is assigned nothing. Under static
    membership a restarted instance is then handed that same empty assignment without a rebalance,
    and stays idle: seen once in the suite, where after three kill -9 restarts the last instance
    decided none of the 17,369 posts still to come."""
    pattern = "^(?:" + "|".join(re.escape(topic) for topic in topics) + ")$"
    consumer.subscribe(pattern=pattern, listener=listener)


def make_producer(settings: Settings, transactional: bool = True, **overrides: Any) -> KafkaProducer:
    """The decisions producer: transactional, so decisions, DLQ records and offsets commit together."""
    options: dict[str, Any] = {
        **settings.kafka_client_options(),
        "client_id": f"zeroview-{settings.instance_id}",
        "acks": "all",
        "linger_ms": 2,
        "batch_size": 256 * 1024,
        "max_request_size": settings.max_message_bytes + 1024 * 1024,
        "reconnect_backoff_max_ms": 2000,
        "retry_backoff_ms": settings.producer_retry_backoff_ms,
        **overrides,
    }
    if transactional:
        options.setdefault("transactional_id", settings.transactional_id)
        options["enable_idempotence"] = True
    return KafkaProducer(**options)


def make_admin(settings: Settings) -> KafkaAdminClient:
    """An admin client that gives up on an unreachable broker after a few seconds (the callers
    retry with backoff and can be stopped between attempts)."""
    return KafkaAdminClient(
        **settings.kafka_client_options(),
        client_id=f"zeroview-admin-{settings.instance_id}",
        bootstrap_timeout_ms=5_000,
    )


def ensure_topics(settings: Settings, partitions: int | None = None) -> list[str]:
    """Create the contract's topics that do not exist yet; returns the ones created."""
    wanted = {
        settings.topic_posts: {"max.message.bytes": str(settings.max_message_bytes)},
        # a dead letter is the original record plus headers saying why
        settings.topic_dlq: {"max.message.bytes": str(settings.max_message_bytes + 1024 * 1024)},
        settings.topic_decisions: {},
        settings.topic_shadow: {},
        settings.topic_views: {},
        settings.topic_labels: {},
        # the post's text: kept as long as reviews and referrals need it, no longer
        settings.topic_evidence: {
            "retention.ms": str(settings.evidence_retention_ms),
            "max.message.bytes": str(settings.max_message_bytes + 1024 * 1024),
        },
        # compacted: the latest state per post, plus each instance's cumulative counts
        settings.preview_state_topic: {
            "cleanup.policy": "compact",
            "segment.ms": "600000",
            "min.cleanable.dirty.ratio": "0.1",
        },
    }
    admin = make_admin(settings)
    try:
        existing = set(admin.list_topics())
        missing = [
            NewTopic(name, partitions or settings.topic_partitions, 1, topic_configs=configs)
            for name, configs in wanted.items()
            if name not in existing
        ]
        created = []
        for topic in missing:
            try:
                admin.create_topics([topic])
                created.append(topic.name)
            except TopicAlreadyExistsError:
                pass  # another instance created it between our listing and our request
        if created:
            log.info("created topics %s", ", ".join(created))
            _await_leaders(admin, created)
        return created
    finally:
        admin.close()


def _await_leaders(admin: KafkaAdminClient, topics: list[str], timeout: float = 30.0) -> None:
    """Wait until the broker's metadata shows a leader for every partition of the new topics.

    A consumer group that joins before then is assigned none of their partitions, and the
    client only notices its metadata changed at its next refresh, which may be minutes away."""
    deadline = time.monotonic() + timeout
    pending = set(topics)
    while pending:
        pending = {
            topic["name"]
            for topic in admin.describe_topics(sorted(pending))
            if topic["error_code"] != 0
            or not topic["partitions"]
            or any(p["error_code"] != 0 or p["leader_id"] < 0 for p in topic["partitions"])
        }
        if pending and time.monotonic() > deadline:
            log.warning("topics %s have no leader after %.0fs; going on", ", ".join(sorted(pending)), timeout)
            return
        if pending:
            time.sleep(0.1)
