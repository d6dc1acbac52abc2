"""The review commands' arguments."""

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from service.cli import build_parser
from service.review.cli import parse_since

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7d", NOW - timedelta(days=7)),
        ("12h", NOW - timedelta(hours=12)),
        ("30m", NOW - timedelta(minutes=30)),
        ("2026-12-01", datetime(2026, 12, 1, tzinfo=UTC)),
        ("2026-12-01T08:00:00Z", datetime(2026, 12, 1, 8, tzinfo=UTC)),
        ("2026-12-01T08:00:00+02:00", datetime(2026, 12, 1, 6, tzinfo=UTC)),
    ],
)
def test_since_takes_a_duration_a_date_or_a_time(value: str, expected: datetime) -> None:
    assert parse_since(value, now=NOW) == expected


def test_since_refuses_anything_else() -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="7d"):
        parse_since("last week")


def test_the_commands_parse() -> None:
    args = build_parser().parse_args(["labels", "export", "--out", "x.jsonl", "--since", "7d"])
    assert (args.command, args.labels_command, args.out) == ("labels", "export", Path("x.jsonl"))
