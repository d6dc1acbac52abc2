"""The shipped model meets the classifier issue's acceptance figures, recomputed here (not read back
from its card): held-out split, hand-written news and press releases, size, and scoring speed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.intel import IntelWatcher
from service.model_artifact import MODEL_FILE, load_model
from service.scorer import Scorer
from service.settings import DEFAULT_INTEL_PATH, DEFAULT_MODEL_DIR
from training.config import EVERYDAY_DIR
from training.evaluate import corpus_for, hand_written_figures, outcomes_for
from training.evaluation_metrics import by_group, headline

pytestmark = pytest.mark.slow
# 0.43 for model 2026-11-22.1 (0.71 before the short everyday posts): a guard, not a goal
EVERYDAY_HELD_MAX = 0.5


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(
        load_model(DEFAULT_MODEL_DIR), IntelWatcher(DEFAULT_INTEL_PATH), stale_after_seconds=float("inf")
    )


def test_the_artifact_is_under_50_mb() -> None:
    assert (DEFAULT_MODEL_DIR / MODEL_FILE).stat().st_size < 50 * 1024 * 1024


def test_held_out_figures_meet_the_acceptance_bars(scorer: Scorer) -> None:
    corpus = corpus_for(scorer.model)
    assert corpus.content_hash == scorer.model.card["data"]["corpus_hash"], "the lexicons changed: retrain"
    outcomes = outcomes_for(scorer, corpus.split("test"))
    figures = headline(outcomes)
    assert figures["remove_precision"] >= 0.99
    assert figures["violating_recall"] >= 0.95
    assert figures["benign_removed_rate"] <= 0.005
    languages = by_group(outcomes, "lang")
    assert len(languages) == 11
    assert {
        lang: g["violating_recall"] for lang, g in languages.items() if g["violating_recall"] < 0.90
    } == {}


def test_news_and_press_releases_are_never_removed(scorer: Scorer) -> None:
    figures = hand_written_figures(scorer)
    assert figures["posts"] >= 50
    assert figures["removed"] == 0, figures["removed_examples"]


def test_everyday_posts_are_never_removed_and_rarely_held(scorer: Scorer) -> None:
    # Most real traffic: greetings, one-word replies, daily life. Holding them floods human review.
    figures = hand_written_figures(scorer, EVERYDAY_DIR)
    assert figures["posts"] >= 50
    assert figures["removed"] == 0
    assert figures["held"] / figures["posts"] <= EVERYDAY_HELD_MAX, figures["held_examples"]


def _score_seconds(posts_file: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            "taskset",
            "-c",
            "0",
            sys.executable,
            "-m",
            "service.cli",
            "score",
            "--input",
            str(posts_file),
            "--output",
            "/dev/null",
        ],
        check=True,
        timeout=300,
    )
    return time.perf_counter() - started


def test_zeroview_score_handles_1000_posts_per_second_on_one_core(tmp_path: Path) -> None:
    """Timed on a realistic mix; start-up (imports, model load) cancels out between two sizes."""
    from service.bench.posts import benchmark_posts

    posts = benchmark_posts(6000, seed=7)
    big, small = tmp_path / "big.jsonl", tmp_path / "small.jsonl"
    lines = [post.to_bytes(f"p-{i}", "2026-11-21T12:00:00Z") for i, post in enumerate(posts)]
    big.write_bytes(b"\n".join(lines) + b"\n")
    small.write_bytes(b"\n".join(lines[:1000]) + b"\n")
    rate = 5000 / (_score_seconds(big) - _score_seconds(small))
    print(f"zeroview score on one core: {rate:.0f} posts/s")
    assert rate >= 1000
    assert json.loads(lines[0])["post_id"] == "p-0"
