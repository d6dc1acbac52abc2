"""The chunk codec: posts cross to the scoring worker as plain tuples and come back whole."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from service.contracts import Post
from service.scoring.rows import decode_values, from_row, to_row

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def test_a_post_survives_the_row_codec_field_by_field() -> None:
    post = Post(
        post_id="p-1",
        created_at=NOW,
        text="caption",
        hashtags=["a", "b"],
        ocr_text="frames",
        transcript="speech",
        lang="pl",
    )
    assert from_row(to_row(post)).model_dump() == post.model_dump()


def test_decoding_keeps_each_records_position_and_its_dlq_reason() -> None:
    good = json.dumps({"post_id": "p-1", "created_at": NOW.isoformat(), "text": "hi"}).encode()
    values = [b"not json", good, None, json.dumps({"created_at": NOW.isoformat()}).encode(), good]
    posts, invalid = decode_values(values)
    assert [(index, post.post_id) for index, post in posts] == [(1, "p-1"), (4, "p-1")]
    assert [(index, reason) for index, reason, _ in invalid] == [
        (0, "invalid_json"),
        (2, "invalid_json"),
        (3, "missing_field"),
    ]
