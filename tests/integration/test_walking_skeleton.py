"""The end-to-end path on the real local Kafka: posts in, one decision or one DLQ record out each."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.kafka import dlq
from service.settings import Settings
from tests.support.kafka_io import TopicReader, post, producer, send_posts
from tests.support.service_process import ServiceProcess, http_get, http_post, subprocess_env

pytestmark = pytest.mark.kafka
COMPARED = ("action", "score", "model_version", "thresholds", "reasons", "policy", "schema")


def test_a_post_gets_exactly_one_decision_within_a_second_equal_to_score_and_http(
    running_service: ServiceProcess, tmp_path: Path
) -> None:
    settings = running_service.settings
    reader = TopicReader(settings, settings.topic_decisions)
    item = post(text="Pre-ban ivory bangles, old stock. $450 each, DM for pics, discreet shipping", lang="en")
    send_posts(settings, [item])
    reader.wait_for(lambda records: len(records) >= 1, timeout=90)
    reader.read_to_end()  # a duplicate committed by now would be read too
    decisions = reader.values()
    reader.close()

    assert [d["post_id"] for d in decisions] == [item["post_id"]]
    from_kafka = decisions[0]

    status, body = http_post(running_service.url + "/v1/score", {"posts": [item]})
    assert status == 200
    (tmp_path / "in.jsonl").write_text(json.dumps(item) + "\n")
    offline = subprocess.run(
        [sys.executable, "-m", "service.cli", "score", "--input", str(tmp_path / "in.jsonl")],
        capture_output=True,
        check=True,
        env=subprocess_env(settings),
    )
    from_cli = json.loads(offline.stdout)
    for other in (body["decisions"][0], from_cli):
        assert {k: other[k] for k in COMPARED} == {k: from_kafka[k] for k in COMPARED}
    assert from_kafka["action"] in ("remove", "hold")


HOSTILE = {
    "not JSON": (b"\x00\x01 this is not json {", "invalid_json"),
    "invalid UTF-8": (
        b'{"post_id": "p", "created_at": "2026-11-20T12:00:00Z", "text": "\xc3\x28"}',
        "invalid_utf8",
    ),
    "missing post_id": (
        json.dumps({"created_at": "2026-11-20T12:00:00Z", "text": "hi"}).encode(),
        "missing_field",
    ),
    "wrong field types": (
        json.dumps({"post_id": 42, "created_at": "2026-11-20T12:00:00Z", "hashtags": "x"}).encode(),
        "wrong_type",
    ),
}


def test_bad_input_goes_to_the_dlq_with_its_reason_and_the_next_post_is_still_decided(
    running_service: ServiceProcess,
) -> None:
    settings = running_service.settings
    kafka = producer(settings, max_request_size=16 * 1024 * 1024)
    followers = []
    for name, (payload, _) in HOSTILE.items():
        kafka.send(settings.topic_posts, key=name.encode(), value=payload, headers=[("origin", b"test")])
        follower = post(text=f"after {name}: selling my bike, 80 EUR")
        followers.append(follower)
        send_posts(settings, [follower], kafka)
    huge = post(text="ivory tusk for sale, DM " + "x" * (10 * 1024 * 1024))
    after_huge = post(text="after the 10 MB post")
    send_posts(settings, [huge, after_huge], kafka)
    kafka.close()

    dead = TopicReader(settings, settings.topic_dlq, decode=lambda record: record)
    dead.wait_for(lambda records: len(records) >= len(HOSTILE), timeout=90)
    decisions = TopicReader(settings, settings.topic_decisions)
    expected = {f["post_id"] for f in followers} | {huge["post_id"], after_huge["post_id"]}
    decisions.wait_for(lambda records: len(records) >= len(expected), timeout=90)

    by_key = {record.key.decode(): record for record in dead.records}
    assert set(by_key) == set(HOSTILE)
    for name, (payload, reason) in HOSTILE.items():
        record = by_key[name]
        headers = dict(record.headers)
        assert record.value == payload, "the DLQ keeps the original bytes"
        assert headers[dlq.REASON].decode() == reason, name
        assert headers[dlq.DETAIL], name
        assert headers[dlq.SOURCE_TOPIC].decode() == settings.topic_posts
        assert int(headers[dlq.SOURCE_OFFSET]) >= 0
        assert headers["origin"] == b"test", "original headers are kept"
    decided = {d["post_id"]: d for d in decisions.values()}
    assert set(decided) == expected
    assert any("truncated" in reason for reason in decided[huge["post_id"]]["reasons"])
    assert running_service.alive()
    counted = [f'zeroview_events_invalid_total{{reason="{reason}"}} 1.0' for _, reason in HOSTILE.values()]
    metrics = running_service.metrics_showing(*counted)
    for line in counted:
        assert line in metrics
    dead.close()
    decisions.close()


def test_readyz_is_503_until_the_model_is_loaded_and_partitions_are_assigned(
    service_settings: Settings, tmp_path: Path
) -> None:
    service = ServiceProcess(service_settings, tmp_path / "service.log")
    seen: list[tuple[int, tuple[str, ...]]] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, body = service.readyz()
            if status:
                seen.append((status, tuple(body.get("problems", ())) if body else ()))
            if status == 200:
                break
            time.sleep(0.02)
        assert seen and seen[-1][0] == 200, service.log()[-3000:]
        not_ready = [problems for status, problems in seen if status == 503]
        assert not_ready, "the first answers must be 503"
        assert any("no input partitions assigned" in problems for problems in not_ready)
        assert all(status == 503 for status, _ in seen[:-1])
        assert http_get(service.url + "/healthz")[0] == 200
    finally:
        service.stop()


def test_sigterm_commits_what_was_decided_and_a_restart_does_not_decide_it_again(
    service_settings: Settings, tmp_path: Path
) -> None:
    first = ServiceProcess(service_settings, tmp_path / "first.log")
    first.wait_ready()
    items = [post(text=f"post {i}: handmade soap, 5 EUR") for i in range(200)]
    send_posts(service_settings, items)
    reader = TopicReader(service_settings, service_settings.topic_decisions)
    reader.wait_for(lambda records: len(records) >= len(items), timeout=90)
    assert first.stop() == 0, first.log()[-3000:]
    assert "moderation loop stopped" in first.log()

    second = ServiceProcess(service_settings, tmp_path / "second.log")
    try:
        second.wait_ready()
        late = post(text="one more post after the restart")
        send_posts(service_settings, [late])
        reader.wait_for(
            lambda records: any(json.loads(r.value)["post_id"] == late["post_id"] for r in records), 90
        )
        reader.read_to_end()  # a decision committed twice would be in by now
    finally:
        second.stop()
    ids = [d["post_id"] for d in reader.values()]
    reader.close()
    assert len(ids) == len(set(ids)) == len(items) + 1


def test_make_run_prints_decisions_for_the_sample_within_a_minute(
    service_settings: Settings, tmp_path: Path
) -> None:
    env = subprocess_env(service_settings)
    root = Path(__file__).resolve().parents[2]
    started = time.monotonic()
    demo = subprocess.Popen(
        ["bash", "deploy/local/run.sh"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group: the finaliser stops the script and its children
    )
    lines: list[str] = []
    first_decision_at = None
    try:
        assert demo.stdout is not None
        for line in demo.stdout:
            lines.append(line)
            if (
                first_decision_at is None
                and line.split()
                and line.split()[0].strip() in ("remove", "hold", "allow")
            ):
                first_decision_at = time.monotonic() - started
            if "keeps running" in line or time.monotonic() - started > 180:
                break
    finally:
        _stop_group(demo)
    output = "".join(lines)
    assert first_decision_at is not None and first_decision_at < 60, output
    assert "missing: 0" in output and "/metrics" in output and "/docs" in output, output
    assert "pre-view removal rate: simulation" in output and "they agree" in output, output
    assert sum(1 for line in lines if line.split() and line.split()[0] in ("remove", "hold", "allow")) == 40


def _stop_group(process: subprocess.Popen[str], grace: float = 60.0) -> None:
    """Ctrl-C to the demo's whole process group, as a terminal would; SIGKILL if it outlives `grace`."""
    try:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
    except ProcessLookupError:
        process.wait(10)
