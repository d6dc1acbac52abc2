"""Shared fixtures. Tests marked `kafka` use the real local broker that `make test` starts."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import localkafka
import pytest

from service.devtools.bench.processes import free_port
from service.settings import Settings
from tests.support.kafka_io import isolated_settings
from tests.support.service_process import ServiceProcess, ready_service

FETCH_PROMETHEUS = Path(__file__).resolve().parents[1] / "deploy" / "prometheus" / "fetch_promtool.sh"
# What the suite starts: services, the demo script, brokers, Prometheus. None may outlive it.
SUITE_PROCESS_MARKS = (
    "zeroview serve",
    "service.cli serve",
    "deploy/local/run.sh",
    "kafka.Kafka",
    "prometheus --config",
)
ORPHAN_GRACE_SECONDS = 15.0


# Every process this session starts inherits this variable: the check below never touches a
# process of another test run on the same machine (or the broker `make test` started before).
SESSION_MARK = "PYTEST_ZEROVIEW_SESSION"


def suite_processes(session_token: str | None = None) -> dict[int, str]:
    """pid -> command line of every live process that looks like one the suite starts (and, given a
    token, carries this session's mark in its environment)."""
    mark = f"{SESSION_MARK}={session_token}".encode() if session_token else None
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if state == "Z" or not any(m in command for m in SUITE_PROCESS_MARKS):
                continue
            if mark is not None and mark not in (entry / "environ").read_bytes().split(b"\0"):
                continue
        except OSError:
            continue
        found[int(entry.name)] = command.strip()
    return found


def pytest_sessionstart(session: pytest.Session) -> None:
    token = uuid.uuid4().hex
    os.environ[SESSION_MARK] = token
    session.config.stash[_TOKEN] = token
    session.config.stash[_BEFORE] = set(suite_processes(token))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if a process the suite started is still alive once it ends (after a grace period),
    and stop it: an orphaned service spins against a broker that is gone."""
    before = session.config.stash.get(_BEFORE, set())
    token = session.config.stash.get(_TOKEN, None)
    deadline = time.monotonic() + ORPHAN_GRACE_SECONDS
    while True:
        left = {
            pid: cmd
            for pid, cmd in suite_processes(token).items()
            if pid not in before and pid != os.getpid()
        }
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    if left:
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        listing = "\n".join(f"  {pid}: {cmd[:200]}" for pid, cmd in sorted(left.items()))
        print(f"\nprocesses started by the suite outlived it (killed now):\n{listing}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_BEFORE = pytest.StashKey[set[int]]()
_TOKEN = pytest.StashKey[str]()


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
