"""Decisions of the shipped model on a fixed set of posts (the `make run` sample), kept in
tests/data/golden_decisions.jsonl: a refactor must not change them. After retraining, write them
again with `python -m tests.support.golden` and commit the file with the model."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

from service.contracts import Post
from service.scoring.scorer import Scorer, build_scorer
from service.settings import Settings

GOLDEN = Path(__file__).resolve().parents[1] / "data" / "golden_decisions.jsonl"


def sample_posts() -> list[Post]:
    lines = (files("service") / "data" / "sample_posts.jsonl").read_text(encoding="utf-8").splitlines()
    return [Post.model_validate(json.loads(line)) for line in lines]


def decisions(scorer: Scorer) -> list[dict[str, Any]]:
    """What must not change: action, score and reasons (not the time of deciding)."""
    return [
        {"post_id": d.post_id, "model_version": d.model_version, "action": d.action, "score": d.score,
         "reasons": d.reasons}
        for d in scorer.decide(sample_posts()).decisions
    ]  # fmt: skip


def golden_scorer() -> Scorer:
    return build_scorer(Settings(), offline=True)


if __name__ == "__main__":
    rows = decisions(golden_scorer())
    GOLDEN.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} decisions written to {GOLDEN}")
