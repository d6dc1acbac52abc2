"""Shared fixtures. Tests marked `kafka` use the real local broker that `make test` starts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import localkafka
import pytest

from service.settings import Settings
from tests.support.kafka_io import isolated_settings
from tests.support.service_process import ServiceProcess, free_port


@pytest.fixture(scope="session")
def kafka_bootstrap() -> str:
    broker = localkafka.Broker.from_env()
    if not localkafka.is_up(broker):
        pytest.fail(f"no Kafka broker answers on {broker.bootstrap}: run `make kafka` (make test starts it)")
    return broker.bootstrap


@pytest.fixture
def service_settings(kafka_bootstrap: str) -> Settings:
    """Settings with topics, group, instance id and HTTP port used by this test only."""
    return isolated_settings(kafka_bootstrap, http_port=free_port())


@pytest.fixture
def running_service(service_settings: Settings, tmp_path: Path) -> Iterator[ServiceProcess]:
    """A ready `zeroview serve` process on this test's topics; stopped with SIGTERM afterwards."""
    service = ServiceProcess(service_settings, tmp_path / "service.log")
    try:
        service.wait_ready()
        yield service
    finally:
        service.stop()
