"""The shipped model on real text, recomputed here (not read back from its card): held-out real everyday
posts, lawful listings, museum records and news; the hand-written sets; reasons; size. Speed is a
`zeroview bench` figure (`model_only_posts_per_second`): a timing assertion here would fail from load."""

from __future__ import annotations

import fcntl
import pickle
import re

import pytest

from service.contracts import Post
from service.model.artifact import MODEL_FILE, load_model
from service.scoring.intel import IntelWatcher
from service.scoring.scorer import Scorer
from service.settings import DEFAULT_INTEL_PATH, DEFAULT_MODEL_DIR
from training.evaluate import dataset_for, decide, held_out_sets, load_hand_written
from training.evaluation_metrics import Outcome, by_group, group_rates
from training.examples import EVAL_CREATED_AT

pytestmark = pytest.mark.slow
# Where the shipped model stands against the classifier issue's bars it does not meet yet: guards
# against getting worse, not goals (the README's classifier section gives the measured figures).
HAND_VIOLATING_REMOVED_MIN = (
    0.40  # the bar is 0.85 (model 2026-12-08.1: 0.463; 2026-12-07.7: 0.457; .6: 0.459)
)
HAND_VIOLATING_FLAGGED_MIN = (
    0.88  # the bar is 0.95 (models 2026-12-07.7 and 2026-12-08.1: 0.911; .4 to .6: 0.913)
)
LANGUAGE_FLAGGED_MIN = (
    0.75  # the bar is 0.80 (models 2026-12-07.7 and 2026-12-08.1: 0.756, es; .4 to .6: 0.80)
)
# the bar is 1 in 20 (models 2026-12-07.7 and 2026-12-08.1: 7 of 62; 2026-12-07.4 to .6: 9; .2 and .3: 10;
# 2026-12-07.1: 6 of 62, removing 36% instead of 46% of the violating posts; README "Where it is weak")
PRESS_NEWS_HELD_MAX = 0.12


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(
        load_model(DEFAULT_MODEL_DIR), IntelWatcher(DEFAULT_INTEL_PATH), stale_after_seconds=float("inf")
    )


@pytest.fixture(scope="module")
def held_out(
    scorer: Scorer, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> dict[str, list[Outcome]]:
    """Computed once per suite run: the suite's processes (pytest-xdist) share it through a file,
    the first to get the lock builds the dataset and decides the held-out sets, the others read it."""
    # pytest-xdist's processes each get a directory below the run's own (its documented pattern)
    shared = tmp_path_factory.getbasetemp()
    shared = shared if worker_id == "master" else shared.parent
    cache = shared / f"held-out-{scorer.model.version}.pickle"
    with (shared / "held-out.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cache.exists():
            outcomes: dict[str, list[Outcome]] = pickle.loads(cache.read_bytes())
            return outcomes
        dataset = dataset_for(scorer.model)
        assert dataset.content_hash == scorer.model.card["data"]["dataset_hash"], "the data changed: retrain"
        # the real sets only: the made and synthetic ones are half the posts and no test here reads them
        wanted = ("everyday", "listings", "museum_news")
        outcomes = {
            name: decide(scorer, items) for name, items in held_out_sets(dataset).items() if name in wanted
        }
        cache.write_bytes(pickle.dumps(outcomes))
        return outcomes


@pytest.fixture(scope="module")
def hand_written(scorer: Scorer) -> dict[str, list[Outcome]]:
    return {
        name: decide(scorer, load_hand_written(name))
        for name in ("violating", "hard_benign", "press_news", "everyday")
    }


def test_the_artifact_is_under_50_mb() -> None:
    assert (DEFAULT_MODEL_DIR / MODEL_FILE).stat().st_size < 50 * 1024 * 1024


def test_held_out_real_everyday_posts_are_rarely_flagged_in_every_language(
    held_out: dict[str, list[Outcome]],
) -> None:
    everyday = held_out["everyday"]
    assert len(everyday) > 10_000
    rates = group_rates(everyday)
    assert rates["flagged"] <= 0.01 and rates["removed"] <= 0.001, rates
    languages = by_group(everyday, "lang", group_rates)
    assert len(languages) == 11
    assert {lang: g["flagged"] for lang, g in languages.items() if g["flagged"] > 0.02} == {}


def test_held_out_real_lawful_listings_are_rarely_flagged(held_out: dict[str, list[Outcome]]) -> None:
    listings = [o for o in held_out["listings"] if o.label == 0]
    assert len(listings) > 3000
    rates = group_rates(listings)
    assert rates["flagged"] <= 0.02 and rates["removed"] <= 0.001, rates


def test_held_out_museum_records_and_news_are_never_removed(held_out: dict[str, list[Outcome]]) -> None:
    removed = [o.text[:100] for o in held_out["museum_news"] if o.action == "remove"]
    assert len(held_out["museum_news"]) > 300 and removed == []


def test_news_and_press_releases_are_never_removed_and_rarely_held(
    hand_written: dict[str, list[Outcome]],
) -> None:
    rates = group_rates(hand_written["press_news"])
    assert rates["posts"] >= 50
    assert rates["removed"] == 0 and rates["held"] <= PRESS_NEWS_HELD_MAX, rates


def test_everyday_posts_are_never_removed(hand_written: dict[str, list[Outcome]]) -> None:
    rates = group_rates(hand_written["everyday"])
    assert rates["removed"] == 0 and rates["held"] <= 0.02, rates


def test_hand_written_violating_posts_are_caught(hand_written: dict[str, list[Outcome]]) -> None:
    violating = hand_written["violating"]
    rates = group_rates(violating)
    assert rates["posts"] >= 400
    assert (
        rates["removed"] >= HAND_VIOLATING_REMOVED_MIN and rates["flagged"] >= HAND_VIOLATING_FLAGGED_MIN
    ), rates
    languages = by_group(violating, "lang", group_rates)
    assert {lang: g["flagged"] for lang, g in languages.items() if g["flagged"] < LANGUAGE_FLAGGED_MIN} == {}


def test_removals_are_precise_against_real_benign_text(
    held_out: dict[str, list[Outcome]], hand_written: dict[str, list[Outcome]]
) -> None:
    """Hand-written violating posts among held-out real benign posts: of what is removed, >= 98% violates."""
    pool = hand_written["violating"] + held_out["everyday"] + held_out["listings"] + held_out["museum_news"]
    removed = [o for o in pool if o.action == "remove"]
    assert removed and sum(o.label for o in removed) / len(removed) >= 0.98


def test_reasons_quote_at_most_60_characters_of_the_post_in_one_piece(scorer: Scorer) -> None:
    items = load_hand_written("violating") + load_hand_written("hard_benign")
    posts = [
        Post(post_id=f"p{i}", created_at=EVAL_CREATED_AT, text=item.text, lang=item.lang)
        for i, item in enumerate(items)
    ]
    quoted = 0
    for post, decision in zip(posts, scorer.decide(posts).decisions, strict=True):
        text, reasons = (post.text or "").lower(), " | ".join(decision.reasons).lower()
        assert not any(text[i : i + 61] in reasons for i in range(len(text) - 60)), decision.reasons
        quoted += any(snippet in text for snippet in re.findall(r"'([^']{4,})'", reasons))
    assert quoted > len(posts) / 4  # reasons do quote the evidence
