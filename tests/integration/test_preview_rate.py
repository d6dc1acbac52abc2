"""The pre-view removal counters on the real local Kafka: a scripted scenario, then a crash."""

from __future__ import annotations

import json
import signal
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from service.settings import Settings
from tests.support.kafka_io import TopicReader, post, producer, send_posts
from tests.support.scenario import texts_by_action
from tests.support.service_process import ServiceProcess, http_text

pytestmark = pytest.mark.kafka

EXPECTED = {
    'zeroview_violating_posts_removed_total{stage="auto",viewed_before_removal="false"}': 2,
    'zeroview_violating_posts_removed_total{stage="auto",viewed_before_removal="true"}': 1,
    'zeroview_violating_posts_removed_total{stage="human",viewed_before_removal="false"}': 1,
    'zeroview_violating_posts_removed_total{stage="human",viewed_before_removal="true"}': 2,
    'zeroview_removals_overturned_total{source="appeal"}': 1,
    'zeroview_holds_resolved_total{verdict="violating"}': 1,
    'zeroview_holds_resolved_total{verdict="benign"}': 1,
}


def counters(service: ServiceProcess) -> dict[str, float]:
    found = {}
    for line in http_text(service.url + "/metrics").splitlines():
        name = line.rsplit(" ", 1)[0]
        if name in EXPECTED:
            found[name] = float(line.rsplit(" ", 1)[1])
    return found


def wait_for_counts(service: ServiceProcess, expected: dict[str, int], timeout: float) -> dict[str, float]:
    deadline = time.monotonic() + timeout
    seen: dict[str, float] = {}
    while time.monotonic() < deadline:
        seen = counters(service)
        if seen == {k: float(v) for k, v in expected.items()}:
            return seen
        time.sleep(0.2)
    return seen


def event(kind: str, post_id: str, **fields: Any) -> dict[str, Any]:
    return {"schema": kind, "post_id": post_id, **fields}


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def test_every_counter_of_a_scripted_scenario_and_a_crash_neither_loses_nor_doubles(
    service_settings: Settings, tmp_path: Path
) -> None:
    settings = service_settings.model_copy(update={"view_grace_seconds": 2.0})
    service = ServiceProcess(settings, tmp_path / "service-0.log")
    service.wait_ready()
    text = texts_by_action(service)
    plan = {  # scenario -> (text the model decides, expected decision)
        "removed_before_any_view": "remove",
        "viewed_then_removed_late": "allow",
        "late_view_dated_before": "remove",
        "held_then_confirmed": "hold",
        "allowed_then_reported": "allow",
        "removed_then_overturned": "remove",
        "held_then_cleared": "hold",
    }
    posts = {
        name: post(
            post_id=f"{name}-{settings.instance_id}",
            text=text[action],
            lang="it" if action == "hold" else "en",
        )
        for name, action in plan.items()
    }
    send_posts(settings, posts.values())
    reader = TopicReader(settings, settings.topic_decisions)
    reader.wait_for(lambda records: len(records) >= len(posts), timeout=90)
    decided = {d["post_id"]: d for d in reader.values()}
    reader.close()
    for name, action in plan.items():
        assert decided[posts[name]["post_id"]]["action"] == action, name

    def decided_at(name: str) -> datetime:
        return datetime.fromisoformat(decided[posts[name]["post_id"]]["decided_at"])

    kafka = producer(settings)

    def send(topic: str, body: dict[str, Any]) -> None:
        kafka.send(topic, key=body["post_id"].encode(), value=json.dumps(body).encode())

    pid = {name: item["post_id"] for name, item in posts.items()}
    send(
        settings.topic_views,
        event(
            "first_view.v1",
            pid["viewed_then_removed_late"],
            viewed_at=iso(decided_at("viewed_then_removed_late") + timedelta(seconds=5)),
        ),
    )
    send(
        settings.topic_views,
        event(
            "first_view.v1",
            pid["late_view_dated_before"],
            viewed_at=iso(decided_at("late_view_dated_before") - timedelta(seconds=1)),
        ),
    )
    now = iso(datetime.now().astimezone())
    labels = [
        ("viewed_then_removed_late", "violating", "audit", 3),
        ("held_then_confirmed", "violating", "review", 0),
        ("allowed_then_reported", "violating", "report", 57),
        ("removed_then_overturned", "benign", "appeal", 0),
        ("held_then_cleared", "benign", "review", 0),
        ("removed_before_any_view", "violating", "report", 0),
    ]  # already removed: never counted twice
    for name, verdict, source, views in labels:
        send(
            settings.topic_labels,
            event(
                "label.v1", pid[name], verdict=verdict, source=source, labeled_at=now, views_at_removal=views
            ),
        )
    kafka.flush()

    assert wait_for_counts(service, EXPECTED, timeout=90) == EXPECTED, service.log()[-3000:]
    time.sleep(3)  # more than the grace period: nothing else may arrive
    assert counters(service) == EXPECTED

    service.process.send_signal(signal.SIGKILL)
    service.process.wait()
    restarted = ServiceProcess(settings, tmp_path / "service-1.log")
    try:
        restarted.wait_ready()
        assert wait_for_counts(restarted, EXPECTED, timeout=90) == EXPECTED, restarted.log()[-3000:]
        one_more = post(text=text["remove"], lang="en")
        send_posts(settings, [one_more])
        after = {
            **EXPECTED,
            'zeroview_violating_posts_removed_total{stage="auto",viewed_before_removal="false"}': 3,
        }
        assert wait_for_counts(restarted, after, timeout=90) == after
    finally:
        restarted.stop()
        kafka.close()
