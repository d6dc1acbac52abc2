"""Several scoring workers behind one `submit`: the loop's chunks are scored side by side.

One worker keeps about one core busy and the loop, the broker and the HTTP API use much less than
the other, so one service was bound by its one worker. Each chunk goes to the worker with the
fewest chunks in flight; the loop still waits for the chunks in order, so decisions keep their
order. A worker that dies fails only its own chunks (the loop rolls the batch back, `restart`
replaces the dead workers and leaves the others as they are).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from concurrent.futures import Future
from typing import Any

from service.scoring.rows import ChunkResult, Row
from service.scoring.worker import ScoringWorker
from service.settings import Settings

log = logging.getLogger(__name__)


class ScoringPool:
    """`size` scoring worker processes, each with its own copy of the model."""

    def __init__(self, settings: Settings, size: int, constant: bool = False) -> None:
        if size < 1:
            raise ValueError(f"a scoring pool needs at least one worker, not {size}")
        self.fail_mode: str = settings.fail_mode
        self.card: dict[str, Any] = {}
        self.workers = [ScoringWorker(settings, constant=constant) for _ in range(size)]
        self._next = 0  # ties go round the workers
        self._stopped = False

    @property
    def parallelism(self) -> int:
        return len(self.workers)

    @property
    def degraded(self) -> bool:
        return not self._stopped and not all(worker.alive for worker in self.workers)

    def start(self, timeout: float = 180.0) -> dict[str, Any]:
        """Start every worker at once (they load their models side by side); the model card."""
        for worker in self.workers:
            worker.launch()
        try:
            cards = [worker.wait_ready(timeout) for worker in self.workers]
        except BaseException:
            self.stop(timeout=2.0)
            raise
        self.card = cards[0]
        return self.card

    def submit(self, rows: Sequence[Row]) -> Future[ChunkResult]:
        count = len(self.workers)
        order = [self.workers[(self._next + step) % count] for step in range(count)]
        self._next = (self._next + 1) % count
        # a dead worker answers at once with ScoringUnavailable: prefer the living ones
        worker = min(order, key=lambda w: (not w.alive, w.in_flight))
        return worker.submit(rows)

    def restart(self) -> None:
        """Replace the workers that died; those alive keep their model and their work."""
        dead = [worker for worker in self.workers if not worker.alive]
        for worker in dead:
            worker.stop(timeout=2.0)
            worker.launch()
        for worker in dead:
            worker.wait_ready()
        if dead:
            log.info("replaced %d of %d scoring workers", len(dead), len(self.workers))

    def stop(self, timeout: float = 10.0) -> None:
        """Every worker is asked at once, so they exit side by side (a SIGTERM's grace is short)."""
        self._stopped = True
        for worker in self.workers:
            worker.ask_to_stop()
        deadline = time.monotonic() + timeout
        for worker in self.workers:
            worker.join(max(0.0, deadline - time.monotonic()))
