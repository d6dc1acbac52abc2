"""A dead letter keeps the original record and says where it came from and why."""

from __future__ import annotations

from kafka.consumer.fetcher import ConsumerRecord

from service.errors import InvalidEvent
from service.kafka import dlq


def test_the_dlq_headers_keep_the_originals_and_add_source_and_reason() -> None:
    record = ConsumerRecord(
        "posts.new", 2, -1, 41, 1_765_000_000_000, 0, b"k", b"\x00bad",
        [("origin", b"upload"), ("zeroview.error.reason", b"forged")], None, 1, 4, 10,
    )  # fmt: skip
    headers = dlq.dlq_headers(record, InvalidEvent("invalid_json", "line 1: expecting value \udcff"))
    assert headers[0] == ("origin", b"upload")
    named = dict(headers[1:])
    assert named == {
        dlq.REASON: b"invalid_json",
        dlq.DETAIL: "line 1: expecting value \udcff".encode("utf-8", "replace"),
        dlq.SOURCE_TOPIC: b"posts.new",
        dlq.SOURCE_PARTITION: b"2",
        dlq.SOURCE_OFFSET: b"41",
        dlq.SOURCE_TIMESTAMP: b"1765000000000",
    }
    assert ("zeroview.error.reason", b"forged") not in headers, "a forged header of ours is dropped"
