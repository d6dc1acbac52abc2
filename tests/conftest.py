"""Shared fixtures. Tests marked `kafka` use the real local broker that `make test` starts."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import localkafka
import pytest

from service.bench.processes import free_port
from service.settings import Settings
from tests.support.kafka_io import isolated_settings
from tests.support.service_process import ServiceProcess, ready_service

FETCH_PROMETHEUS = Path(__file__).resolve().parents[1] / "deploy" / "prometheus" / "fetch_promtool.sh"


@pytest.fixture(scope="session")
def prometheus_bin() -> Path:
    """The folder with `promtool` and `prometheus` from Debian's package (extracted on first use)."""
    fetched = subprocess.run(
        ["bash", str(FETCH_PROMETHEUS)], capture_output=True, text=True, timeout=600, check=False
    )
    if fetched.returncode != 0:
        pytest.fail(f"fetch_promtool.sh failed:\n{fetched.stdout}{fetched.stderr}")
    return Path(fetched.stdout.strip().splitlines()[-1])


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
    with ready_service(service_settings, tmp_path / "service.log") as service:
        yield service
