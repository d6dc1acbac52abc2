"""Every post gets exactly one committed decision, whatever fails: crashes, rebalances, broker outages."""

from __future__ import annotations

import json
import os
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import localkafka
import pytest

from service.devtools.bench.processes import free_port
from service.settings import Settings
from tests.support.exactly_once import PostStream, assert_exactly_once, committed_decisions
from tests.support.kafka_io import TopicReader, isolated_settings
from tests.support.service_process import ServiceProcess, http_text, scoring_workers

pytestmark = [pytest.mark.kafka, pytest.mark.slow]


def test_sigkill_three_times_while_20000_posts_flow(service_settings: Settings, tmp_path: Path) -> None:
    stream = PostStream(service_settings, count=20_000, rate=1_000)
    service = ServiceProcess(service_settings, tmp_path / "run-0.log")
    service.wait_ready()
    stream.start()
    for crash in range(1, 4):
        stream.wait_sent(crash * 4_000, timeout=60)
        service.process.send_signal(signal.SIGKILL)
        service.process.wait()
        service = ServiceProcess(service_settings, tmp_path / f"run-{crash}.log")
    stream.join(120)
    assert stream.error is None and stream.sent == 20_000
    try:
        counts = committed_decisions(service_settings, set(stream.ids), timeout=180)
    finally:
        service.stop()
    assert_exactly_once(counts, set(stream.ids))
    assert_evidence_matches_decisions(service_settings)


def assert_evidence_matches_decisions(settings: Settings) -> None:
    """Every committed remove and hold has exactly one committed evidence record, and nothing else
    has one: they are written in one transaction, so no crash can part them."""
    decisions = TopicReader(settings, settings.topic_decisions)
    flagged = Counter(
        d["post_id"]
        for d in map(json.loads, (r.value for r in decisions.read_to_end()))
        if d["action"] != "allow"
    )
    decisions.close()
    evidence = TopicReader(settings, settings.topic_evidence)
    kept = Counter(json.loads(record.value)["post_id"] for record in evidence.read_to_end())
    evidence.close()
    assert flagged, "the stream holds posts the model removes or holds"
    assert kept == flagged, (
        f"{len(flagged.keys() - kept.keys())} flagged without evidence, {len(kept.keys() - flagged.keys())} "
        f"evidence without a flag, {sum(n > 1 for n in kept.values())} evidence doubled"
    )


def test_two_instances_share_the_input_and_one_restarts_mid_stream(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    first = isolated_settings(kafka_bootstrap, http_port=free_port())
    second = first.model_copy(update={"instance_id": first.instance_id + "-b", "http_port": free_port()})
    a = ServiceProcess(first, tmp_path / "a.log")
    b = ServiceProcess(second, tmp_path / "b-0.log")
    a.wait_ready()
    b.wait_ready()
    stream = PostStream(first, count=20_000, rate=1_000)
    stream.start()
    stream.wait_sent(6_000, timeout=60)
    assert b.stop() == 0
    b = ServiceProcess(second, tmp_path / "b-1.log")
    try:
        b.wait_ready()  # however long the restart takes, it gets partitions, then posts to decide
        stream.join(120)
        tail = PostStream(first, count=2_000, rate=1_000, prefix="tail")
        tail.start()
        tail.join(120)
        ids = set(stream.ids) | set(tail.ids)
        counts = committed_decisions(first, ids, timeout=180)
        shares = [_decided(service) for service in (a, b)]
    finally:
        a.stop()
        b.stop()
    assert_exactly_once(counts, ids)
    assert all(share > 0 for share in shares), f"both instances must have decided posts: {shares}"


def _decided(service: ServiceProcess) -> float:
    metrics = http_text(service.url + "/metrics")
    return sum(
        float(line.split()[-1])
        for line in metrics.splitlines()
        if line.startswith("zeroview_decisions_total{")
    )


@pytest.fixture
def private_broker(tmp_path: Path) -> Iterator[localkafka.Broker]:
    """A broker of this test's own, so stopping it disturbs no other test."""
    shared = localkafka.Broker.from_env()
    broker = localkafka.Broker(
        port=free_port(),
        scram_port=free_port(),
        controller_port=free_port(),
        cache=shared.cache,
        data_root=tmp_path / "kafka",
    )
    localkafka.start(broker)
    try:
        yield broker
    finally:
        localkafka.stop(broker)


def test_the_service_rides_out_a_broker_killed_mid_stream_idling_meanwhile(
    private_broker: localkafka.Broker, tmp_path: Path
) -> None:
    """kill -9 while posts flow (transactions open): not ready, under 5% of a core while the broker
    is gone, healed by itself when it returns, and every post decided exactly once."""
    settings = isolated_settings(private_broker.bootstrap, http_port=free_port())
    service = ServiceProcess(settings, tmp_path / "service.log")
    service.wait_ready()
    stream = PostStream(settings, count=8_000, rate=400)
    stream.start()
    stream.wait_sent(2_000, timeout=60)
    localkafka.kill(private_broker)
    saw_not_ready = service.wait_not_ready(timeout=30)
    time.sleep(2)  # the transaction the kill interrupted gives up (transactions.UNREACHABLE_GIVE_UP_S)
    cpu = service.cpu_share(20)
    assert service.alive(), service.log()[-3000:]
    localkafka.start(private_broker)
    try:
        service.wait_ready(timeout=90)
        stream.join(240)
        assert stream.error is None and stream.sent == 8_000
        counts = committed_decisions(settings, set(stream.ids), timeout=180)
    finally:
        service.stop()
    assert saw_not_ready, "/readyz must turn 503 while the broker is down"
    assert cpu < 0.05, f"{cpu:.1%} of a core while the broker was gone"
    assert_exactly_once(counts, set(stream.ids))


def test_a_killed_scoring_worker_is_replaced_and_nothing_is_lost_or_doubled(
    service_settings: Settings, tmp_path: Path
) -> None:
    settings = service_settings.model_copy(update={"scoring_workers": 2})  # the default pool
    service = ServiceProcess(settings, tmp_path / "service.log")
    service.wait_ready()
    stream = PostStream(settings, count=6_000, rate=1_000)
    stream.start()
    stream.wait_sent(2_000, timeout=60)
    workers = scoring_workers(service.process.pid)
    assert len(workers) == 2, f"two scoring workers expected, found {workers}"
    os.kill(workers[0], signal.SIGKILL)
    stream.join(120)
    try:
        counts = committed_decisions(settings, set(stream.ids), timeout=180)
        metrics = http_text(service.url + "/metrics")
        replaced = scoring_workers(service.process.pid)
    finally:
        service.stop()
    assert_exactly_once(counts, set(stream.ids))
    assert len(replaced) == 2 and workers[0] not in replaced, (
        f"a new worker took over: {workers} -> {replaced}"
    )
    assert workers[1] in replaced, "the living worker was left as it was"
    restarts = [
        line for line in metrics.splitlines() if line.startswith("zeroview_scoring_worker_restarts_total ")
    ]
    assert restarts and float(restarts[0].split()[1]) >= 1, f"one restart counted: {restarts}"
    assert 'zeroview_scoring_failures_total{fail_mode="hold"} 0.0' in metrics, (
        "the new worker scored them all"
    )
