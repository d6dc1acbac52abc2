"""Idle when idle, and when the broker is gone: CPU measured in CPU seconds, never wall time."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from service.devtools.bench.processes import free_port
from service.settings import Settings
from tests.support.kafka_io import isolated_settings
from tests.support.service_process import ServiceProcess

pytestmark = pytest.mark.kafka


def test_with_no_traffic_the_service_barely_uses_the_cpu(running_service: ServiceProcess) -> None:
    time.sleep(3)  # start-up work (the first fetches, the pre-view restore) is not idling
    cpu = running_service.cpu_share(20)
    assert cpu < 0.03, f"{cpu:.1%} of a core with no traffic"


def waiting_for_kafka(service: ServiceProcess) -> bool:
    """The model is loaded and only Kafka is missing."""
    status, body = service.readyz()
    problems = body.get("problems", []) if isinstance(body, dict) else []
    return status == 503 and "model not loaded" not in problems and any("kafka" in p for p in problems)


def test_with_no_broker_it_idles_says_not_ready_and_stops_at_once_on_sigterm(tmp_path: Path) -> None:
    settings: Settings = isolated_settings(f"127.0.0.1:{free_port()}", http_port=free_port())  # nobody there
    service = ServiceProcess(settings, tmp_path / "service.log")
    try:
        deadline = time.monotonic() + 120
        while not waiting_for_kafka(service) and time.monotonic() < deadline:
            time.sleep(0.1)  # HTTP answers first, then the model loads: that is not idling
        time.sleep(2)
        cpu = service.cpu_share(10)
        assert service.readyz()[0] == 503
        service.process.send_signal(signal.SIGTERM)
        started = time.monotonic()
        code = service.process.wait(timeout=30)
        took = time.monotonic() - started
    finally:
        service.stop()
    assert cpu < 0.05, f"{cpu:.1%} of a core while no broker answers"
    assert code == 0 and took < 10, f"exit {code} after {took:.1f}s"
