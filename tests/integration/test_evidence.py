"""Evidence, kept where it belongs: every remove and hold leaves an evidence.v1 record with the post's
text fields on the evidence topic, committed with its decision; an allowed post leaves none."""

from __future__ import annotations

import pytest

from service.settings import Settings
from tests.support.kafka_io import TopicReader, post, send_posts
from tests.support.scenario import texts_by_action
from tests.support.service_process import ServiceProcess

pytestmark = pytest.mark.kafka


def test_removed_and_held_posts_leave_evidence_and_allowed_ones_do_not(
    running_service: ServiceProcess,
) -> None:
    settings: Settings = running_service.settings
    text = texts_by_action(running_service)
    removed = post(text=text["remove"], lang="en", author_id="u-7", hashtags=["ivory"])
    held = post(text=text["hold"], lang="it")  # a language the model was not trained on: held at most
    allowed = post(text=text["allow"], lang="en")
    send_posts(settings, [removed, held, allowed])
    decisions = TopicReader(settings, settings.topic_decisions)
    decisions.wait_for(lambda records: len(records) >= 3, timeout=60)
    actions = {d["post_id"]: d["action"] for d in decisions.values()}
    decisions.close()
    evidence = TopicReader(settings, settings.topic_evidence)
    evidence.read_to_end()  # committed with the decisions: all there once they are
    records = {
        record.key.decode(): value for record, value in zip(evidence.records, evidence.values(), strict=True)
    }
    evidence.close()
    assert actions == {removed["post_id"]: "remove", held["post_id"]: "hold", allowed["post_id"]: "allow"}
    assert set(records) == {removed["post_id"], held["post_id"]}
    kept = records[removed["post_id"]]
    assert kept["schema"] == "evidence.v1" and kept["action"] == "remove"
    assert (kept["text"], kept["author_id"], kept["hashtags"]) == (removed["text"], "u-7", ["ivory"])
    assert kept["model_version"] and kept["reasons"] and kept["score"] > 0
