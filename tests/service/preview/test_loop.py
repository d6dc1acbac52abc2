"""The pre-view loop waits for its topics before its group subscribes (no broker needed: a fake reader)."""

from __future__ import annotations

import threading

from prometheus_client import CollectorRegistry

from service.health import Readiness
from service.preview.loop import PreviewLoop
from service.settings import Settings


class PublishedLater:
    """A reader whose broker lists `late` only from the `after`-th metadata look-up on."""

    def __init__(self, late: str, after: int) -> None:
        self.late, self.after, self.lookups = late, after, 0

    def partitions_for_topic(self, topic: str) -> set[int]:
        self.lookups += 1
        return set() if topic == self.late and self.lookups < self.after else {0, 1}


def loop() -> PreviewLoop:
    return PreviewLoop(Settings(kafka_bootstrap="127.0.0.1:1"), CollectorRegistry(), Readiness())


def test_it_waits_until_the_broker_lists_every_topic() -> None:
    tracker = loop()
    reader = PublishedLater("views", after=6)
    tracker._reader = reader  # type: ignore[assignment]
    assert tracker.await_topics(["decisions", "views", "labels"], pause=0.01) is True
    assert reader.lookups >= 6


def test_a_stop_ends_the_wait() -> None:
    tracker = loop()
    tracker._reader = PublishedLater("views", after=10**9)  # type: ignore[assignment]
    threading.Timer(0.2, tracker._stopped.set).start()
    assert tracker.await_topics(["views"], pause=0.01) is False
