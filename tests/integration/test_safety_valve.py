"""The safety valve in the running service: a flood of removals is committed as holds, the gauge
and the counter say so, and an operator's release lets removals through again."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from service.settings import Settings
from tests.support.kafka_io import TopicReader, post, send_posts
from tests.support.scenario import texts_by_action
from tests.support.service_process import ready_service

pytestmark = pytest.mark.kafka


def test_a_flood_of_removals_is_held_until_an_operator_releases_the_valve(
    service_settings: Settings, tmp_path: Path
) -> None:
    settings = service_settings.model_copy(
        update={"safety_valve_ceiling": 0.3, "safety_valve_min_decisions": 5, "admin_token": "s3cret"}
    )
    with ready_service(settings, tmp_path / "service.log") as service:
        remove = texts_by_action(service)["remove"]
        flood = [post(text=remove, lang="en") for _ in range(12)]
        send_posts(settings, flood)
        reader = TopicReader(settings, settings.topic_decisions)
        reader.wait_for(lambda records: len(records) >= 12, timeout=60)
        decided = reader.values()
        held = [d for d in decided if d["action"] == "hold"]
        # it judges once it has seen 5 decisions: up to 4 removals may come first, depending on batching
        actions = [d["action"] for d in decided]
        assert actions.count("hold") >= 8 and actions.count("hold") + actions.count("remove") == 12, actions
        assert all("safety valve engaged" in d["reasons"][-1] for d in held)
        counted = f"zeroview_safety_valve_held_total {float(len(held))}"
        metrics = service.metrics_showing("zeroview_safety_valve_engaged 1.0", counted)
        assert "zeroview_safety_valve_engaged 1.0" in metrics and counted in metrics

        request = urllib.request.Request(
            service.url + "/v1/admin/safety-valve",
            data=json.dumps({"engaged": False}).encode(),
            method="POST",
            headers={"content-type": "application/json", "authorization": "Bearer s3cret"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert json.loads(answer.read())["engaged"] is False
        last = post(text=remove, lang="en")  # one decision: too few to judge after the release
        send_posts(settings, [last])
        reader.wait_for(lambda records: len(records) >= 13, timeout=60)
        assert reader.values()[-1]["post_id"] == last["post_id"] and reader.values()[-1]["action"] == "remove"
        assert "zeroview_safety_valve_engaged 0.0" in service.metrics_showing(
            "zeroview_safety_valve_engaged 0.0"
        )
        reader.close()
