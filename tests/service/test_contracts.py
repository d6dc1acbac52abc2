import json

import pytest

from service.contracts import INVALID_REASONS, Decision, Label, Post, decode_event
from service.errors import InvalidEvent

VALID = {"post_id": "p-1", "created_at": "2026-11-20T12:00:00Z"}


def raw(**fields: object) -> bytes:
    return json.dumps({**VALID, **fields}).encode()


def reason_of(payload: bytes | None) -> str:
    with pytest.raises(InvalidEvent) as caught:
        decode_event(Post, payload)
    assert caught.value.reason in INVALID_REASONS
    return caught.value.reason


def test_minimal_post_is_valid_and_unknown_fields_are_ignored() -> None:
    post = decode_event(Post, raw(future_field={"x": 1}, schema="post.v1"))
    assert post.post_id == "p-1"
    assert post.text is None and post.hashtags is None


def test_full_post_round_trips_every_field() -> None:
    post = decode_event(
        Post, raw(text="caption", hashtags=["a"], lang="pl", transcript="t", ocr_text="o", author_id="u-9")
    )
    assert (post.text, post.hashtags, post.lang, post.transcript, post.ocr_text) == (
        "caption",
        ["a"],
        "pl",
        "t",
        "o",
    )


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"\xff\xfe not utf-8", "invalid_utf8"),
        (b"not json at all", "invalid_json"),
        (b"[" * 5000, "invalid_json"),
        (None, "invalid_json"),
        (b"[1, 2]", "not_an_object"),
        (b'"a string"', "not_an_object"),
        (json.dumps({"created_at": "2026-11-20T12:00:00Z"}).encode(), "missing_field"),
        (json.dumps({"post_id": "p"}).encode(), "missing_field"),
        (raw(post_id=123), "wrong_type"),
        (raw(text=["a", "list"]), "wrong_type"),
        (raw(hashtags="not-a-list"), "wrong_type"),
        (raw(created_at=1732104000), "wrong_type"),
        (raw(post_id=""), "invalid_value"),
        (raw(post_id="x" * 129), "invalid_value"),
        (raw(created_at="2026-11-20T12:00:00"), "invalid_value"),
        (raw(created_at="yesterday"), "invalid_value"),
        (raw(schema="post.v2"), "unsupported_schema"),
    ],
)
def test_bad_input_gets_a_dlq_reason(payload: bytes | None, reason: str) -> None:
    assert reason_of(payload) == reason


def test_label_requires_known_verdict_and_non_negative_views() -> None:
    ok = {
        "post_id": "p",
        "verdict": "violating",
        "source": "report",
        "labeled_at": "2026-11-20T12:00:00Z",
        "views_at_removal": 3,
    }
    assert decode_event(Label, json.dumps(ok).encode()).views_at_removal == 3
    with pytest.raises(InvalidEvent):
        decode_event(Label, json.dumps({**ok, "verdict": "maybe"}).encode())
    with pytest.raises(InvalidEvent):
        decode_event(Label, json.dumps({**ok, "views_at_removal": -1}).encode())


def test_decision_serialises_with_the_contract_field_names() -> None:
    post = decode_event(Post, raw())
    decision = Decision(
        post_id="p-1",
        action="hold",
        score=0.5,
        model_version="v",
        thresholds={"remove": 0.9},
        reasons=["r"],
        event_created_at=post.created_at,
        decided_at=post.created_at,
        decision_latency_seconds=0.0,
    )
    out = json.loads(decision.to_json_bytes())
    assert out["schema"] == "decision.v1" and out["policy"] == "wildlife_trade"
    assert set(out) == {
        "schema",
        "post_id",
        "action",
        "policy",
        "score",
        "model_version",
        "thresholds",
        "reasons",
        "event_created_at",
        "decided_at",
        "decision_latency_seconds",
    }
