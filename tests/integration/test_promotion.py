"""Promoting a model under load, on the real broker: a refused candidate changes nothing, a good one
decides from one batch on, every decision names the model that made it, and no post is lost or
decided twice."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

from service.settings import Settings
from tests.support.candidate_model import candidate_model, corrupt_model
from tests.support.exactly_once import PostStream, assert_exactly_once
from tests.support.kafka_io import TopicReader
from tests.support.service_process import http_get, http_post, ready_service

pytestmark = pytest.mark.kafka
ADMIN = {"Authorization": "Bearer s3cret"}


def test_a_model_promoted_under_load_takes_over_between_batches_and_nothing_is_lost_or_doubled(
    service_settings: Settings, tmp_path: Path
) -> None:
    settings = service_settings.model_copy(update={"admin_token": "s3cret"})
    broken = corrupt_model(tmp_path / "broken")
    candidate = candidate_model(tmp_path / "candidate", "promoted-test")
    with ready_service(settings, tmp_path / "service.log") as service:
        live_version = http_get(service.url + "/v1/model")[1]["version"]
        stream = PostStream(settings, count=8_000, rate=400)  # 20 s: the promotion lands while it flows
        stream.start()
        stream.wait_sent(1_000, timeout=60)
        status, refused = http_post(service.url + "/v1/admin/model", {"model_dir": str(broken)}, 60, ADMIN)
        assert status == 422 and "sha256" in refused["error"] and refused["reason"] == "model_refused", (
            refused
        )
        status, promoted = http_post(
            service.url + "/v1/admin/model", {"model_dir": str(candidate)}, 120, ADMIN
        )
        assert status == 200 and promoted["version"] == "promoted-test", promoted
        deadline = time.monotonic() + 60
        while http_get(service.url + "/v1/model")[1]["version"] != "promoted-test":
            assert time.monotonic() < deadline, "the loop never took the promoted model"
            time.sleep(0.05)
        after = PostStream(settings, count=500, rate=1_000, prefix="t")  # produced after the swap
        after.start()
        stream.join(120)
        after.join(60)
        assert stream.error is None and after.error is None and stream.sent + after.sent == 8_500
        reader = TopicReader(settings, settings.topic_decisions)
        reader.wait_for(lambda records: len(records) >= 8_500, timeout=180)
        records = reader.read_to_end()
        reader.close()
        metrics = service.metrics_showing('zeroview_model_info{version="promoted-test"} 1.0')
    decisions = [(record.partition, json.loads(record.value)) for record in records]
    assert_exactly_once_of(decisions, set(stream.ids) | set(after.ids))
    versions = {d["model_version"] for _, d in decisions}
    assert versions == {live_version, "promoted-test"}, "both models decided, and no other"
    for partition in {p for p, _ in decisions}:
        in_order = [d["model_version"] for p, d in decisions if p == partition]
        first_new = in_order.index("promoted-test") if "promoted-test" in in_order else len(in_order)
        assert set(in_order[first_new:]) <= {"promoted-test"}, f"partition {partition} went back"
    late = set(after.ids)
    assert all(d["model_version"] == "promoted-test" for _, d in decisions if d["post_id"] in late)
    assert 'zeroview_model_info{version="promoted-test"} 1.0' in metrics


def assert_exactly_once_of(decisions: list[tuple[int, dict[str, object]]], expected: set[str]) -> None:
    assert_exactly_once(Counter(str(d["post_id"]) for _, d in decisions), expected)
