"""The review tools' commands: `zeroview labels export` and `zeroview intel suggest`."""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.settings import Settings

_RELATIVE = re.compile(r"(\d+)([dhm])")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def parse_since(value: str, now: datetime | None = None) -> datetime:
    """`7d`, `12h`, `30m` (before now), a date (`2026-12-01`, midnight UTC) or an RFC 3339 time."""
    relative = _RELATIVE.fullmatch(value.strip())
    if relative:
        amount, unit = int(relative[1]), _UNITS[relative[2]]
        return (now or datetime.now(UTC)) - timedelta(**{unit: amount})
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a time: give 7d, 12h, 30m, 2026-12-01 or 2026-12-01T08:00:00Z"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive number")
    return number


def add_review_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    labels = commands.add_parser(
        "labels", help="reviewed labels (needs Read on the labels and evidence topics)"
    )
    labels_commands = labels.add_subparsers(dest="labels_command", required=True)
    export = labels_commands.add_parser(
        "export", help="labels joined with their posts' evidence, as JSON lines with provenance"
    )
    export.add_argument("--out", type=Path, required=True, help="JSON lines file to write")
    export.add_argument(
        "--since",
        type=parse_since,
        help="only posts whose standing label was given since then (7d, 2026-12-01)",
    )

    intel = commands.add_parser("intel", help="the intelligence list of code words")
    intel_commands = intel.add_subparsers(dest="intel_command", required=True)
    suggest = intel_commands.add_parser(
        "suggest", help="candidate code words from confirmed-violating evidence, for an analyst to accept"
    )
    suggest.add_argument("--out", type=Path, required=True, help="review file (YAML) to write")
    suggest.add_argument(
        "--min-count", type=_positive, default=5, help="violating posts a term must appear in (default 5)"
    )
    suggest.add_argument("--top", type=_positive, default=25, help="candidates per language (default 25)")
    suggest.add_argument(
        "--since",
        type=parse_since,
        help="allowed traffic from then on (posts and decisions topics; default: all they hold)",
    )
    suggest.add_argument(
        "--include-known", action="store_true", help="also list terms already known, marked with where from"
    )


def _labels_export(args: argparse.Namespace) -> int:
    from service.review.export import export_labels

    summary = export_labels(Settings(), args.out, args.since)
    print("\n".join(summary.lines()))
    return 0


def _intel_suggest(args: argparse.Namespace) -> int:
    from service.review.suggest import suggest_terms

    summary = suggest_terms(Settings(), args.out, args.min_count, args.top, args.since, args.include_known)
    print("\n".join(summary.lines()))
    return 0


def _failing_cleanly(
    command: Callable[[argparse.Namespace], int], name: str
) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from kafka.errors import KafkaError

        from service.errors import IntelListError, ModelArtifactError, ReviewError

        kafka_log = logging.getLogger("kafka")
        level = kafka_log.level
        if not args.verbose:  # the reason is printed once below, not each of the client's retries
            kafka_log.setLevel(logging.CRITICAL)
        try:
            return command(args)
        except (ReviewError, ModelArtifactError, IntelListError, KafkaError) as exc:
            print(f"zeroview {name}: {exc}", file=sys.stderr)
            return 2
        finally:
            kafka_log.setLevel(level)

    return run


REVIEW_COMMANDS = {
    "labels": _failing_cleanly(_labels_export, "labels export"),
    "intel": _failing_cleanly(_intel_suggest, "intel suggest"),
}
