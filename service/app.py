"""`zeroview serve`: the HTTP API and the consumer loop in one process.

Start order matters: HTTP first (so /healthz answers and /readyz says why it is not ready), then
the model (a file that fails its sha256 check stops the process with a clear message), then topics
and the consumer loop, which runs in the main thread so SIGTERM reaches it.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType
from typing import TYPE_CHECKING

from kafka.errors import KafkaError
from prometheus_client import CollectorRegistry

from service.health import Readiness
from service.http.app import HttpServer, create_app
from service.http.state import AppState
from service.kafka.clients import ensure_topics
from service.kafka.preflight import check_sasl_credentials, check_tls
from service.kafka.probe import KafkaProbe
from service.metrics import ServiceMetrics
from service.moderation.loop import ModerationLoop
from service.preview.loop import PreviewLoop
from service.scoring.backends import InProcessScoring, Scoring
from service.scoring.worker import ScoringWorker
from service.settings import Settings

if TYPE_CHECKING:
    from service.scoring.intel import IntelList

log = logging.getLogger(__name__)


def _wait_for_topics(settings: Settings, stopped: threading.Event) -> bool:
    """Create the topics, retrying with backoff while the broker is unreachable; False if stopped."""
    delay = 0.5
    while not stopped.is_set():
        check_tls(settings)  # a certificate or handshake failure ends here, with the reason
        check_sasl_credentials(settings)  # a refusal ends here with the broker's reason
        try:
            ensure_topics(settings)
            return True
        except KafkaError as exc:
            log.warning(
                "kafka at %s not reachable yet (%s); retrying in %.1fs",
                settings.kafka_bootstrap,
                type(exc).__name__,
                delay,
            )
            stopped.wait(delay)
            delay = min(settings.retry_backoff_max_seconds, delay * 2)
    return False


def serve(settings: Settings) -> int:
    registry = CollectorRegistry()
    metrics = ServiceMetrics(registry)
    readiness = Readiness()
    metrics.ready.set_function(lambda: float(readiness.is_ready()))  # read at scrape time
    state = AppState(registry=registry, readiness=readiness)
    http = HttpServer(create_app(state), settings.http_host, settings.http_port)
    http.start()
    stopped = threading.Event()
    loop: ModerationLoop | None = None
    tracker: PreviewLoop | None = None

    def _on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: finishing the current batch, then stopping", signal.Signals(signum).name)
        stopped.set()
        if loop is not None:
            loop.stop()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    probe = KafkaProbe(settings, readiness)
    scoring: Scoring | None = None
    try:
        scoring = _start_scoring(settings, metrics)
        state.scoring = scoring
        version = str(scoring.card["version"])
        readiness.model_loaded(version)
        metrics.set_model(version)
        log.info(
            "model %s ready (%s; remove >= %s, hold >= %s)",
            version,
            "scoring worker" if settings.scoring_worker else "in process",
            scoring.card["thresholds"].get("remove"),
            scoring.card["thresholds"].get("hold"),
        )
        probe.start()
        if settings.create_topics and not _wait_for_topics(settings, stopped):
            return 0
        loop = ModerationLoop(settings, scoring, metrics, readiness)
        if settings.preview_enabled:
            tracker = PreviewLoop(settings, registry, readiness)
            tracker.start()
        if stopped.is_set():
            return 0
        loop.run()
        return 0
    finally:
        if tracker is not None:
            tracker.stop()
            tracker.join(timeout=10)
        probe.stop()
        http.stop()
        if isinstance(scoring, ScoringWorker):
            scoring.stop()


def _start_scoring(settings: Settings, metrics: ServiceMetrics) -> Scoring:
    """The scoring worker (default), or the Scorer in this process; a model that fails its sha256
    check stops the service here with ModelArtifactError."""
    if settings.scoring_worker:
        worker = ScoringWorker(settings)
        worker.start()
        return worker
    from service.model.artifact import load_model
    from service.scoring.intel import IntelWatcher
    from service.scoring.scorer import Scorer

    model = load_model(settings.model_dir)
    intel = None
    if settings.intel_path is not None:
        intel = IntelWatcher(
            settings.intel_path,
            settings.intel_reload_seconds,
            on_reload=lambda fresh, error: _intel_reloaded(metrics, fresh, error),
        )
        metrics.set_intel(intel.current().version)
    scorer = Scorer(
        model, intel, fail_mode=settings.fail_mode, stale_after_seconds=settings.stale_after_seconds
    )
    return InProcessScoring(scorer, model.card, settings.fail_mode, intel)


def _intel_reloaded(metrics: ServiceMetrics, fresh: IntelList | None, error: Exception | None) -> None:
    if fresh is not None:
        metrics.set_intel(fresh.version)
    if error is not None:
        metrics.intel_reload_errors.inc()
