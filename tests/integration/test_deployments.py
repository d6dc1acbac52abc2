"""Two deployments on one broker (production beside a canary or a replay: another consumer group,
the same instance ids) keep their own pre-view state: neither restores the other's counts."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest

from service.devtools.bench.processes import free_port
from tests.support.kafka_io import isolated_settings, post, send_posts
from tests.support.scenario import texts_by_action
from tests.support.service_process import ServiceProcess, ready_service

pytestmark = pytest.mark.kafka

AUTO_REMOVED = 'zeroview_violating_posts_removed_total{stage="auto",viewed_before_removal="false"}'


def auto_removed(service: ServiceProcess, expected: int) -> float:
    text = service.metrics_showing(f"{AUTO_REMOVED} {float(expected)}", timeout=60)
    return next(float(line.split()[-1]) for line in text.splitlines() if line.startswith(AUTO_REMOVED))


def test_two_groups_side_by_side_keep_their_own_pre_view_counts(kafka_bootstrap: str, tmp_path: Path) -> None:
    # the preview-state topic is left to its default, which the group names
    first = isolated_settings(kafka_bootstrap, free_port(), topic_preview_state=None, view_grace_seconds=1.0)
    second = isolated_settings(
        kafka_bootstrap,
        free_port(),
        topic_preview_state=None,
        view_grace_seconds=1.0,
        instance_id=first.instance_id,
    )
    assert first.preview_state_topic != second.preview_state_topic
    with ExitStack() as running:
        a = running.enter_context(ready_service(first, tmp_path / "a-0.log"))
        b = running.enter_context(ready_service(second, tmp_path / "b-0.log"))
        remove = texts_by_action(a)["remove"]
        send_posts(first, [post(text=remove, lang="en") for _ in range(3)])
        send_posts(second, [post(text=remove, lang="en")])
        assert (auto_removed(a, 3), auto_removed(b, 1)) == (3, 1)
    with ExitStack() as restarted:  # each restores its own counts from its own state
        a = restarted.enter_context(ready_service(first, tmp_path / "a-1.log"))
        b = restarted.enter_context(ready_service(second, tmp_path / "b-1.log"))
        assert (auto_removed(a, 3), auto_removed(b, 1)) == (3, 1)
