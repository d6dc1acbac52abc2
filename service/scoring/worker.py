"""The Scorer in a process of its own, so scoring one chunk overlaps with the Kafka I/O of the last.

Python runs one thread at a time; with the model in a second process the two cores work together:
the loop polls, decodes, produces and commits while the worker scores. The worker holds the only
copy of the model; the HTTP API sends its requests here too. If the worker dies, every request in
flight fails with `WorkerDied` and the loop rolls its batch back and starts a new worker.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import signal
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from multiprocessing.connection import Connection
from typing import Any

from service.contracts import Post
from service.model.artifact import ModelArtifactError
from service.moderation.tallies import ScoredBatch
from service.scoring.backends import ChunkResult, Decider, Row, constant_decider, decide_rows
from service.settings import Settings

log = logging.getLogger(__name__)


class WorkerDied(RuntimeError):
    """The scoring worker exited; what it was scoring must be scored again."""


class WorkerFailed(RuntimeError):
    """The scoring worker raised on a request (it keeps serving the others)."""


def _serve(conn: Connection, settings: Settings, constant: bool) -> None:
    """The worker process: load the model, then answer requests until told to stop."""
    from service.model.artifact import load_model
    from service.scoring.intel import (
        IntelWatcher,  # the model's libraries load here, not in the loop's process
    )
    from service.scoring.scorer import Scorer

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s[worker]: %(message)s")
    intel = None
    reload_errors = 0

    def _reloaded(_fresh: object, error: Exception | None) -> None:
        nonlocal reload_errors
        reload_errors += error is not None

    decider: Decider
    if constant:
        decider, card = constant_decider(), {"version": "constant", "thresholds": {}}
    else:
        try:
            model = load_model(settings.model_dir)
        except ModelArtifactError as exc:
            conn.send(("error", str(exc)))
            return
        if settings.intel_path is not None:
            intel = IntelWatcher(settings.intel_path, settings.intel_reload_seconds, on_reload=_reloaded)
        decider = Scorer(
            model, intel, fail_mode=settings.fail_mode, stale_after_seconds=settings.stale_after_seconds
        )
        card = model.card
    conn.send(("ready", card))
    while True:
        try:
            kind, request_id, payload = conn.recv()
        except EOFError:
            return
        if kind == "stop":
            return
        try:
            answer: Any
            if kind == "chunk":
                answer = decide_rows(decider, payload, intel.current().version if intel else None)
                answer.intel_reload_errors = reload_errors
            else:
                answer = decider.decide(payload)
            conn.send(("ok", request_id, answer))
        except Exception as exc:  # reported to the caller, who decides; the worker lives on
            conn.send(("failed", request_id, f"{type(exc).__name__}: {exc}"))


class ScoringWorker:
    """Proxy for the worker process; `submit` for the loop, `decide` for the HTTP API."""

    def __init__(self, settings: Settings, constant: bool = False) -> None:
        self.settings = settings
        self.constant = constant
        self.fail_mode: str = settings.fail_mode
        self.card: dict[str, Any] = {}
        self._ids = itertools.count()
        self._pending: dict[int, Future[Any]] = {}
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self, timeout: float = 180.0) -> dict[str, Any]:
        """Start the worker and wait until its model is loaded; returns the model card."""
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve, args=(child, self.settings, self.constant), name="zeroview-scoring", daemon=True
        )
        process.start()
        child.close()
        if not parent.poll(timeout):
            process.kill()
            raise WorkerDied(f"the scoring worker did not load its model within {timeout:.0f}s")
        kind, answer = parent.recv()
        if kind == "error":
            process.join(5)
            raise ModelArtifactError(answer)
        self._conn, self._process, self.card = parent, process, answer
        threading.Thread(target=self._receive, args=(parent,), name="scoring-results", daemon=True).start()
        log.info("scoring worker %d ready (model %s)", process.pid, self.card.get("version"))
        return self.card

    def _receive(self, conn: Connection) -> None:
        while True:
            try:
                kind, request_id, payload = conn.recv()
            except (EOFError, OSError):
                break
            with self._lock:
                future = self._pending.pop(request_id, None)
            if future is not None:
                if kind == "ok":
                    future.set_result(payload)
                else:
                    future.set_exception(WorkerFailed(payload))
        with self._lock:  # the worker is gone: nobody will answer what is still in flight
            pending, self._pending = self._pending, {}
        for future in pending.values():
            future.set_exception(WorkerDied("the scoring worker exited"))

    def _request(self, kind: str, payload: Any) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._conn is None or self._process is None or not self._process.is_alive():
                future.set_exception(WorkerDied("the scoring worker is not running"))
                return future
            request_id = next(self._ids)
            self._pending[request_id] = future
            try:
                self._conn.send((kind, request_id, payload))
            except (OSError, ValueError) as exc:
                self._pending.pop(request_id, None)
                future.set_exception(WorkerDied(f"cannot reach the scoring worker: {exc}"))
        return future

    def submit(self, rows: Sequence[Row]) -> Future[ChunkResult]:
        return self._request("chunk", list(rows))

    def decide(self, posts: Sequence[Post]) -> ScoredBatch:
        batch: ScoredBatch = self._request("posts", list(posts)).result()
        return batch

    def restart(self) -> None:
        self.stop(timeout=2.0)
        self.start()

    def stop(self, timeout: float = 10.0) -> None:
        with self._lock:
            conn, process, self._conn = self._conn, self._process, None
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):  # already gone
                conn.send(("stop", -1, None))
        if process is not None:
            process.join(timeout)
            if process.is_alive():
                process.kill()
                process.join()
        if conn is not None:
            conn.close()
