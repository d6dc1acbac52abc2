"""`zeroview simulate`: the upload pipeline, the playback side and human reviewers against a running
service, with decisions shown as they arrive, a live progress line, and a summary that checks the
pre-view removal rate the simulation expects against the service's own counters."""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from service.devtools.simulation.counters import preview_counters
from service.devtools.simulation.traffic import TrafficPost, flow_posts, sample_posts
from service.devtools.simulation.world import Emit, World
from service.settings import Settings

COLOURS = {"remove": "\033[31m", "hold": "\033[33m", "allow": "\033[32m"}


@dataclass
class Run:
    posts: list[TrafficPost]
    sent_at: dict[str, float] = field(default_factory=dict)
    decided: dict[str, dict[str, Any]] = field(default_factory=dict)
    round_trip: list[float] = field(default_factory=list)
    duplicates: int = 0
    events: Counter[str] = field(default_factory=Counter)


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def _decisions_reader(settings: Settings) -> KafkaConsumer:
    consumer = KafkaConsumer(
        **settings.kafka_client_options(),
        isolation_level="read_committed",
        enable_auto_commit=False,
        group_id=None,
        value_deserializer=json.loads,
    )
    partitions = sorted(consumer.partitions_for_topic(settings.topic_decisions) or ())
    if not partitions:
        raise SystemExit(f"topic {settings.topic_decisions} does not exist: is `zeroview serve` running?")
    tps = [TopicPartition(settings.topic_decisions, p) for p in partitions]
    consumer.assign(tps)
    consumer.seek_to_end()
    for tp in tps:
        consumer.position(tp)  # resolve "end" now, before our posts are produced
    return consumer


def _show(decision: dict[str, Any], post: TrafficPost, out: TextIO, colour: bool) -> None:
    action = decision["action"]
    label = f"{COLOURS[action]}{action:>6}\033[0m" if colour else f"{action:>6}"
    text = (post.body.get("text") or " ".join("#" + t for t in post.body.get("hashtags") or [])).replace(
        "\n", " "
    )
    reason = decision["reasons"][1] if len(decision["reasons"]) > 1 else decision["reasons"][0]
    out.write(
        f"{label} {decision['score']:.2f} [{post.body.get('lang') or '?':>2}] {text[:60]:<60} | {reason[:80]}\n"
    )


class Simulation:
    def __init__(
        self,
        settings: Settings,
        posts: list[TrafficPost],
        rate: float,
        deadline: float,
        seed: int,
        out: TextIO,
    ) -> None:
        self.settings = settings
        self.run = Run(posts)
        self.rate = rate
        self.world = World(random.Random(seed), deadline=deadline)
        self.out = out
        self.tty = out.isatty()
        self.by_id = {post.body["post_id"]: post for post in posts}

    def play(self, wait: float) -> None:
        reader = _decisions_reader(self.settings)
        producer = KafkaProducer(**self.settings.kafka_client_options(), acks="all", linger_ms=5)
        started = time.monotonic()
        next_post, shown_at = 0, 0.0
        try:
            while True:
                now = time.time()
                elapsed = time.monotonic() - started
                while next_post < len(self.run.posts) and elapsed >= self.run.posts[next_post].send_after(
                    self.rate
                ):
                    self._upload(producer, self.run.posts[next_post], now)
                    next_post += 1
                for records in reader.poll(timeout_ms=50).values():
                    for record in records:
                        self._decided(record.value, time.time())
                for emit in self.world.advance(time.time()):
                    self._produce(producer, emit)
                if elapsed - shown_at >= (0.5 if self.tty else 5.0):
                    self._progress(elapsed)
                    shown_at = elapsed
                all_sent = next_post == len(self.run.posts)
                all_decided = len(self.run.decided) == len(self.run.posts)
                if (
                    all_sent
                    and self.world.pending == 0
                    and (all_decided or elapsed > self._last_send() + wait)
                ):
                    break
            producer.flush()
        finally:
            producer.close()
            reader.close()
        self._progress(time.monotonic() - started)
        self.out.write("\n")

    def _last_send(self) -> float:
        return self.run.posts[-1].send_after(self.rate) if self.run.posts else 0.0

    def _upload(self, producer: KafkaProducer, post: TrafficPost, now: float) -> None:
        body = {**post.body, "created_at": _iso(now)}
        self.run.sent_at[body["post_id"]] = time.monotonic()
        self.world.uploaded(body["post_id"], post.violating, now)
        producer.send(
            self.settings.topic_posts,
            key=body["post_id"].encode(),
            value=json.dumps(body, ensure_ascii=False).encode(),
        )

    def _decided(self, decision: dict[str, Any], now: float) -> None:
        post_id = str(decision.get("post_id"))
        post = self.by_id.get(post_id)
        if post is None:
            return
        if post_id in self.run.decided:
            self.run.duplicates += 1
            return
        self.run.decided[post_id] = decision
        self.run.round_trip.append(time.monotonic() - self.run.sent_at[post_id])
        decided_at = datetime.fromisoformat(decision["decided_at"]).timestamp()
        self.world.decided(post_id, decision["action"], decided_at, now)
        if post.shown:
            if self.tty:
                self.out.write("\r\033[K")
            _show(decision, post, self.out, self.tty)

    def _produce(self, producer: KafkaProducer, emit: Emit) -> None:
        body = dict(emit.body)
        for key in ("viewed_at", "labeled_at"):
            value = body.get(key)
            if isinstance(value, float):
                body[key] = _iso(value)
        topic = self.settings.topic_views if emit.topic == "views" else self.settings.topic_labels
        producer.send(topic, key=str(body["post_id"]).encode(), value=json.dumps(body).encode())
        self.run.events[emit.topic] += 1

    def _progress(self, elapsed: float) -> None:
        actions = Counter(d["action"] for d in self.run.decided.values())
        rate = self.world.expected.preview_ratio
        line = (
            f"[{elapsed:5.1f}s] sent {len(self.run.sent_at)}/{len(self.run.posts)} "
            f"decided {len(self.run.decided)} (remove {actions['remove']}, hold {actions['hold']}, "
            f"allow {actions['allow']}) | went live undecided {self.world.expected.live_undecided} | "
            f"views {self.run.events['views']} labels {self.run.events['labels']} | "
            f"pre-view rate {'-' if rate is None else f'{rate:.1%}'}"
        )
        self.out.write(("\r\033[K" + line) if self.tty else line + "\n")
        self.out.flush()


def summarise(
    sim: Simulation, settings: Settings, before: dict[str, float], after: dict[str, float], out: TextIO
) -> bool:
    run, expected = sim.run, sim.world.expected
    actions = Counter(d["action"] for d in run.decided.values())
    missing = len(run.posts) - len(run.decided)
    out.write("=== summary ===\n")
    out.write(
        f"posts: {len(run.posts)} sent, {len(run.decided)} decided, missing: {missing}, "
        f"duplicates: {run.duplicates}, went live undecided: {expected.live_undecided}\n"
    )
    out.write(
        "decisions: " + ", ".join(f"{a} {actions.get(a, 0)}" for a in ("remove", "hold", "allow")) + "\n"
    )
    if run.round_trip:
        ordered = sorted(run.round_trip)
        out.write(
            f"upload -> decision consumed: p50 {ordered[len(ordered) // 2] * 1000:.0f} ms, "
            f"p99 {ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000:.0f} ms\n"
        )
    delta = {key: after.get(key, 0.0) - before.get(key, 0.0) for key in after}
    rows = [("auto", False), ("auto", True), ("human", False), ("human", True)]
    out.write(f"{'violating posts removed':<38}{'expected':>9}{'service':>9}\n")
    for stage, viewed in rows:
        key = f"removed|{stage}|{str(viewed).lower()}"
        label = f"  {'automatically' if stage == 'auto' else 'by a human'}, {'after a view' if viewed else 'before any view'}"
        out.write(f"{label:<38}{expected.removed[(stage, viewed)]:>9}{delta.get(key, 0):>9.0f}\n")
    out.write(f"{'  overturned removals':<38}{expected.overturned:>9}{delta.get('overturned', 0):>9.0f}\n")
    service_total = sum(delta.get(f"removed|{s}|{str(v).lower()}", 0) for s, v in rows)
    service_unviewed = sum(delta.get(f"removed|{s}|false", 0) for s in ("auto", "human"))
    service_rate = service_unviewed / service_total if service_total else None
    agrees = all(
        expected.removed[(s, v)] == delta.get(f"removed|{s}|{str(v).lower()}", 0) for s, v in rows
    ) and (expected.overturned == delta.get("overturned", 0))
    out.write(
        f"pre-view removal rate: simulation {_pct(expected.preview_ratio)}, service counters "
        f"{_pct(service_rate)} -> {'they agree' if agrees else 'THEY DIFFER'}\n"
    )
    base = f"http://{settings.http_host}:{settings.http_port}"
    out.write(f"metrics: {base}/metrics   API docs: {base}/docs   model card: {base}/v1/model\n")
    return agrees and missing == 0 and run.duplicates == 0


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def main(args: argparse.Namespace, settings: Settings) -> int:
    run_id = uuid.uuid4().hex[:8]
    posts = sample_posts(run_id, args.posts) + flow_posts(run_id, args.count, seed=args.seed)
    sim = Simulation(settings, posts, rate=args.rate, deadline=args.deadline, seed=args.seed, out=sys.stdout)
    before = preview_counters(settings)
    sys.stdout.write(
        f"run {run_id}: {len(posts)} posts to {settings.topic_posts}; decisions of the first "
        f"{sum(p.shown for p in posts)} as they arrive:\n"
    )
    sim.play(args.wait)
    time.sleep(settings.view_grace_seconds + 2.0)  # the service counts a removal after its grace period
    return 0 if summarise(sim, settings, before, preview_counters(settings), sys.stdout) else 1
