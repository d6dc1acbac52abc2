"""`zeroview score`: post.v1 JSON lines in, decision.v1 JSON lines out, with the service's model and policy.

A line that is not a valid post is reported on stderr with its line number and reason and
produces no decision; every other line is decided. The exit status is 1 if any line was invalid.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from itertools import islice
from typing import BinaryIO

from service.contracts import Post, decode_event
from service.errors import InvalidEvent
from service.scoring.scorer import Scorer

BATCH = 1000


def _numbered(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    for number, line in enumerate(stream, start=1):
        stripped = line.strip()
        if stripped:
            yield number, stripped


def score_stream(
    scorer: Scorer, source: BinaryIO, sink: BinaryIO, errors: BinaryIO = sys.stderr.buffer
) -> int:
    """Decide every valid line of `source`; returns the number of invalid lines."""
    lines = _numbered(source)
    invalid = 0
    while chunk := list(islice(lines, BATCH)):
        posts: list[Post] = []
        for number, raw in chunk:
            try:
                posts.append(decode_event(Post, raw))
            except InvalidEvent as error:
                invalid += 1
                errors.write(f"line {number}: {error.reason}: {error.detail}\n".encode())
        for decision in scorer.decide(posts).decisions:
            sink.write(decision.to_json_bytes() + b"\n")
        sink.flush()
    return invalid
