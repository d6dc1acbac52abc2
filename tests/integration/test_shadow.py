"""A candidate in shadow on the real broker: it decides every post into the shadow topic and the
agreement counts, and not one live decision changes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from service.contracts import utc_now
from service.settings import Settings
from tests.support.candidate_model import permissive_model
from tests.support.golden import GOLDEN, sample_posts
from tests.support.kafka_io import TopicReader, send_posts
from tests.support.service_process import ready_service

pytestmark = pytest.mark.kafka


def test_a_shadow_model_decides_every_post_beside_the_live_one_without_changing_a_live_decision(
    service_settings: Settings, tmp_path: Path
) -> None:
    settings = service_settings.model_copy(update={"shadow_model_dir": permissive_model(tmp_path / "shadow")})
    golden = {row["post_id"]: row["action"] for row in map(json.loads, GOLDEN.read_text().splitlines())}
    now = utc_now().isoformat()
    posts = [post.model_dump(mode="json", by_alias=True) | {"created_at": now} for post in sample_posts()]
    with ready_service(settings, tmp_path / "service.log") as service:
        send_posts(settings, posts)
        live = TopicReader(settings, settings.topic_decisions)
        live.wait_for(lambda records: len(records) >= len(posts), timeout=60)
        shadow = TopicReader(settings, settings.topic_shadow)
        shadow.wait_for(lambda records: len(records) >= len(posts), timeout=60)
        live_decisions, shadow_decisions = live.values(), shadow.values()
        live.close()
        shadow.close()
        shadow_action = {d["post_id"]: d["action"] for d in shadow_decisions}
        pairs = Counter((d["action"], shadow_action[d["post_id"]]) for d in live_decisions)
        lines = [
            f'zeroview_shadow_decisions_total{{live_action="{a}",shadow_action="{b}"}} {float(n)}'
            for (a, b), n in pairs.items()
        ]
        metrics = service.metrics_showing(*lines)
    assert {d["post_id"]: d["action"] for d in live_decisions} == golden, (
        "the live decisions are the shipped model's"
    )
    assert all(d["model_version"] != "permissive-test" for d in live_decisions)
    assert sorted(d["post_id"] for d in shadow_decisions) == sorted(golden), "one shadow decision per post"
    assert {d["model_version"] for d in shadow_decisions} == {"permissive-test"}
    assert "remove" not in shadow_action.values(), (
        "its thresholds never remove (the intelligence list may hold)"
    )
    assert pairs[("remove", "allow")] + pairs[("remove", "hold")] == list(golden.values()).count("remove")
    assert all(line in metrics for line in lines), lines
