"""The model's limit: `Scorer.decide` on in-memory batches, no Kafka, no HTTP, no JSON decoding."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from service.contracts import Post, decode_event, utc_now
from service.devtools.bench import BenchError
from service.devtools.bench.posts import BenchPost
from service.devtools.bench.processes import machine_busy_seconds
from service.scoring.scorer import build_scorer
from service.settings import Settings


@dataclass
class ModelOnlyResult:
    posts_per_second: float
    posts: int
    seconds: float
    model_version: str
    load_seconds: float
    other_cpu_percent: float  # CPU used by other processes meanwhile (a busy neighbour lowers the figure)
    actions: dict[str, int] = field(default_factory=dict)


def measure_model_only(settings: Settings, posts: Sequence[BenchPost]) -> ModelOnlyResult:
    """Posts per second of `Scorer.decide` in batches of the loop's size (`max_batch`)."""
    started = time.perf_counter()
    scorer = build_scorer(settings)  # what `zeroview serve` builds
    load_seconds = time.perf_counter() - started
    created_at = utc_now().isoformat()
    # Decoded before the clock starts: decoding is the transport's cost, measured by the passthrough.
    decoded = [decode_event(Post, post.to_bytes(f"m-{i}", created_at)) for i, post in enumerate(posts)]
    batches = [decoded[i : i + settings.max_batch] for i in range(0, len(decoded), settings.max_batch)]
    scorer.decide(batches[0][:50])  # first-call costs (lazy tables, caches) are start-up, not throughput
    actions: Counter[str] = Counter()
    failed, why = 0, ""
    busy_before, own_before = machine_busy_seconds(), time.process_time()
    started = time.perf_counter()
    for batch in batches:
        scored = scorer.decide(batch)
        actions.update(scored.actions)
        failed += scored.failed
        if scored.failed and not why:
            why = next(d.reasons[0] for d in scored.decisions if d.reasons[0].startswith("scoring failed"))
    seconds = time.perf_counter() - started
    other = machine_busy_seconds() - busy_before - (time.process_time() - own_before)
    if failed:
        # The failure policy decided these posts: the figure would time the fallback, not the model.
        raise BenchError(f"{failed} of {len(decoded)} posts were not scored, e.g. {why}")
    return ModelOnlyResult(
        posts_per_second=len(decoded) / seconds,
        posts=len(decoded),
        seconds=seconds,
        model_version=scorer.model.version,
        load_seconds=load_seconds,
        other_cpu_percent=round(max(0.0, 100 * other / seconds), 1),
        actions=dict(sorted(actions.items())),
    )
