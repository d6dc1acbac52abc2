"""The one scoring core: posts in, decisions out. Kafka, HTTP and the CLI all call `Scorer.decide`.

Policy on top of the model score: thresholds from the model card; posts in a language or script
the model was not trained on are held at most; an intelligence-list match raises allow to hold;
if scoring raises, the failure policy decides (never silence).
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from service.contracts import Action, Post, utc_now
from service.model.artifact import LoadedModel, load_model
from service.model.language import declared_language, dominant_script
from service.model.post_text import MAX_FIELD_CHARS, model_text, was_truncated
from service.moderation.tallies import ScoredBatch
from service.scoring.intel import IntelList, IntelWatcher
from service.settings import Settings

log = logging.getLogger(__name__)
# Reasons name the evidence, never the post: no snippet of its text is longer than this.
SNIPPET = 40


@dataclass(frozen=True)
class _Verdict:
    action: Action
    score: float
    reasons: list[str]
    failed: bool = False
    intel_raised: bool = False


class Scorer:
    """Decides batches of posts with one model, one policy and one intelligence list."""

    def __init__(
        self,
        model: LoadedModel,
        intel: IntelWatcher | None = None,
        fail_mode: Action = "hold",
        stale_after_seconds: float = 300.0,
        evidence_terms: int = 3,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.model = model
        self.intel = intel
        self.fail_mode = fail_mode
        self.stale_after_seconds = stale_after_seconds
        self.evidence_terms = evidence_terms
        self.clock = clock
        self.thresholds = model.thresholds

    def decide(self, posts: Sequence[Post]) -> ScoredBatch:
        if not posts:
            return ScoredBatch()  # a batch of only dead letters: nothing to score
        texts = [model_text(p.text, p.hashtags, p.ocr_text, p.transcript) for p in posts]
        verdicts = self._verdicts(posts, texts)
        batch = ScoredBatch()
        decided_at = self.clock()
        for post, verdict in zip(posts, verdicts, strict=True):
            batch.add(
                post,
                verdict.action,
                verdict.score,
                self.model.version,
                self.thresholds,
                verdict.reasons,
                decided_at,
                self.stale_after_seconds,
            )
            batch.failed += verdict.failed
            batch.intel_raised += verdict.intel_raised
        return batch

    def _verdicts(self, posts: Sequence[Post], texts: list[str]) -> list[_Verdict]:
        try:
            scores, normalized = self.model.pipeline.score_texts(texts)
        except Exception as exc:
            log.exception("scoring a batch of %d posts failed; deciding them one by one", len(posts))
            return [self._verdict_alone(post, text, exc) for post, text in zip(posts, texts, strict=True)]
        return [
            self._verdict(post, text, float(score), norm)
            for post, text, score, norm in zip(posts, texts, scores, normalized, strict=True)
        ]

    def _verdict_alone(self, post: Post, text: str, batch_error: Exception) -> _Verdict:
        """Isolate the posts that break scoring so one poison post cannot fail its whole batch."""
        try:
            scores, normalized = self.model.pipeline.score_texts([text])
        except Exception as exc:
            return _Verdict(
                self.fail_mode,
                0.0,
                failed=True,
                reasons=[
                    f"scoring failed ({type(exc).__name__}: {str(exc)[:200]}); "
                    f"failure policy decided {self.fail_mode}"
                ],
            )
        log.info(
            "post %s scored alone after its batch failed with %s", post.post_id, type(batch_error).__name__
        )
        return self._verdict(post, text, float(scores[0]), normalized[0])

    def _verdict(self, post: Post, text: str, score: float, normalized: str) -> _Verdict:
        if not text.strip():
            # nothing to judge: the score is only the model's prior
            return _Verdict("allow", score, ["no text to score: allowed"])
        remove_at, hold_at = self.thresholds["remove"], self.thresholds["hold"]
        action: Action
        if score >= remove_at:
            action = "remove"
            reasons = [f"model score {_p(score)} >= remove threshold {_p(remove_at)}"]
        elif score >= hold_at:
            action = "hold"
            reasons = [f"model score {_p(score)} in the review band [{_p(hold_at)}, {_p(remove_at)})"]
        else:
            action = "allow"
            reasons = [f"model score {_p(score)} < hold threshold {_p(hold_at)}"]
        if action != "allow":
            reasons.extend(self._explain(text))
        unknown = self._unknown_language(post, text) if action == "remove" else None
        if unknown:
            action = "hold"
            reasons.append(
                f"{unknown} is not among the model's training languages: held for review, not removed"
            )
        intel_raised = False
        if self.intel is not None:
            matches = self.intel.current().match(normalized)
            if matches:
                terms = ", ".join(f"'{m.term}' ({m.lang}, {m.category})" for m in matches[:3])
                version = self.intel.current().version
                if action == "allow":
                    action, intel_raised = "hold", True
                    reasons.append(f"intelligence list {version} matched {terms}: raised to hold")
                else:
                    reasons.append(f"intelligence list {version} matched {terms}")
        if was_truncated(post.text, post.hashtags, post.ocr_text, post.transcript):
            reasons.append(f"text fields truncated to {MAX_FIELD_CHARS} characters each for scoring")
        return _Verdict(action, score, reasons, intel_raised=intel_raised)

    def _explain(self, text: str) -> list[str]:
        pipeline = self.model.pipeline
        reasons = []
        evidence = pipeline.evidence(text, top_k=self.evidence_terms)
        if evidence:
            reasons.append("strongest evidence: " + ", ".join(f"'{gram[:SNIPPET]}'" for gram, _ in evidence))
        changes = pipeline.reveal(text)
        if changes:
            shown = "; ".join(
                f"{tactic}: '{before[:SNIPPET]}' -> '{after[:SNIPPET]}'"
                for tactic, before, after in changes[:3]
            )
            reasons.append(f"normalisation revealed {shown}")
        return reasons

    def _unknown_language(self, post: Post, text: str) -> str | None:
        lang = declared_language(post.lang)
        if lang is not None and self.model.languages and lang not in self.model.languages:
            return f"declared language '{lang}'"
        script = dominant_script(text)
        if script is not None and self.model.scripts and script not in self.model.scripts:
            return f"{script} script"
        return None


def build_scorer(
    settings: Settings,
    *,
    model_dir: Path | None = None,
    on_intel_reload: Callable[[IntelList | None, Exception | None], None] | None = None,
    offline: bool = False,
) -> Scorer:
    """The Scorer every entry point uses: the settings' model, intelligence list and policy.

    `offline` (the CLI) scores files of old posts: no decision is late. A model that fails its
    integrity check raises ModelArtifactError."""
    model = load_model(model_dir or settings.model_dir)
    # The model is ~120,000 long-lived objects (the normaliser's vocabulary, the terms): kept out of
    # the collector's reach, every full collection during scoring no longer walks them (~5% faster).
    gc.freeze()
    intel = (
        IntelWatcher(settings.intel_path, settings.intel_reload_seconds, on_reload=on_intel_reload)
        if settings.intel_path is not None
        else None
    )
    return Scorer(
        model,
        intel,
        fail_mode=settings.fail_mode,
        stale_after_seconds=float("inf") if offline else settings.stale_after_seconds,
    )


def _p(value: float) -> str:
    """A score or threshold as people read it: two decimals, or two significant digits below 0.1."""
    return f"{value:.2f}" if value >= 0.1 else f"{value:.2g}"
