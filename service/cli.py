"""The `zeroview` command: serve, score, train, evaluate, simulate, bench, labels, intel."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from service.review.cli import REVIEW_COMMANDS, add_review_commands
from service.settings import Settings


def _configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("kafka").setLevel(logging.WARNING if not verbose else logging.INFO)


def _cmd_serve(args: argparse.Namespace) -> int:
    from service.app import serve
    from service.errors import KafkaAuthError, ModelArtifactError

    try:
        return serve(Settings())
    except (ModelArtifactError, KafkaAuthError) as exc:
        logging.getLogger("zeroview").error("%s", exc)
        return 2


def _cmd_score(args: argparse.Namespace) -> int:
    from service.errors import ModelArtifactError
    from service.scoring.offline import score_stream
    from service.scoring.scorer import build_scorer

    try:
        scorer = build_scorer(Settings(), model_dir=args.model_dir, offline=True)
    except ModelArtifactError as exc:
        print(f"zeroview score: {exc}", file=sys.stderr)
        return 2
    source = open(args.input, "rb") if args.input else sys.stdin.buffer  # noqa: SIM115 - closed below
    sink = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115 - closed below
    try:
        invalid = score_stream(scorer, source, sink)
    finally:
        if args.input:
            source.close()
        if args.output:
            sink.close()
    if invalid:
        print(f"zeroview score: {invalid} invalid line(s) skipped (see above)", file=sys.stderr)
    return 1 if invalid else 0


TRAINING_EXTRA = (
    "zeroview train and evaluate need the training extra: pip install -e '.[training]' (make install has it)"
)


def _training_command(module: str, args: argparse.Namespace) -> int:
    """`train` and `evaluate` live in training/, which needs the [training] extra."""
    try:
        command = importlib.import_module(module)
    except ModuleNotFoundError as missing:
        print(f"{TRAINING_EXTRA} ({missing})", file=sys.stderr)
        return 2
    code: int = command.main(args)
    return code


def _cmd_train(args: argparse.Namespace) -> int:
    return _training_command("training.train", args)


def _cmd_evaluate(args: argparse.Namespace) -> int:
    return _training_command("training.evaluate", args)


def _cmd_simulate(args: argparse.Namespace) -> int:
    from service.devtools.simulation.runner import main as simulate_main

    return simulate_main(args, Settings())


def _cmd_bench(args: argparse.Namespace) -> int:
    from service.devtools.bench import BenchError

    try:
        from service.devtools.bench.run import main as bench_main
    except BenchError as exc:  # a tool it needs is not installed
        print(f"zeroview bench: {exc}", file=sys.stderr)
        return 2
    return bench_main(args, Settings())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zeroview", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser(
        "serve", help="run the service: Kafka consumer loop + HTTP API (settings from ZEROVIEW_*)"
    )

    score = commands.add_parser("score", help="score post.v1 JSON lines offline")
    score.add_argument("--input", type=Path, help="JSON lines file (default: stdin)")
    score.add_argument("--output", type=Path, help="decisions file (default: stdout)")
    score.add_argument("--model-dir", type=Path, help="model directory (default: ZEROVIEW_MODEL_DIR)")

    _add_training(commands)

    evaluate = commands.add_parser(
        "evaluate", help="evaluate a model on held-out real text and the hand-written sets; write the report"
    )
    evaluate.add_argument("--model-dir", type=Path, default=None)
    evaluate.add_argument(
        "--report", type=Path, default=None, help="report directory (default: <model-dir>/report)"
    )
    add_review_commands(commands)
    _add_devtools(commands)
    return parser


def _add_training(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`zeroview train` and its options (training/train.py, training/retrain.py)."""
    train = commands.add_parser(
        "train",
        help="build the dataset (real text, made and synthetic posts), train, choose thresholds, save a model",
    )
    train.add_argument(
        "--out", type=Path, default=None, help="model directory to write (default: the shipped model)"
    )
    train.add_argument("--seed", type=int, default=20261121)
    train.add_argument(
        "--per-language", type=int, default=10000, help="synthetic corpus examples per language"
    )
    train.add_argument("--languages", nargs="*", help="only these lexicon languages")
    train.add_argument(
        "--real-per-source",
        type=int,
        default=None,
        metavar="N",
        help="at most N real records of each source in each language: a quick build for tests and "
        "experiments (default: all; the shipped model uses all)",
    )
    train.add_argument("--version", help="model version (default: today's date and a counter)")
    train.add_argument(
        "--with-labels",
        type=Path,
        default=None,
        metavar="FILE",
        help="also train on the reviewed posts of FILE (`labels export` output) and compare the candidate "
        "with the live model (default --out: models/candidates/<version>)",
    )
    train.add_argument(
        "--live",
        type=Path,
        default=None,
        help="with --with-labels: the live model (default: the shipped one)",
    )
    train.add_argument(
        "--reviewed-weight",
        type=float,
        default=20.0,
        help="with --with-labels: how many times a reviewed post counts in fitting",
    )


def _add_devtools(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The developer tools' commands: the traffic simulation and the benchmark."""
    simulate = commands.add_parser(
        "simulate", help="play the upload pipeline, playback and reviewers against a running service"
    )
    simulate.add_argument(
        "--posts",
        type=Path,
        default=None,
        help="post.v1 JSON lines shown one by one "
        "(default: the shipped sample); a `violating` field gives the ground truth",
    )
    simulate.add_argument("--count", type=int, default=600, help="generated posts after the samples")
    simulate.add_argument("--rate", type=float, default=40.0, help="generated posts uploaded per second")
    simulate.add_argument(
        "--deadline",
        type=float,
        default=2.0,
        help="seconds the pipeline waits for a decision before publishing undecided",
    )
    simulate.add_argument("--wait", type=float, default=60.0, help="seconds to wait for missing decisions")
    simulate.add_argument("--seed", type=int, default=7)

    bench = commands.add_parser(
        "bench", help="throughput, latency and memory on the local Kafka, all in one run (needs the broker)"
    )
    bench.add_argument("--output", type=Path, required=True, help="results JSON file to write")
    bench.add_argument("--posts", type=int, default=100_000, help="backlog size of each drain")
    bench.add_argument("--model-posts", type=int, default=20_000, help="posts scored in the model-only phase")
    bench.add_argument("--latency-seconds", type=float, default=60.0, help="duration of the steady load")
    bench.add_argument(
        "--latency-rate",
        type=float,
        nargs="+",
        default=[200.0, 1000.0],
        help="posts per second of each steady load, measured one after the other",
    )
    bench.add_argument("--partitions", type=int, default=4, help="partitions of each phase's topics")
    bench.add_argument("--seed", type=int, default=20261121, help="seed of the benchmark posts")
    bench.add_argument("--skip-two-process", action="store_true", help="skip the two-process drain")
    bench.add_argument(
        "--skip-shadow", action="store_true", help="skip the drain with a shadow model beside the live one"
    )


_COMMANDS = {
    "serve": _cmd_serve,
    "score": _cmd_score,
    "train": _cmd_train,
    "evaluate": _cmd_evaluate,
    "simulate": _cmd_simulate,
    "bench": _cmd_bench,
    **REVIEW_COMMANDS,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging(args.verbose)
    return _COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
