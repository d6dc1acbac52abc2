"""The Scorer in a process of its own, so scoring one chunk overlaps with the Kafka I/O of the last.

Python runs one thread at a time; with the model in other processes the cores work together: the
loop polls, decodes, produces and commits while the workers score (`service/scoring/pool.py` runs
several, each with its own copy of the model; the loop's process loads none). The HTTP API sends its
requests here too. If a worker dies, every request in flight to it fails with `ScoringUnavailable`,
and the loop rolls its batch back and has the pool start a new worker.
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

from service.errors import ModelArtifactError, ScoringUnavailable
from service.scoring.fallback import constant_decider
from service.scoring.rows import ChunkResult, Decider, Row, decide_rows
from service.settings import Settings

log = logging.getLogger(__name__)


def _serve(conn: Connection, settings: Settings, constant: bool) -> None:
    """The worker process: load the model, then answer chunks until told to stop."""
    from service.scoring.scorer import build_scorer  # the model's libraries load here, not in the loop's

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s[worker]: %(message)s")
    reload_errors = 0

    def _reloaded(_fresh: object, error: Exception | None) -> None:
        nonlocal reload_errors
        reload_errors += error is not None

    decider: Decider
    intel = None
    if constant:
        decider, card = constant_decider(), {"version": "constant", "thresholds": {}}
    else:
        try:
            scorer = build_scorer(settings, on_intel_reload=_reloaded)
        except ModelArtifactError as exc:
            conn.send(("error", str(exc)))
            return
        decider, card, intel = scorer, scorer.model.card, scorer.intel
    conn.send(("ready", card))
    while True:
        try:
            kind, request_id, rows = conn.recv()
        except EOFError:
            return
        if kind == "stop":
            return
        try:
            answer = decide_rows(decider, rows, intel.current().version if intel else None)
            answer.intel_reload_errors = reload_errors
            conn.send(("ok", request_id, answer))
        except Exception as exc:  # reported to the caller, who decides; the worker lives on
            conn.send(("failed", request_id, f"{type(exc).__name__}: {exc}"))


class ScoringWorker:
    """Proxy for the worker process: `submit` a chunk, get a future of its decisions."""

    def __init__(self, settings: Settings, constant: bool = False) -> None:
        self.settings = settings
        self.constant = constant
        self.fail_mode: str = settings.fail_mode
        self.card: dict[str, Any] = {}
        self._ids = itertools.count()
        self.sent = 0  # chunks sent to this worker (by any of its processes)
        self._closing: Connection | None = None  # asked to stop, closed once it has exited
        self._pending: dict[int, Future[ChunkResult]] = {}
        self._lock = threading.Lock()
        self._conn: Connection | None = None
        # The connection whose answers the receiving thread still reads: None once the worker's end
        # closed (it exited). Checked with submissions under one lock, so no chunk is sent to a
        # worker whose in-flight chunks have already been failed, and no process is polled per chunk.
        self._receiving: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._launched: tuple[Connection, multiprocessing.process.BaseProcess] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    @property
    def alive(self) -> bool:
        """Loaded, answering chunks and not asked to stop."""
        return self._conn is not None and self._receiving is self._conn

    @property
    def in_flight(self) -> int:
        """Chunks sent and not answered yet."""
        return len(self._pending)

    def launch(self) -> ScoringWorker:
        """Start the worker process; it loads its model while the caller goes on (`wait_ready`)."""
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve, args=(child, self.settings, self.constant), name="zeroview-scoring", daemon=True
        )
        process.start()
        child.close()
        self._launched, self._process = (parent, process), process  # stop() can end it while it loads
        return self

    def wait_ready(self, timeout: float = 180.0) -> dict[str, Any]:
        """Wait until the launched worker has loaded its model; returns the model card."""
        if self._launched is None:
            raise RuntimeError("wait_ready() before launch()")
        parent, process = self._launched
        if not parent.poll(timeout):
            process.kill()
            raise ScoringUnavailable(
                f"the scoring worker did not load its model within {timeout:.0f}s", worker_exited=True
            )
        try:
            kind, answer = parent.recv()
        except EOFError:  # it died loading (out of memory, a signal): nothing to read
            process.join(5)
            raise ScoringUnavailable(
                f"the scoring worker exited while loading its model (exit code {process.exitcode})",
                worker_exited=True,
            ) from None
        if kind == "error":
            process.join(5)
            raise ModelArtifactError(answer)
        with self._lock:
            self._conn, self._receiving, self.card, self._launched = parent, parent, answer, None
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
                    future.set_exception(ScoringUnavailable(payload, worker_exited=False))
        with self._lock:  # the worker is gone: nobody will answer what is still in flight
            if self._receiving is conn:
                self._receiving = None
            pending, self._pending = self._pending, {}
        for future in pending.values():
            future.set_exception(ScoringUnavailable("the scoring worker exited", worker_exited=True))

    def submit(self, rows: Sequence[Row]) -> Future[ChunkResult]:
        future: Future[ChunkResult] = Future()
        with self._lock:
            if self._conn is None or self._receiving is not self._conn:
                future.set_exception(
                    ScoringUnavailable("the scoring worker is not running", worker_exited=True)
                )
                return future
            request_id = next(self._ids)
            self._pending[request_id] = future
            self.sent += 1
            try:
                self._conn.send(("chunk", request_id, list(rows)))
            except (OSError, ValueError) as exc:
                self._pending.pop(request_id, None)
                future.set_exception(
                    ScoringUnavailable(f"cannot reach the scoring worker: {exc}", worker_exited=True)
                )
        return future

    def stop(self, timeout: float = 10.0) -> None:
        self.ask_to_stop()
        self.join(timeout)

    def ask_to_stop(self) -> None:
        """Tell the worker to exit once its current chunk is scored; `join` waits for it."""
        with self._lock:
            conn, self._conn = self._conn, None
            if self._launched is not None:  # still loading its model: nobody will wait for it
                conn, self._launched = self._launched[0], None
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):  # already gone
                conn.send(("stop", -1, None))
            self._closing = conn

    def join(self, timeout: float = 10.0) -> None:
        """Wait for a worker asked to stop; killed if it has not exited within `timeout`."""
        process = self._process
        if process is not None:
            process.join(timeout)
            if process.is_alive():
                process.kill()
                process.join()
        conn, self._closing = self._closing, None
        if conn is not None:
            conn.close()
