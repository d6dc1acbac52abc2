"""The scoring pool: real worker processes (with the constant decider, which loads no model)."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from service.contracts import Post
from service.errors import ScoringUnavailable
from service.scoring.pool import ScoringPool
from service.scoring.rows import Row, to_row
from service.settings import Settings

NOW = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)


def rows(count: int, prefix: str = "p") -> list[Row]:
    return [to_row(Post(post_id=f"{prefix}-{i}", created_at=NOW, text="hello")) for i in range(count)]


@pytest.fixture
def pool() -> Iterator[ScoringPool]:
    started = ScoringPool(Settings(), size=2, constant=True)
    started.start(timeout=60)
    try:
        yield started
    finally:
        started.stop(timeout=5)


def test_chunks_go_to_both_workers_and_each_answer_is_its_own_chunks(pool: ScoringPool) -> None:
    futures = [pool.submit(rows(30, prefix=f"c{n}")) for n in range(8)]
    answers = [future.result(timeout=30) for future in futures]
    for n, answer in enumerate(answers):
        assert [post_id for _, post_id, _ in answer.decisions] == [f"c{n}-{i}" for i in range(30)]
    sent = [worker.sent for worker in pool.workers]
    assert sum(sent) == 8 and min(sent) >= 1, f"chunks per worker: {sent}"
    assert pool.parallelism == 2 and pool.card["version"] == "constant"


def test_a_dead_worker_gets_no_chunks_and_restart_replaces_only_it(pool: ScoringPool) -> None:
    dead, living = pool.workers
    dead_pid, living_pid = dead._process.pid, living._process.pid  # type: ignore[union-attr]
    os.kill(dead_pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while dead.alive and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not dead.alive and pool.degraded
    answers = [pool.submit(rows(5)).result(timeout=30) for _ in range(3)]
    assert all(len(answer.decisions) == 5 for answer in answers), "the living worker scored them"
    pool.restart()
    assert dead.alive and dead._process.pid != dead_pid  # type: ignore[union-attr]
    assert living._process.pid == living_pid, "the living worker kept its process"  # type: ignore[union-attr]
    assert len(pool.submit(rows(5)).result(timeout=30).decisions) == 5
    assert not pool.degraded
    pool.stop(timeout=5)
    assert not pool.degraded, "a stopped pool is not waiting for a replacement"


def test_with_every_worker_dead_a_chunk_fails_as_the_loop_expects(pool: ScoringPool) -> None:
    for worker in pool.workers:
        os.kill(worker._process.pid, signal.SIGKILL)  # type: ignore[union-attr]
    deadline = time.monotonic() + 10
    while any(worker.alive for worker in pool.workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(ScoringUnavailable) as failed:
        pool.submit(rows(3)).result(timeout=30)
    assert failed.value.worker_exited


def test_a_pool_needs_a_worker() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ScoringPool(Settings(), size=0)
