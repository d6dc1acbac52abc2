"""A real `zeroview serve` process for integration tests."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from service.devtools.bench.processes import cpu_seconds, stop_process
from service.devtools.bench.processes import settings_env as subprocess_env
from service.settings import Settings


def children(pid: int, command_contains: str = "") -> list[int]:
    """The direct child processes of `pid` whose command line contains the text, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(fields[1]) == pid and command_contains in command:
            found.append(int(stat.parent.name))
    return found


def _cpu(pid: int) -> float:
    try:
        return cpu_seconds(pid)
    except OSError:  # exited meanwhile: what it used is gone with it
        return 0.0


def scoring_workers(pid: int) -> list[int]:
    """The service's scoring worker processes (not multiprocessing's resource tracker)."""
    return children(pid, "spawn_main")


def http_get(url: str, timeout: float = 2.0) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def http_post(
    url: str, body: Any, timeout: float = 10.0, headers: dict[str, str] | None = None
) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"content-type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def http_text(url: str, timeout: float = 5.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body: bytes = response.read()
        return body.decode()


class ServiceProcess:
    """Starts `zeroview serve` with the given settings; logs go to a file shown on failure."""

    def __init__(self, settings: Settings, log_path: Path, extra_env: dict[str, str] | None = None) -> None:
        self.settings = settings
        self.log_path = log_path
        self.url = f"http://{settings.http_host}:{settings.http_port}"
        env = {**subprocess_env(settings), **(extra_env or {})}
        self._log = log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "service.cli", "serve"],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None

    def readyz(self) -> tuple[int, Any]:
        try:
            return http_get(self.url + "/readyz")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, None

    def wait_ready(self, timeout: float = 120.0) -> None:
        # 120 s: a pre-view consumer group that assigned before the broker published a just-created
        # topic gets its partitions at the next metadata refresh (metadata_max_age_ms, 10 s), and
        # the service reports not ready until then (seen once, three test processes on two cores)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.alive(), f"zeroview exited with {self.process.returncode}:\n{self.log()[-4000:]}"
            if self.readyz()[0] == 200:
                return
            time.sleep(0.1)
        raise AssertionError(f"zeroview not ready after {timeout}s: {self.readyz()}\n{self.log()[-4000:]}")

    def wait_not_ready(self, timeout: float = 30.0) -> bool:
        """Whether /readyz answered 503 (the process still alive) within `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.alive() and self.readyz()[0] == 503:
                return True
            time.sleep(0.1)
        return False

    def metrics_showing(self, *lines: str, timeout: float = 15.0) -> str:
        """/metrics once it shows every line, or as it is at the deadline (the caller asserts).

        Counters move just after their Kafka transaction commits, so a reader can see a decision
        a moment before the count that goes with it."""
        deadline = time.monotonic() + timeout
        while True:
            text = http_text(self.url + "/metrics")
            if all(line in text for line in lines) or time.monotonic() > deadline:
                return text
            time.sleep(0.1)

    def cpu_share(self, seconds: float) -> float:
        """CPU the service and its child processes use over `seconds`, as a share of one core
        (CPU seconds consumed, so a busy machine does not inflate it)."""
        pids = [self.process.pid, *children(self.process.pid)]
        before = sum(_cpu(pid) for pid in pids)
        started = time.monotonic()
        time.sleep(seconds)
        return (sum(_cpu(pid) for pid in pids) - before) / (time.monotonic() - started)

    def stop(self, timeout: float = 30.0) -> int:
        code = stop_process(self.process, timeout)
        self._log.close()
        return code

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self._log.close()


@contextmanager
def ready_service(settings: Settings, log_path: Path) -> Iterator[ServiceProcess]:
    """A `zeroview serve` process that answers /readyz 200; stopped with SIGTERM afterwards."""
    service = ServiceProcess(settings, log_path)
    try:
        service.wait_ready()
        yield service
    finally:
        service.stop()
