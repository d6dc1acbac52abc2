"""`subscribe` joins the group for exactly the named topics, with their partitions in the first
assignment (kafka-python refreshes metadata before joining only for a pattern subscription)."""

from __future__ import annotations

import time

import pytest
from kafka import TopicPartition
from kafka.admin import NewTopic

from service.kafka.clients import make_admin, make_consumer, subscribe
from service.kafka.transactions import AssignmentListener
from service.settings import Settings

pytestmark = pytest.mark.kafka


def test_the_first_assignment_holds_every_partition_of_exactly_the_named_topics(
    service_settings: Settings,
) -> None:
    posts = service_settings.topic_posts  # "t-<tag>.posts": the dot must not match any character
    lookalikes = [posts + "-other", posts.replace(".", "x"), "x" + posts]
    admin = make_admin(service_settings)
    try:
        admin.create_topics([NewTopic(name, 3, 1) for name in [posts, *lookalikes]])
    finally:
        admin.close()
    assignments: list[set[TopicPartition]] = []
    # a static member, as the service's consumers are
    consumer = make_consumer(service_settings, group_instance_id=service_settings.instance_id)
    try:
        subscribe(
            consumer, [posts], AssignmentListener(lambda tps: assignments.append(set(tps)), lambda _: None)
        )
        deadline = time.monotonic() + 60
        while not assignments and time.monotonic() < deadline:
            consumer.poll(timeout_ms=500)
    finally:
        consumer.close()
    assert assignments, "never assigned within 60 s"
    assert assignments[0] == {TopicPartition(posts, p) for p in range(3)}
