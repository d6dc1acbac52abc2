"""Bounded resources: draining a 100,000-post backlog stays under 500 MB of resident memory."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from service.devtools.bench.processes import peak_rss_bytes
from service.settings import Settings
from tests.support.exactly_once import SAMPLE_TEXTS, assert_exactly_once, committed_decisions
from tests.support.kafka_io import producer
from tests.support.service_process import ServiceProcess

pytestmark = [pytest.mark.kafka, pytest.mark.slow]
BACKLOG = 100_000
LIMIT_BYTES = 500_000_000  # "500 MB", read strictly (decimal)


def test_draining_a_100000_post_backlog_stays_under_500_mb(
    service_settings: Settings, tmp_path: Path
) -> None:
    from service.kafka.clients import ensure_topics

    # as deployed: the default pool of scoring workers (the suite's other services run one)
    service_settings = service_settings.model_copy(
        update={"scoring_workers": Settings.model_fields["scoring_workers"].default}
    )
    assert service_settings.scoring_workers == 2
    ensure_topics(service_settings)
    kafka = producer(service_settings, linger_ms=20, batch_size=512 * 1024)
    ids = [f"b-{i}" for i in range(BACKLOG)]
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for index, post_id in enumerate(ids):
        body = {"post_id": post_id, "created_at": now, "text": SAMPLE_TEXTS[index % len(SAMPLE_TEXTS)]}
        kafka.send(service_settings.topic_posts, key=post_id.encode(), value=json.dumps(body).encode())
    kafka.flush()
    kafka.close()

    service = ServiceProcess(service_settings, tmp_path / "service.log")
    try:
        counts = committed_decisions(service_settings, set(ids), timeout=600)
        peak = peak_rss_bytes(service.process.pid)
    finally:
        service.stop()
    print(f"peak RSS (service and its scoring workers) while draining {BACKLOG} posts: {peak / 1e6:.0f} MB")
    assert_exactly_once(counts, set(ids))
    assert peak < LIMIT_BYTES, f"peak RSS {peak / 1e6:.0f} MB"
