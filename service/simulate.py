"""`zeroview simulate`: play the upload pipeline against a running service and show its decisions.

Posts get fresh ids and `created_at = now`, so the same file can be replayed; decisions are read
with read_committed (as the pipeline would) and printed as they arrive, then summarised.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, TextIO

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from service.contracts import utc_now
from service.settings import Settings

COLOURS = {"remove": "\033[31m", "hold": "\033[33m", "allow": "\033[32m"}
RESET = "\033[0m"


def load_posts(path: Path | None) -> list[dict[str, Any]]:
    text = (
        path.read_text(encoding="utf-8")
        if path
        else (files("service") / "data" / "sample_posts.jsonl").read_text(encoding="utf-8")
    )
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@dataclass
class Tracker:
    """Matches decisions to the posts this run sent."""

    sent: dict[str, dict[str, Any]]
    sent_at: dict[str, float] = field(default_factory=dict)
    decided: dict[str, dict[str, Any]] = field(default_factory=dict)
    round_trip: list[float] = field(default_factory=list)
    duplicates: int = 0

    def take(self, decision: dict[str, Any]) -> bool:
        post_id = decision.get("post_id")
        if post_id not in self.sent:
            return False
        if post_id in self.decided:
            self.duplicates += 1
            return False
        self.decided[post_id] = decision
        self.round_trip.append(time.monotonic() - self.sent_at[post_id])
        return True

    @property
    def done(self) -> bool:
        return len(self.decided) == len(self.sent)


def _decisions_reader(settings: Settings) -> KafkaConsumer:
    consumer = KafkaConsumer(
        **settings.kafka_client_options(),
        isolation_level="read_committed",
        enable_auto_commit=False,
        group_id=None,
        value_deserializer=json.loads,
    )
    partitions = [
        TopicPartition(settings.topic_decisions, p)
        for p in sorted(consumer.partitions_for_topic(settings.topic_decisions) or ())
    ]
    if not partitions:
        raise SystemExit(f"topic {settings.topic_decisions} does not exist: is `zeroview serve` running?")
    consumer.assign(partitions)
    consumer.seek_to_end()
    for tp in partitions:
        consumer.position(tp)  # resolve "end" now, before our posts are produced
    return consumer


def _show(decision: dict[str, Any], post: dict[str, Any], out: TextIO, colour: bool) -> None:
    action = decision["action"]
    label = f"{COLOURS[action]}{action:>6}{RESET}" if colour else f"{action:>6}"
    text = (post.get("text") or " ".join("#" + t for t in post.get("hashtags", []))).replace("\n", " ")
    reason = decision["reasons"][1] if len(decision["reasons"]) > 1 else decision["reasons"][0]
    out.write(
        f"{label} {decision['score']:.2f} [{post.get('lang') or '?':>2}] {text[:70]:<70} | {reason[:90]}\n"
    )
    out.flush()


def run(
    settings: Settings, posts: list[dict[str, Any]], wait_seconds: float, out: TextIO = sys.stdout
) -> Tracker:
    run_id = uuid.uuid4().hex[:8]
    tracker = Tracker(sent={})
    reader = _decisions_reader(settings)
    producer = KafkaProducer(**settings.kafka_client_options(), acks="all", linger_ms=5)
    colour = out.isatty()
    try:
        for sample in posts:
            post = {**sample, "post_id": f"{run_id}-{sample['post_id']}", "created_at": utc_now().isoformat()}
            tracker.sent[post["post_id"]] = post
            tracker.sent_at[post["post_id"]] = time.monotonic()
            producer.send(
                settings.topic_posts,
                key=post["post_id"].encode(),
                value=json.dumps(post, ensure_ascii=False).encode(),
            )
        producer.flush()
        out.write(
            f"sent {len(posts)} posts to {settings.topic_posts} (run {run_id}); decisions as they arrive:\n"
        )
        deadline = time.monotonic() + wait_seconds
        while not tracker.done and time.monotonic() < deadline:
            for records in reader.poll(timeout_ms=200).values():
                for record in records:
                    if tracker.take(record.value):
                        _show(record.value, tracker.sent[record.value["post_id"]], out, colour)
    finally:
        producer.close()
        reader.close()
    return tracker


def summarise(tracker: Tracker, settings: Settings, out: TextIO = sys.stdout) -> None:
    actions = Counter(d["action"] for d in tracker.decided.values())
    out.write("\n=== summary ===\n")
    out.write(
        f"posts sent: {len(tracker.sent)}, decided: {len(tracker.decided)}, "
        f"missing: {len(tracker.sent) - len(tracker.decided)}, duplicates: {tracker.duplicates}\n"
    )
    out.write("actions: " + ", ".join(f"{a} {actions.get(a, 0)}" for a in ("remove", "hold", "allow")) + "\n")
    if tracker.round_trip:
        ordered = sorted(tracker.round_trip)
        p50, p99 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        out.write(f"produce -> decision consumed: p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms\n")
    base = f"http://{settings.http_host}:{settings.http_port}"
    out.write(f"metrics: {base}/metrics   API docs: {base}/docs   model card: {base}/v1/model\n")


def main(args: argparse.Namespace, settings: Settings) -> int:
    tracker = run(settings, load_posts(args.posts), args.wait)
    summarise(tracker, settings)
    return 0 if tracker.done else 1
