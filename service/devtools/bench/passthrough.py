"""The transport's limit: the real `ModerationLoop` and scoring hand-over with a constant `allow`
in place of the model.

Run as its own process (`python -m service.devtools.bench.passthrough --ready-file F`, settings from
`ZEROVIEW_*` like `zeroview serve`) so it has a core to itself as the service does. Decoding,
decision objects, their JSON, the transaction and the offsets are all the service's; only the
model and the policy are gone.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from prometheus_client import CollectorRegistry

from service.health import Readiness
from service.metrics import ServiceMetrics
from service.moderation.loop import ModerationLoop
from service.scoring.backends import start_scoring
from service.settings import Settings

log = logging.getLogger(__name__)


def _signal_ready(readiness: Readiness, ready_file: Path, stopped: threading.Event) -> None:
    """Create `ready_file` once partitions are assigned: the benchmark releases its backlog then."""
    while not stopped.wait(0.02):
        if readiness.assigned:
            ready_file.write_text(",".join(sorted(readiness.assigned)))
            return


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.devtools.bench.passthrough", description=__doc__)
    parser.add_argument("--ready-file", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("kafka").setLevel(logging.WARNING)
    readiness = Readiness()
    settings = Settings()
    scoring = start_scoring(settings, constant=True)
    loop = ModerationLoop(settings, scoring, ServiceMetrics(CollectorRegistry()), readiness)
    stopped = threading.Event()

    def _on_signal(signum: int, _frame: FrameType | None) -> None:
        stopped.set()
        loop.stop()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    watcher = threading.Thread(target=_signal_ready, args=(readiness, args.ready_file, stopped), daemon=True)
    watcher.start()
    try:
        loop.run()
    finally:
        stopped.set()
        scoring.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
