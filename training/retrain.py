"""`zeroview train --with-labels FILE`: retrain on the base data plus reviewed posts, then compare
the candidate with the live model. The candidate goes to its own directory, ready for shadow; it
never overwrites the live model."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from service.errors import ModelArtifactError
from service.model.artifact import load_model
from service.settings import REPO_ROOT
from training import comparison
from training.config import MODEL_DIR
from training.evaluate import headline_text
from training.reviewed import ReviewedFileError, read_reviewed
from training.train import WithLabels, next_version, train

CANDIDATES_DIR = REPO_ROOT / "models" / "candidates"


def candidate_version(live_dir: Path, candidates: Path = CANDIDATES_DIR) -> str:
    """Today's next version after the live model's, skipping versions already taken by candidates."""
    version = next_version(live_dir)
    while (candidates / version).exists():
        day, count = version.rsplit(".", 1)
        version = f"{day}.{int(count) + 1}"
    return version


def _fail(message: str) -> int:
    print(f"zeroview train --with-labels: {message}", file=sys.stderr)
    return 2


def main(args: argparse.Namespace) -> int:
    live_dir: Path = args.live or MODEL_DIR
    try:
        reviewed = read_reviewed(args.with_labels, args.languages)
        live = load_model(live_dir)
    except (ReviewedFileError, ModelArtifactError, OSError) as exc:
        return _fail(str(exc))
    print(reviewed.summary())
    if not reviewed.used:
        return _fail("no reviewed post to learn from")
    version = args.version or candidate_version(live_dir)
    out: Path = args.out or CANDIDATES_DIR / version
    if out.resolve() in (live_dir.resolve(), MODEL_DIR.resolve()):
        return _fail(f"{out} is a live model: a candidate goes to a directory of its own")
    labels = WithLabels(reviewed, args.reviewed_weight)
    result = train(
        out,
        seed=args.seed,
        per_language=args.per_language,
        languages=args.languages,
        version=version,
        labels=labels,
        real_per_source=args.real_per_source,
    )
    card = result["card"]
    print(
        f"candidate {card['version']} saved to {out}: remove >= {card['thresholds']['remove']:.3f}, "
        f"hold >= {card['thresholds']['hold']:.3f} (live {live.version}: remove >= "
        f"{live.thresholds['remove']:.3f}, hold >= {live.thresholds['hold']:.3f})"
    )
    print(headline_text(result["evaluation"]))
    compared = comparison.compare(live_dir, out, result["dataset"], result["evaluation"], reviewed)
    print(comparison.headline(compared))
    print(
        f"comparison in {out / comparison.MARKDOWN_NAME}; to try it on live traffic: ZEROVIEW_SHADOW_MODEL_DIR={out}, "
        f"then promote it with POST /v1/admin/model"
    )
    return 0
