"""Where scoring runs: in the scoring worker process (`service/scoring/worker.py`, the default)
or in the calling thread (`InProcessScoring`). The loop and the HTTP API send the same request
kind to either: a chunk of validated posts, answered with encoded decisions and tallies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Protocol

from service.contracts import Decision, Post
from service.scoring.fallback import constant_decider
from service.scoring.rows import ChunkResult, Decider, Row, decide_rows, to_row
from service.settings import Settings

if TYPE_CHECKING:
    from service.scoring.intel import IntelList, IntelWatcher


class Scoring(Protocol):
    """Where the loop and the HTTP API send work."""

    card: dict[str, Any]
    fail_mode: str

    @property
    def parallelism(self) -> int:
        """How many chunks it scores at once."""
        ...

    @property
    def degraded(self) -> bool:
        """A worker has exited (the others score its share until `restart` replaces it)."""
        ...

    def submit(self, rows: Sequence[Row]) -> Future[ChunkResult]: ...

    def restart(self) -> None: ...

    def stop(self) -> None: ...


def decide_posts(scoring: Scoring, posts: Sequence[Post]) -> list[Decision]:
    """Decisions for posts outside the Kafka loop (the HTTP API): one chunk, waited for."""
    result = scoring.submit([to_row(post) for post in posts]).result()
    return [Decision.model_validate_json(payload) for _, _, payload in result.decisions]


class InProcessScoring:
    """Scores in the calling thread (single-core deployments, tests, the benchmark)."""

    def __init__(
        self, decider: Decider, card: dict[str, Any], fail_mode: str, intel: IntelWatcher | None = None
    ) -> None:
        self.decider = decider
        self.card = card
        self.fail_mode: str = fail_mode
        self.intel = intel

    @property
    def parallelism(self) -> int:
        return 1

    @property
    def degraded(self) -> bool:
        return False

    def submit(self, rows: Sequence[Row]) -> Future[ChunkResult]:
        future: Future[ChunkResult] = Future()
        future.set_result(
            decide_rows(self.decider, rows, self.intel.current().version if self.intel else None)
        )
        return future

    def restart(self) -> None:
        """Nothing to restart: the decider lives in this process."""

    def stop(self) -> None:
        """Nothing to stop."""


def start_scoring(
    settings: Settings,
    *,
    constant: bool = False,
    on_intel_reload: Callable[[IntelList | None, Exception | None], None] | None = None,
) -> Scoring:
    """`ZEROVIEW_SCORING_WORKERS` scoring workers with their models loaded (`ZEROVIEW_SCORING_WORKER`,
    the default), or the Scorer in this process; `constant` decides `allow` with no model (the transport benchmark).
    A model that fails its integrity check raises ModelArtifactError here."""
    if settings.scoring_worker:
        from service.scoring.pool import ScoringPool

        pool = ScoringPool(settings, settings.scoring_workers, constant=constant)
        pool.start()
        return pool
    if constant:
        card = {"version": "constant", "thresholds": {}}
        return InProcessScoring(constant_decider(), card, settings.fail_mode)
    from service.scoring.scorer import build_scorer  # the model's libraries, only when scoring here

    scorer = build_scorer(settings, on_intel_reload=on_intel_reload)
    return InProcessScoring(scorer, scorer.model.card, settings.fail_mode, scorer.intel)
