from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.contracts import Post
from service.model.artifact import LoadedModel
from service.model.post_text import MAX_FIELD_CHARS
from service.scoring.intel import IntelWatcher
from service.scoring.scorer import Scorer
from tests.service.conftest import stub_model

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def post(text: str, lang: str | None = "en", age_seconds: float = 1.0, **fields: object) -> Post:
    return Post(
        post_id=f"p-{abs(hash(text)) % 10**8}",
        created_at=NOW - timedelta(seconds=age_seconds),
        text=text,
        lang=lang,
        **fields,
    )


def scorer(model: LoadedModel, **options: object) -> Scorer:
    return Scorer(model, clock=lambda: NOW, **options)  # type: ignore[arg-type]


def test_actions_follow_the_thresholds_of_the_model_card() -> None:
    decide = scorer(stub_model({"sure": 0.95, "edge": 0.9, "maybe": 0.6, "no": 0.1})).decide
    batch = decide([post("sure thing"), post("edge case"), post("maybe so"), post("no way")])
    assert [d.action for d in batch.decisions] == ["remove", "remove", "hold", "allow"]
    assert batch.actions == {"remove": 2, "hold": 1, "allow": 1}
    first = batch.decisions[0]
    assert first.thresholds == {"remove": 0.9, "hold": 0.5} and first.model_version == "stub-1"
    assert first.reasons[0] == "model score 0.95 >= remove threshold 0.90"
    assert any(r.startswith("strongest evidence:") for r in first.reasons)
    assert batch.decisions[3].reasons == ["model score 0.10 < hold threshold 0.50"]


def test_latency_is_measured_from_creation_and_stale_posts_are_marked_late_but_decided() -> None:
    batch = scorer(stub_model({}), stale_after_seconds=60).decide(
        [post("fresh", age_seconds=2), post("old", age_seconds=600)]
    )
    fresh, old = batch.decisions
    assert fresh.decision_latency_seconds == 2.0 and not any("late" in r for r in fresh.reasons)
    assert old.action == "allow" and any(
        r.startswith("late: decided 600s after creation") for r in old.reasons
    )
    assert batch.stale == 1 and batch.latencies == [2.0, 600.0]


def test_a_language_the_model_was_not_trained_on_is_held_not_removed() -> None:
    decide = scorer(stub_model({"бивни": 0.99, "ivory": 0.99})).decide
    declared, script, known = decide(
        [post("ivory ivory", lang="it"), post("Продаю бивни", lang=None), post("ivory ivory", lang="en")]
    ).decisions
    assert declared.action == "hold" and any("declared language 'it'" in r for r in declared.reasons)
    assert script.action == "hold" and any("Cyrillic script" in r for r in script.reasons)
    assert known.action == "remove"


def test_an_intelligence_match_raises_allow_to_hold_but_never_to_remove(tmp_path: Path) -> None:
    path = tmp_path / "intel.yaml"
    path.write_text('version: "t1"\nterms:\n  en:\n    - {term: white plastic, category: ivory}\n')
    decide = scorer(stub_model({"tusk": 0.6, "plastic": 0.1}), intel=IntelWatcher(path)).decide
    batch = decide([post("W.H.I.T.E plastic bangles"), post("white plastic tusk"), post("red plastic")])
    raised, already_held, untouched = batch.decisions
    assert (
        raised.action == "hold"
        and "raised to hold" in raised.reasons[-1]
        and "'white plastic'" in raised.reasons[-1]
    )
    assert already_held.action == "hold" and "raised" not in already_held.reasons[-1]
    assert untouched.action == "allow"
    assert batch.intel_raised == 1


def test_a_batch_whose_scoring_raises_is_decided_one_by_one_and_the_failures_by_the_fail_mode() -> None:
    model = stub_model({"fine": 0.95}, fail_on="poison")
    for mode in ("hold", "allow"):
        batch = scorer(model, fail_mode=mode).decide([post("fine post"), post("poison pill")])
        fine, poisoned = batch.decisions
        assert fine.action == "remove", "a poison post must not drag its batch into the failure policy"
        assert poisoned.action == mode and poisoned.score == 0.0
        assert "scoring failed (RuntimeError: cannot score 'poison')" in poisoned.reasons[0]
        assert batch.failed == 1


def test_long_fields_are_truncated_for_scoring_and_say_so() -> None:
    batch = scorer(stub_model({})).decide(
        [post("x" * (MAX_FIELD_CHARS + 1)), post("short", hashtags=["a"] * 100)]
    )
    assert all(any("truncated" in r for r in d.reasons) for d in batch.decisions)


def test_posts_without_any_text_are_decided(small_model: LoadedModel) -> None:
    decision = scorer(small_model).decide([Post(post_id="empty", created_at=NOW)]).decisions[0]
    assert decision.action == "allow" and decision.reasons == ["no text to score: allowed"]


def test_the_real_small_model_separates_its_training_posts(small_model: LoadedModel) -> None:
    batch = scorer(small_model).decide(
        [post("pangolin scales 1kg wholesale, no papers"), post("selling my jaguar xe, full history")]
    )
    trade, car = batch.decisions
    assert trade.score > 0.5 > car.score
    assert trade.action in ("remove", "hold") and car.action == "allow"
