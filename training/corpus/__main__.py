"""CLI: `python -m training.corpus check` and `python -m training.corpus build --out F.jsonl`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from training.corpus.build import DEFAULT_SEED, build_corpus
from training.corpus.check import run_check
from training.corpus.lexicon import LexiconError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m training.corpus", description=__doc__)
    parser.add_argument("--lexicon-dir", type=Path, default=None, help="default: training/corpus/lexicon")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate the lexicons and compare them with SCHEMA.md's minimums")
    build = sub.add_parser("build", help="render the corpus to JSON lines and print its summary")
    build.add_argument("--out", type=Path, required=True)
    build.add_argument("--seed", type=int, default=DEFAULT_SEED)
    build.add_argument("--per-language", type=int, default=6000)
    build.add_argument("--languages", nargs="*", default=None, help="default: every valid lexicon file")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    if args.command == "check":
        return run_check(args.lexicon_dir, sys.stdout)
    started = time.perf_counter()
    try:
        corpus = build_corpus(args.seed, args.per_language, args.languages, args.lexicon_dir, progress=True)
    except LexiconError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    corpus.write_jsonl(args.out)
    summary = corpus.summary()
    summary["seconds"] = round(time.perf_counter() - started, 2)
    summary["out"] = str(args.out)
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
