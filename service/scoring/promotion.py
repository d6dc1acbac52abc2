"""Promoting a new model without a restart.

An operator names a model directory (`POST /v1/admin/model`). The candidate is started beside the
live scoring (its own worker process, or in this process), must pass the artifact's integrity check
and a smoke test, and waits in the pending slot; the moderation loop takes it between two batches
(`take`), so a batch is decided by one model only and every decision names the version that made it.
A candidate that fails to load or its smoke test is refused with the reason while the live model
keeps serving. The model it replaces is stopped a little later, once HTTP requests that were already
on their way to it have had their answer.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from service.contracts import Post, utc_now
from service.errors import ModelArtifactError
from service.scoring.backends import Scoring, decide_posts, start_scoring
from service.settings import Settings

log = logging.getLogger(__name__)
RETIRE_AFTER_SECONDS = 10.0  # the replaced model answers requests already sent to it meanwhile

# Decided by a candidate before it may go live: one clear offer, one ordinary post.
SMOKE_TEST = (
    ("smoke-offer", "Raw ivory tusks for sale, 3 kg, no papers, WhatsApp for price", "en"),
    ("smoke-everyday", "Lovely walk by the river this morning with the kids", "en"),
)


def smoke_test(scoring: Scoring) -> None:
    """The candidate decides the smoke posts, names its own version, and keeps the clear offer
    from `allow` and the ordinary post from `remove`; ModelArtifactError otherwise."""
    now = utc_now()
    posts = [Post(post_id=i, created_at=now, text=text, lang=lang) for i, text, lang in SMOKE_TEST]
    try:
        decisions = {d.post_id: d for d in decide_posts(scoring, posts)}
    except Exception as exc:
        raise ModelArtifactError(f"the candidate failed its smoke test: {type(exc).__name__}: {exc}") from exc
    version = str(scoring.card.get("version"))
    if any(d.model_version != version for d in decisions.values()):
        raise ModelArtifactError("the candidate's decisions do not name its version")
    if decisions["smoke-offer"].action == "allow":
        raise ModelArtifactError("the candidate allows a clear ivory offer: refused")
    if decisions["smoke-everyday"].action == "remove":
        raise ModelArtifactError("the candidate removes an ordinary post: refused")


class Promotion:
    """The pending slot between the admin call that loads a candidate and the loop that takes it."""

    def __init__(self, settings: Settings, on_live: Callable[[Scoring], None] = lambda _: None) -> None:
        self.settings = settings
        self.on_live = on_live  # told of each model that goes live (HTTP, metrics, readiness)
        self._pending: Scoring | None = None
        self._lock = threading.Lock()
        self._loading = threading.Lock()  # one candidate loads at a time

    def prepare(self, model_dir: Path) -> dict[str, Any]:
        """Load, check and smoke-test the model in `model_dir`; it goes live at the next batch.
        Returns its card; ModelArtifactError (the live model unchanged) if it cannot be used."""
        if not model_dir.is_dir():
            raise ModelArtifactError(f"{model_dir} is not a model directory")
        with self._loading:
            candidate = start_scoring(self.settings.model_copy(update={"model_dir": model_dir}))
            try:
                smoke_test(candidate)
            except ModelArtifactError:
                candidate.stop()
                raise
            with self._lock:
                replaced, self._pending = self._pending, candidate
        if replaced is not None:  # an earlier candidate the loop had not taken yet
            replaced.stop()
        log.warning(
            "model %s loaded from %s; live from the next batch", candidate.card.get("version"), model_dir
        )
        return candidate.card

    def take(self) -> Scoring | None:
        with self._lock:
            candidate, self._pending = self._pending, None
        return candidate

    def swap(self, live: Scoring) -> Scoring:
        """What scores the next batch: the candidate if one is waiting (the live one is then retired),
        else the live one. The loop calls this between batches."""
        candidate = self.take()
        if candidate is None:
            return live
        self.on_live(candidate)
        log.warning("model %s is live (was %s)", candidate.card.get("version"), live.card.get("version"))
        timer = threading.Timer(RETIRE_AFTER_SECONDS, live.stop)  # requests already sent to it answered
        timer.daemon = True
        timer.start()
        return candidate

    def stop(self) -> None:
        candidate = self.take()
        if candidate is not None:
            candidate.stop()
