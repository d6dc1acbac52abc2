"""When scoring raises, the posts still get decisions, by ZEROVIEW_FAIL_MODE, with the reason; counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.settings import Settings
from tests.support.faulty_model import FAILURE, POISON, save_faulty_model
from tests.support.kafka_io import TopicReader, post, send_posts
from tests.support.service_process import ServiceProcess

pytestmark = pytest.mark.kafka


@pytest.mark.parametrize("fail_mode", ["hold", "allow"])
def test_a_batch_whose_scoring_raises_is_decided_by_the_fail_mode_with_the_reason_and_counted(
    service_settings: Settings, tmp_path: Path, fail_mode: str
) -> None:
    settings = service_settings.model_copy(
        update={"model_dir": save_faulty_model(tmp_path / "model"), "fail_mode": fail_mode}
    )
    service = ServiceProcess(settings, tmp_path / "service.log")
    try:
        service.wait_ready()
        fine = [post(text="selling my bike, 80 EUR"), post(text="pangolin scales 1kg, no papers, inbox")]
        poisoned = post(text=f"{POISON} rhino horn")
        send_posts(settings, [fine[0], poisoned, fine[1]])
        reader = TopicReader(settings, settings.topic_decisions)
        reader.wait_for(lambda records: len(records) >= 3, timeout=90)
        decided = {d["post_id"]: d for d in reader.values()}
        reader.close()
        counted = f'zeroview_scoring_failures_total{{fail_mode="{fail_mode}"}} 1.0'
        metrics = service.metrics_showing(counted)
        assert service.alive()
    finally:
        service.stop()
    assert set(decided) == {fine[0]["post_id"], fine[1]["post_id"], poisoned["post_id"]}
    failed = decided[poisoned["post_id"]]
    assert failed["action"] == fail_mode
    assert failed["reasons"][0].startswith(f"scoring failed (KeyError: '{FAILURE}')")
    assert all(not decided[p["post_id"]]["reasons"][0].startswith("scoring failed") for p in fine)
    assert counted in metrics
