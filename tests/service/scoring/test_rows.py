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


def test_batches_are_split_so_that_every_worker_scores_a_share() -> None:
    from service.moderation.batches import CHUNK, MIN_SHARED_CHUNK, chunk_size_for

    assert chunk_size_for(2000, 1) == CHUNK == chunk_size_for(30, 1)
    assert chunk_size_for(2000, 2) == CHUNK  # a drain: full chunks, both workers busy
    assert chunk_size_for(120, 2) == 60  # steady load: a small batch is halved
    assert chunk_size_for(25, 2) == MIN_SHARED_CHUNK  # but never into chunks too small to be worth it
    assert chunk_size_for(7, 3) == MIN_SHARED_CHUNK
