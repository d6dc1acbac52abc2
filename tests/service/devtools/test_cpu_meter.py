"""The bench's CPU meter survives processes that exit while it measures."""

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
