"""A steady stream of posts, and the check that each got exactly one committed decision."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from importlib.resources import files
from typing import Any

from kafka import KafkaProducer

from service.contracts import utc_now
from service.settings import Settings
from tests.support.kafka_io import TopicReader

SAMPLE_TEXTS = [
    json.loads(line)["text"] or "#ivory #forsale"
    for line in (files("service") / "data" / "sample_posts.jsonl").read_text(encoding="utf-8").splitlines()
]


class PostStream(threading.Thread):
    """Produces `count` posts at `rate` per second; survives broker outages (the producer retries)."""

    def __init__(self, settings: Settings, count: int, rate: float, prefix: str = "s") -> None:
        super().__init__(name="post-stream", daemon=True)
        self.settings = settings
        self.count = count
        self.rate = rate
        self.ids = [f"{prefix}-{i}" for i in range(count)]
        self.sent = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        producer = KafkaProducer(
            **self.settings.kafka_client_options(),
            acks="all",
            linger_ms=5,
            retries=1_000_000,
            delivery_timeout_ms=180_000,
            max_block_ms=180_000,
            request_timeout_ms=5_000,
        )
        started = time.monotonic()
        try:
            for index, post_id in enumerate(self.ids):
                due = started + index / self.rate
                if (pause := due - time.monotonic()) > 0:
                    time.sleep(pause)
                post: dict[str, Any] = {
                    "post_id": post_id,
                    "created_at": utc_now().isoformat(),
                    "text": SAMPLE_TEXTS[index % len(SAMPLE_TEXTS)],
                    "lang": "en",
                }
                producer.send(
                    self.settings.topic_posts, key=post_id.encode(), value=json.dumps(post).encode()
                )
                self.sent = index + 1
            producer.flush()
        except BaseException as exc:  # surfaced by the test through `error`
            self.error = exc
            raise
        finally:
            producer.close()

    def wait_sent(self, at_least: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.sent < at_least and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self.sent >= at_least, f"only {self.sent} posts sent"


def committed_decisions(settings: Settings, expected: set[str], timeout: float) -> Counter[str]:
    """post_id -> number of committed decisions, once every expected post has one (or the timeout)."""
    reader = TopicReader(settings, settings.topic_decisions)
    seen: Counter[str] = Counter()

    def all_seen(records: list[Any]) -> bool:
        for record in records[sum(seen.values()) :]:
            seen[json.loads(record.value)["post_id"]] += 1
        return expected <= seen.keys()

    reader.wait_for(all_seen, timeout)
    all_seen(reader.read_to_end())  # a duplicate committed by now is counted too
    reader.close()
    return seen


def assert_exactly_once(counts: Counter[str], expected: set[str]) -> None:
    missing = expected - counts.keys()
    doubled = {post_id: n for post_id, n in counts.items() if n > 1}
    unknown = counts.keys() - expected
    assert not missing and not doubled and not unknown, (
        f"{len(missing)} missing (e.g. {sorted(missing)[:5]}), {len(doubled)} doubled "
        f"(e.g. {list(doubled.items())[:5]}), {len(unknown)} unexpected"
    )
