"""The review commands' arguments and the review file they write."""

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from service.cli import build_parser
from service.review.cli import parse_since
from service.review.mining import Candidate
from service.review.review_file import read_review_file, write_review_file

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
    args = build_parser().parse_args(
        ["intel", "suggest", "--out", "r.yaml", "--min-count", "3", "--top", "5"]
    )
    assert (args.command, args.intel_command, args.min_count, args.top, args.since) == (
        "intel",
        "suggest",
        3,
        5,
        None,
    )


def test_counts_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["intel", "suggest", "--out", "r.yaml", "--top", "0"])
    assert "not a positive number" in capsys.readouterr().err


def test_the_review_file_reads_back_with_its_instructions(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    found = Candidate("雪砖", 5.123, 20, 0, variants=["雪砖象"], examples=["出售雪砖象牙手镯"])
    write_review_file(path, {"zh": [found]}, {"zh": {"violating": 20, "benign": 60}}, {"min_count": 5})
    assert "To accept a candidate" in path.read_text(encoding="utf-8")
    document = read_review_file(path)
    assert document["min_count"] == 5
    zh = document["languages"]["zh"]
    assert (zh["violating_posts"], zh["benign_posts"]) == (20, 60)
    assert zh["candidates"] == [
        {
            "term": "雪砖",
            "z": 5.12,
            "violating": 20,
            "benign": 0,
            "variants": ["雪砖象"],
            "examples": ["出售雪砖象牙手镯"],
        }
    ]
