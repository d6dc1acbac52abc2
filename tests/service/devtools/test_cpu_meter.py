"""The bench's CPU meter: a service's scoring worker counts as the service, and processes that exit
while it measures do not break it."""

import os
import signal
import subprocess
import sys
from types import SimpleNamespace
from typing import Any, cast

from service.devtools.bench.e2e import CpuMeter


def test_a_process_that_exits_during_a_drain_is_counted_as_other() -> None:
    # In `make test` another test's private broker may be stopped while a bench drain is measured.
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        meter = CpuMeter(cast(Any, [SimpleNamespace(name="short-lived", pid=child.pid)]))
    finally:
        child.kill()
        child.wait()
    shares = meter.percent(1.0)
    assert "short-lived" not in shares
    assert {"bench", "other"} <= shares.keys()


# A child that waits for a line, burns 0.3 s of CPU (CPU time, not wall time: load cannot make it
# use less), says so and stays alive, like a scoring worker under its service.
_WORKER = (
    "import sys, time\n"
    "sys.stdin.readline()\n"
    "while time.process_time() < 0.3: pass\n"
    "print('done', flush=True)\n"
    "time.sleep(60)\n"
)
_SERVICE = f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {_WORKER!r}]).wait()"


def test_a_service_is_measured_with_its_worker() -> None:
    service = subprocess.Popen(
        [sys.executable, "-c", _SERVICE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert service.stdin is not None and service.stdout is not None
        meter = CpuMeter(cast(Any, [SimpleNamespace(name="serve", pid=service.pid)]))
        service.stdin.write("go\n")
        service.stdin.flush()
        assert service.stdout.readline().strip() == "done"
        shares = meter.percent(1.0)
    finally:
        os.killpg(service.pid, signal.SIGKILL)
        service.wait()
    assert shares["serve"] >= 25.0, shares  # the worker's 0.3 s, over the 1 s the figures are per
    # this process started the service, as the bench does: the worker is not counted twice
    assert shares["bench"] < 25.0, shares
