"""Many instances in one group on a 6-partition topic: scale 1 -> 3 -> 1 while posts flow, kill -9
one instance mid-stream and restart it under its own instance id; every post is decided exactly
once, and the instances' pre-view counters add up to the removals that were committed."""

from __future__ import annotations

import json
import signal
import time
from contextlib import ExitStack
from pathlib import Path

import pytest

from service.devtools.bench.processes import free_port
from tests.support.exactly_once import PostStream, assert_exactly_once, committed_decisions
from tests.support.kafka_io import TopicReader, isolated_settings
from tests.support.service_process import ServiceProcess, http_text

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

AUTO_REMOVED = 'zeroview_violating_posts_removed_total{stage="auto",viewed_before_removal="false"}'


def auto_removed(service: ServiceProcess) -> float:
    lines = [
        line for line in http_text(service.url + "/metrics").splitlines() if line.startswith(AUTO_REMOVED)
    ]
    return float(lines[0].split()[-1]) if lines else 0.0


def test_scaling_out_and_in_with_a_crash_decides_every_post_once(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    base = isolated_settings(kafka_bootstrap, free_port(), topic_partitions=6, view_grace_seconds=1.0)
    settings = [base] + [
        base.model_copy(update={"instance_id": f"{base.instance_id}-{n}", "http_port": free_port()})
        for n in (1, 2)
    ]
    stream = PostStream(base, count=12_000, rate=400)
    with ExitStack() as cleanup:
        services: dict[int, ServiceProcess] = {}

        def start(n: int, log: str) -> ServiceProcess:
            service = ServiceProcess(settings[n], tmp_path / log)
            cleanup.callback(service.stop)
            services[n] = service
            return service

        start(0, "0.log").wait_ready()
        stream.start()
        stream.wait_sent(2_000, timeout=60)
        for n in (1, 2):  # scale out to 3
            start(n, f"{n}-0.log")
        for n in (1, 2):
            services[n].wait_ready()
        stream.wait_sent(6_000, timeout=120)
        services[1].process.send_signal(signal.SIGKILL)  # a crash mid-stream
        services[1].process.wait()
        start(1, "1-1.log").wait_ready()  # back under its own instance id: it fences its zombie
        stream.wait_sent(9_000, timeout=120)
        for n in (1, 2):  # scale in to 1
            assert services[n].stop() == 0
        stream.join(180)
        assert stream.error is None and stream.sent == 12_000
        counts = committed_decisions(base, set(stream.ids), timeout=240)
        assert_exactly_once(counts, set(stream.ids))

        reader = TopicReader(base, base.topic_decisions)
        removed = sum(json.loads(r.value)["action"] == "remove" for r in reader.read_to_end())
        reader.close()
        for n in (1, 2):  # back once more: each restores its own committed counts
            start(n, f"{n}-last.log").wait_ready()
        deadline = time.monotonic() + 60  # the last removals are counted once their grace period ends
        while (total := sum(map(auto_removed, services.values()))) != removed and time.monotonic() < deadline:
            time.sleep(0.5)
        assert removed > 0 and total == removed, f"pre-view counters add up to {total}, {removed} removed"
