"""`zeroview train`: dataset -> product and offer models -> thresholds on calibration -> model -> report."""

from __future__ import annotations

import argparse
import platform
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from service.model.artifact import read_card, save_model
from service.model.classifier import FORMAT, ProductOfferClassifier
from service.model.language import dominant_script
from training import fit, thresholds
from training.config import MODEL_DIR, PER_LANGUAGE, SEED
from training.dataset import Dataset, Sample, build_dataset
from training.evaluate import REAL_SETS, evaluate, headline_text
from training.products import load_terms
from training.reviewed import Reviewed
from training.thresholds import Calibration, Thresholds, choose_thresholds, expected_rates

LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib", "emoji", "pyahocorasick", "mmh3", "opencc")
MIN_SCRIPT_SHARE = 0.005
SCORE_BATCH = 4000
# A reviewed post counts this many times in fitting: a few dozen posts against ~180,000 must count.
REVIEWED_WEIGHT = 20.0


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


def _real(sample: Sample, kinds: frozenset[str]) -> bool:
    return sample.origin.startswith("real:") and sample.kind in kinds


def calibration_of(classifier: ProductOfferClassifier, samples: Sequence[Sample]) -> Calibration:
    """The calibration split scored by the model, marked as the threshold rules read it."""
    scores = np.concatenate(
        [classifier.score_texts([s.text for s in samples[i : i + SCORE_BATCH]])[0] for i in range(0, len(samples), SCORE_BATCH)]
    )  # fmt: skip
    return Calibration.of(
        scores,
        [s.violating for s in samples],
        [s.lang for s in samples],
        everyday=[_real(s, REAL_SETS["everyday"]) for s in samples],
        listing=[_real(s, REAL_SETS["listings"]) and s.violating == 0 for s in samples],
        protected=[_real(s, REAL_SETS["museum_news"]) for s in samples],
        real=[s.origin.startswith("real:") for s in samples],
    )


def data_card(dataset: Dataset, seed: int, per_language: int, languages: list[str]) -> dict[str, Any]:
    real = Counter((s.split, s.origin[5:]) for s in dataset.samples if s.origin.startswith("real:"))
    build: dict[str, Any] = {"seed": seed, "per_language": per_language, "languages": languages}
    if dataset.real_per_source is not None:
        build["real_per_source"] = dataset.real_per_source
    return {
        "dataset_hash": dataset.content_hash,
        "build": build,
        "sizes": dataset.sizes(),
        "real_sources": {
            source: {split: real[(split, source)] for split in ("train", "calib", "test")}
            for source in sorted({source for _, source in real})
        },
        "sources_file": "training/data/SOURCES.md",
    }


@dataclass(frozen=True)
class WithLabels:
    """Reviewed posts to train on beside the base data, each counted `weight` times in fitting."""

    reviewed: Reviewed
    weight: float = REVIEWED_WEIGHT


def with_reviewed(dataset: Dataset, labels: WithLabels | None) -> Dataset:
    if labels is None:
        return dataset
    return replace(dataset, samples=dataset.samples + labels.reviewed.samples)


def train(
    out: Path,
    seed: int = SEED,
    per_language: int = PER_LANGUAGE,
    languages: Sequence[str] | None = None,
    version: str | None = None,
    labels: WithLabels | None = None,
    real_per_source: int | None = None,
) -> dict[str, Any]:
    started = time.monotonic()
    stages = tqdm(total=4, desc="zeroview train", unit="stage", position=0)
    stages.set_postfix_str("building the dataset")
    base = build_dataset(
        seed=seed,
        per_language=per_language,
        languages=languages,
        progress=True,
        real_per_source=real_per_source,
    )
    dataset = with_reviewed(base, labels)
    train_split, calib_split = dataset.split("train"), dataset.split("calib")
    stages.update()
    stages.set_postfix_str(f"fitting on {len(train_split)} posts")
    classifier = fit.fit_classifier(
        [s.text for s in train_split],
        [s.product for s in train_split],
        [s.offer for s in train_split],
        [s.violating for s in train_split],
        load_terms(),
        real=[s.origin.startswith("real:") for s in train_split],
        progress=stages.set_postfix_str,
        weights=[labels.weight if s.kind == "reviewed" else 1.0 for s in train_split] if labels else None,
    )
    stages.update()
    stages.set_postfix_str(f"choosing thresholds on {len(calib_split)} calibration posts")
    calibration = calibration_of(classifier, calib_split)
    chosen = choose_thresholds(calibration)
    stages.update()
    stages.set_postfix_str("saving")
    card = model_card(dataset, train_split, calibration, chosen, seed, per_language)
    card["version"] = version or next_version(out)
    if labels is not None:
        card["reviewed"] = labels.reviewed.card(labels.weight)
    card["training_seconds"] = round(time.monotonic() - started, 1)
    card = save_model(classifier, card, out)
    stages.update()
    stages.close()
    evaluation = evaluate(out, out / "report", dataset)
    return {"card": card, "evaluation": evaluation, "dataset": dataset}


def model_card(
    dataset: Dataset,
    train_split: Sequence[Sample],
    calibration: Calibration,
    chosen: Thresholds,
    seed: int,
    per_language: int,
) -> dict[str, Any]:
    used_languages = sorted({s.lang for s in dataset.samples})
    return {
        "name": "wildlife-trade",
        "version": "",
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "policy": "wildlife_trade",
        "thresholds": chosen.as_dict(),
        "threshold_rule": {
            **thresholds.RULES,
            "chosen_on": "calibration split (15% of every source, by hash)",
        },
        "expected_rates_by_language": expected_rates(calibration, chosen),
        "languages": used_languages,
        "scripts": trained_scripts([s.text for s in train_split]),
        "data": data_card(dataset, seed, per_language, used_languages),
        "model": {"format": FORMAT, "params": fit.params()},
        "libraries": {
            "python": platform.python_version(),
            **{lib: package_version(lib) for lib in LIBRARIES},
        },
    }


def main(args: argparse.Namespace) -> int:
    if args.with_labels is not None:
        from training.retrain import main as retrain

        return retrain(args)
    out = args.out or MODEL_DIR
    result = train(
        out,
        seed=args.seed,
        per_language=args.per_language,
        languages=args.languages,
        version=args.version,
        real_per_source=args.real_per_source,
    )
    card = result["card"]
    print(
        f"model {card['version']} saved to {out} ({card['size_bytes'] / 1e6:.1f} MB, "
        f"{card['training_seconds']:.0f}s): remove >= {card['thresholds']['remove']:.3f}, "
        f"hold >= {card['thresholds']['hold']:.3f}"
    )
    print(headline_text(result["evaluation"]))
    print(f"report in {out / 'report' / 'REPORT.md'}")
    return 0
