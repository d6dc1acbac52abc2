"""`zeroview train`: corpus -> fitted classifier -> thresholds on validation -> saved model -> report."""

from __future__ import annotations

import argparse
import platform
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from tqdm import tqdm

from service.classifier import WildlifeTradeClassifier
from service.language import dominant_script
from service.model_artifact import read_card, save_model
from training.config import MODEL_DIR, PER_LANGUAGE, SEED
from training.corpus import build_corpus
from training.evaluate import evaluate
from training.examples import example_texts, labels
from training.thresholds import (
    HOLD_RECALL_TARGET,
    LANGUAGE_RECALL_TARGET,
    REMOVE_PRECISION_TARGET,
    choose_thresholds,
)

LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib", "emoji")
MIN_SCRIPT_SHARE = 0.005


def next_version(model_dir: Path) -> str:
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    try:
        previous = str(read_card(model_dir)["version"])
    except Exception:
        previous = ""
    count = int(previous.rsplit(".", 1)[1]) + 1 if previous.startswith(today + ".") else 1
    return f"{today}.{count}"


def trained_scripts(texts: Sequence[str]) -> list[str]:
    """Scripts that make up a real share of the training texts (the serving guard trusts only these)."""
    counts = Counter(script for script in map(dominant_script, texts) if script)
    total = sum(counts.values())
    return sorted(script for script, count in counts.items() if count / total >= MIN_SCRIPT_SHARE)


def train(
    out: Path,
    seed: int = SEED,
    per_language: int = PER_LANGUAGE,
    languages: Sequence[str] | None = None,
    version: str | None = None,
) -> dict[str, Any]:
    started = time.monotonic()
    stages = tqdm(total=4, desc="zeroview train", unit="stage", position=0)
    stages.set_postfix_str("building the corpus")
    corpus = build_corpus(seed=seed, per_language=per_language, languages=languages, progress=True)
    train_split, val_split = corpus.split("train"), corpus.split("val")
    stages.update()
    stages.set_postfix_str(
        f"fitting on {len(train_split)} posts (calibration on 5 folds of template families)"
    )
    train_texts = example_texts(train_split)
    classifier = WildlifeTradeClassifier().fit(
        train_texts, labels(train_split), groups=[example.template_family for example in train_split]
    )
    stages.update()
    stages.set_postfix_str(f"choosing thresholds on {len(val_split)} validation posts")
    val_scores, _ = classifier.score_texts(example_texts(val_split))
    thresholds = choose_thresholds(val_scores, labels(val_split), [example.lang for example in val_split])
    stages.update()
    stages.set_postfix_str("saving")
    used_languages = sorted({example.lang for example in corpus.examples})
    card: dict[str, Any] = {
        "name": "wildlife-trade",
        "version": version or next_version(out),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "policy": "wildlife_trade",
        "thresholds": thresholds.as_dict(),
        "threshold_rule": {
            "remove_precision_target": REMOVE_PRECISION_TARGET,
            "hold_recall_target": HOLD_RECALL_TARGET,
            "hold_recall_target_per_language": LANGUAGE_RECALL_TARGET,
            "chosen_on": "validation split",
        },
        "languages": used_languages,
        "scripts": trained_scripts(train_texts),
        "data": {
            "corpus_hash": corpus.content_hash,
            "build": {"seed": seed, "per_language": per_language, "languages": used_languages},
            "sizes": {name: len(corpus.split(name)) for name in ("train", "val", "test")},
        },
        "model": {"class": "service.classifier.WildlifeTradeClassifier", "params": classifier.get_params()},
        "libraries": {
            "python": platform.python_version(),
            **{lib: package_version(lib) for lib in LIBRARIES},
        },
        "training_seconds": round(time.monotonic() - started, 1),
    }
    card = save_model(classifier, card, out)
    stages.update()
    stages.close()
    evaluation = evaluate(out, out / "report", corpus)
    return {"card": card, "evaluation": evaluation}


def main(args: argparse.Namespace) -> int:
    out = args.out or MODEL_DIR
    result = train(
        out, seed=args.seed, per_language=args.per_language, languages=args.languages, version=args.version
    )
    card, h = result["card"], result["evaluation"]["held_out"]
    print(
        f"model {card['version']} saved to {out} ({card['size_bytes'] / 1e6:.1f} MB, "
        f"{card['training_seconds']:.0f}s): remove >= {card['thresholds']['remove']:.3f}, "
        f"hold >= {card['thresholds']['hold']:.3f}"
    )
    print(
        f"held-out: remove precision {h['remove_precision']}, violating recall {h['violating_recall']}, "
        f"benign removed {h['benign_removed_rate']}; report in {out / 'report' / 'REPORT.md'}"
    )
    return 0
