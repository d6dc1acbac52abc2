"""The transport's limit: the real `ModerationLoop` with scoring replaced by a constant `allow`.

Run as its own process (`python -m service.bench.passthrough --ready-file F`, settings from
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

from service.contracts import Decision, Post
from service.health import Readiness
from service.metrics import ServiceMetrics
from service.model_artifact import LoadedModel
from service.moderation_loop import ModerationLoop
from service.scorer import ScoredBatch, Scorer
from service.settings import Settings

MODEL_VERSION = "bench-passthrough"
REASONS = ["benchmark passthrough: constant decision, no model"]

log = logging.getLogger(__name__)


class ConstantScorer(Scorer):
    """Allows every post; builds the same decision objects and tallies as `Scorer.decide`."""

    def __init__(self) -> None:
        card = {"version": MODEL_VERSION, "thresholds": {"remove": 1.0, "hold": 1.0}}
        super().__init__(LoadedModel(pipeline=None, card=card))

    def decide(self, posts: Sequence[Post]) -> ScoredBatch:
        batch = ScoredBatch()
        decided_at = self.clock()
        for post in posts:
            latency = max(0.0, (decided_at - post.created_at).total_seconds())
            batch.decisions.append(
                Decision(
                    post_id=post.post_id,
                    action="allow",
                    score=0.0,
                    model_version=MODEL_VERSION,
                    thresholds=self.thresholds,
                    reasons=REASONS,
                    event_created_at=post.created_at,
                    decided_at=decided_at,
                    decision_latency_seconds=round(latency, 6),
                )
            )
            batch.latencies.append(latency)
        batch.actions["allow"] = len(posts)
        return batch


def _signal_ready(readiness: Readiness, ready_file: Path, stopped: threading.Event) -> None:
    """Create `ready_file` once partitions are assigned: the benchmark releases its backlog then."""
    while not stopped.wait(0.02):
        if readiness.assigned:
            ready_file.write_text(",".join(sorted(readiness.assigned)))
            return


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.bench.passthrough", description=__doc__)
    parser.add_argument("--ready-file", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("kafka").setLevel(logging.WARNING)
    readiness = Readiness()
    loop = ModerationLoop(Settings(), ConstantScorer(), ServiceMetrics(CollectorRegistry()), readiness)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
