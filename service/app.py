"""`zeroview serve`: the composition root. One ExitStack of running parts, started in order and
stopped in reverse, whatever happens.

Start order matters: HTTP first (so /healthz answers and /readyz says why it is not ready), then
the model (a file that fails its sha256 check stops the process with a clear message), then the
Kafka probe, topics, the pre-view tracker and the moderation loop, which runs in the main thread
so SIGTERM reaches it.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from types import FrameType
from typing import Protocol, TypeVar

from kafka.errors import KafkaError
from prometheus_client import CollectorRegistry

from service.health import Readiness
from service.http.app import HttpServer, create_app
from service.http.state import AppState
from service.kafka.clients import ensure_topics
from service.kafka.preflight import check_sasl_credentials, check_tls
from service.kafka.probe import KafkaProbe
from service.kafka.transactions import Backoff
from service.metrics import ServiceMetrics
from service.moderation.loop import ModerationLoop
from service.moderation.valve import SafetyValve
from service.preview.loop import PreviewLoop
from service.scoring.backends import Scoring, start_scoring
from service.scoring.promotion import Promotion
from service.settings import Settings

log = logging.getLogger(__name__)


class _Part(Protocol):
    def start(self) -> object: ...

    def stop(self) -> object: ...


P = TypeVar("P", bound=_Part)


@contextmanager
def _running(part: P) -> Iterator[P]:
    part.start()
    try:
        yield part
    finally:
        part.stop()


def _wait_for_topics(settings: Settings, stopped: threading.Event) -> bool:
    """Create the topics, retrying with backoff while the broker is unreachable; False if stopped."""
    backoff = Backoff(settings.retry_backoff_max_seconds, stopped, first_seconds=0.5)
    while not stopped.is_set():
        check_tls(settings)  # a certificate or handshake failure ends here, with the reason
        check_sasl_credentials(settings)  # a refusal ends here with the broker's reason
        try:
            ensure_topics(settings)
            return True
        except KafkaError as exc:
            delay = backoff.next_delay()
            log.warning(
                "kafka at %s not reachable yet (%s); retrying in %.1fs",
                settings.kafka_bootstrap,
                type(exc).__name__,
                delay,
            )
            stopped.wait(delay)
    return False


def _exit_after(grace_seconds: float) -> None:
    """The stop's deadline: kafka-python waits without a timeout for a transactional call whose
    broker is gone, so a stop that would outlast the grace period ends the process here. The open
    transaction is aborted by the broker (or fenced by the next instance with this transactional id)
    and its batch is consumed again: nothing is lost or doubled."""
    time.sleep(grace_seconds)
    log.error(
        "still stopping after %.0fs (a Kafka call has not returned: is the broker gone?); exiting now, "
        "the uncommitted batch will be consumed again",
        grace_seconds,
    )
    logging.shutdown()
    os._exit(0)


def serve(settings: Settings) -> int:
    registry = CollectorRegistry()
    metrics = ServiceMetrics(registry)
    readiness = Readiness()
    metrics.ready.set_function(lambda: float(readiness.is_ready()))  # read at scrape time
    valve = (
        SafetyValve(
            settings.safety_valve_ceiling,
            settings.safety_valve_window_seconds,
            settings.safety_valve_min_decisions,
            baseline_factor=settings.safety_valve_baseline_factor,
            baseline_seconds=settings.safety_valve_baseline_seconds,
        )
        if settings.safety_valve_enabled
        else None
    )
    metrics.safety_valve_engaged.set_function(lambda: float(valve is not None and valve.state().engaged))
    token = settings.admin_token.get_secret_value() if settings.admin_token else None
    state = AppState(registry=registry, readiness=readiness, valve=valve, admin_token=token)
    stopped = threading.Event()
    loops: list[ModerationLoop] = []

    def _on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: finishing the current batch, then stopping", signal.Signals(signum).name)
        if not stopped.is_set():
            threading.Thread(target=_exit_after, args=(settings.shutdown_grace_seconds,), daemon=True).start()
        stopped.set()
        for loop in loops:
            loop.stop()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    with ExitStack() as parts:
        parts.enter_context(_running(HttpServer(create_app(state), settings.http_host, settings.http_port)))
        scoring = _scoring(settings, metrics)
        state.scoring = scoring
        parts.callback(
            lambda: state.scoring.stop() if state.scoring else None
        )  # the live one, promoted or not
        readiness.model_loaded(str(scoring.card["version"]))
        parts.enter_context(_running(KafkaProbe(settings, readiness)))
        if settings.create_topics and not _wait_for_topics(settings, stopped):
            return 0
        if settings.preview_enabled:
            parts.enter_context(_running(PreviewLoop(settings, registry, readiness)))
        promotion = Promotion(settings, on_live=lambda live: _went_live(live, state, metrics, readiness))
        parts.callback(promotion.stop)
        state.promotion = promotion
        shadow = _shadow(settings)
        if shadow is not None:
            parts.callback(shadow.stop)
        loops.append(
            ModerationLoop(
                settings, scoring, metrics, readiness, valve=valve, promotion=promotion, shadow=shadow
            )
        )
        if not stopped.is_set():
            loops[0].run()
    return 0


def _shadow(settings: Settings) -> Scoring | None:
    """The candidate that scores in shadow (`ZEROVIEW_SHADOW_MODEL_DIR`), started, or None."""
    if settings.shadow_model_dir is None:
        return None
    shadow = start_scoring(settings.model_copy(update={"model_dir": settings.shadow_model_dir}))
    log.info(
        "model %s scores in shadow (to %s, never acted on)", shadow.card["version"], settings.topic_shadow
    )
    return shadow


def _went_live(scoring: Scoring, state: AppState, metrics: ServiceMetrics, readiness: Readiness) -> None:
    """A promoted model took over: the HTTP API, /metrics and /readyz name it from now on."""
    state.scoring = scoring
    metrics.set_model(str(scoring.card["version"]))
    readiness.model_loaded(str(scoring.card["version"]))


def _scoring(settings: Settings, metrics: ServiceMetrics) -> Scoring:
    """Scoring, started, with the model's version and thresholds logged and exported."""

    def intel_reloaded(fresh: object, error: Exception | None) -> None:  # in-process scoring only
        version = getattr(fresh, "version", None)
        if version is not None:
            metrics.set_intel(str(version))
        if error is not None:
            metrics.intel_reload_errors.inc()

    scoring = start_scoring(settings, on_intel_reload=intel_reloaded)
    version = str(scoring.card["version"])
    metrics.set_model(version)
    log.info(
        "model %s ready (%s; remove >= %s, hold >= %s)",
        version,
        f"{settings.scoring_workers} scoring workers" if settings.scoring_worker else "in process",
        scoring.card["thresholds"].get("remove"),
        scoring.card["thresholds"].get("hold"),
    )
    return scoring
