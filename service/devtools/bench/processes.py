"""The processes a benchmark phase starts (`zeroview serve`, the passthrough), and what /proc says
about them: CPU seconds and peak resident memory."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Collection
from pathlib import Path

from prometheus_client.metrics_core import Metric
from prometheus_client.parser import text_string_to_metric_families

from service.devtools.bench import BenchError
from service.settings import Settings

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def settings_env(settings: Settings) -> dict[str, str]:
    """This environment without its ZEROVIEW_* variables, plus the ones that reproduce `settings`."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("ZEROVIEW_")}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        plain = value.get_secret_value() if hasattr(value, "get_secret_value") else value
        env[f"ZEROVIEW_{name.upper()}"] = str(plain).lower() if isinstance(plain, bool) else str(plain)
    return env


def stop_process(process: subprocess.Popen[bytes], timeout: float = 30.0) -> int:
    """SIGTERM (the loop finishes its batch and commits), then SIGKILL after `timeout`; the exit code."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # the command name may contain spaces
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_busy_seconds() -> float:
    """CPU seconds every process on the machine has used (all cores), from /proc/stat."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def _own_peak_rss(pid: int) -> int:
    """VmHWM: the most resident memory one process ever had (the kernel keeps the peak)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise BenchError(f"/proc/{pid}/status has no VmHWM")


def process_tree(pid: int, stop_at: Collection[int] = ()) -> list[int]:
    """`pid` and all its descendants (the service's scoring workers among them), leaving out the
    processes in `stop_at` and theirs (the services the bench started, when it measures itself)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(child for child in children.get(current, []) if child not in stop_at)
    return tree


def peak_rss_bytes(pid: int) -> int:
    """The summed peaks of the process and its descendants: an upper bound on the service's peak
    (each process's own peak counts even if they did not coincide)."""
    return sum(_own_peak_rss(member) for member in process_tree(pid))


def broker_pids() -> list[int]:
    """Local Kafka broker JVMs (for their CPU share); none when the broker runs elsewhere."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:  # gone, or not ours to read
            continue
        if b"kafka.Kafka\0" in cmdline:
            pids.append(int(entry.name))
    return pids


class BenchProcess:
    """One child process with its log in `log_path`; `stop()` is safe to call twice."""

    def __init__(
        self, name: str, argv: list[str], settings: Settings, log_path: Path, ready_file: Path | None = None
    ) -> None:
        self.name = name
        self.argv = argv
        self.settings = settings
        self.log_path = log_path
        self.ready_file = ready_file  # None: ready means /readyz answers 200
        self._log = log_path.open("ab")
        self.process = subprocess.Popen(
            argv, env=settings_env(settings), stdout=self._log, stderr=subprocess.STDOUT
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def is_ready(self) -> bool:
        if self.ready_file is not None:
            return self.ready_file.exists()
        url = f"http://{self.settings.http_host}:{self.settings.http_port}/readyz"
        try:
            with urllib.request.urlopen(url, timeout=2.0) as response:
                return bool(response.status == 200)
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # 503 (HTTPError) included
            return False

    def _metrics(self) -> list[Metric]:
        url = f"http://{self.settings.http_host}:{self.settings.http_port}/metrics"
        with urllib.request.urlopen(url, timeout=5.0) as response:
            return list(text_string_to_metric_families(response.read().decode()))

    def counter_total(self, family_name: str) -> float:
        """A counter's value summed over its labels (`family_name` without `_total`)."""
        return sum(
            sample.value
            for family in self._metrics()
            if family.name == family_name
            for sample in family.samples
            if sample.name.endswith("_total")
        )

    def batch_stages(self) -> dict[str, tuple[float, float]]:
        """The service's `zeroview_batch_stage_seconds` so far: (sum, count) per stage."""
        found: dict[str, list[float]] = {}
        for family in self._metrics():
            if family.name == "zeroview_batch_stage_seconds":
                for sample in family.samples:
                    kind = sample.name.removeprefix("zeroview_batch_stage_seconds_")
                    if kind in ("sum", "count"):
                        found.setdefault(sample.labels["stage"], [0.0, 0.0])[kind == "count"] = sample.value
        return {stage: (total, count) for stage, (total, count) in found.items()}

    def check_alive(self) -> None:
        if not self.alive():
            raise BenchError(
                f"{self.name} exited with {self.process.returncode}; its log ends:\n{self.log_tail()}"
            )

    def stop(self, timeout: float = 30.0) -> None:
        stop_process(self.process, timeout)
        self._log.close()


def start_service(name: str, settings: Settings, log_dir: Path) -> BenchProcess:
    """`zeroview serve` exactly as deployed, configured only through its environment."""
    argv = [sys.executable, "-m", "service.cli", "serve"]
    return BenchProcess(name, argv, settings, log_dir / f"{name}.log")


def start_passthrough(name: str, settings: Settings, log_dir: Path) -> BenchProcess:
    ready_file = log_dir / f"{name}.ready"
    argv = [sys.executable, "-m", "service.devtools.bench.passthrough", "--ready-file", str(ready_file)]
    return BenchProcess(name, argv, settings, log_dir / f"{name}.log", ready_file)


def wait_ready(processes: list[BenchProcess], timeout: float = 120.0) -> None:
    """Until every process is ready: /readyz answers 200, or the passthrough wrote its ready file."""
    deadline = time.monotonic() + timeout
    pending = list(processes)
    while pending:
        for process in list(pending):
            process.check_alive()
            if process.is_ready():
                pending.remove(process)
        if pending and time.monotonic() > deadline:
            names = ", ".join(p.name for p in pending)
            raise BenchError(f"{names} not ready after {timeout:.0f}s; log ends:\n{pending[0].log_tail()}")
        if pending:
            time.sleep(0.05)
