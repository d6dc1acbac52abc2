"""`zeroview evaluate`: what a saved model does to real traffic, decided by the service's own Scorer.

Rebuilds the dataset from the build recorded in the model card and decides, per language:
- the held-out real text of `training/data/` (never trained or calibrated on): everyday posts,
  lawful listings and auction lots, museum records and news about protected wildlife;
- the hand-written sets of `tests/data/` (never trained or calibrated on): violating posts in every
  register and evasion, hard benign look-alikes, news and press releases, everyday posts;
- the held-out split of the synthetic corpus and of the posts made from real listings.
Writes the report and plots, and records the figures in the model card.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from service.contracts import Post
from service.model.artifact import LoadedModel, load_model, write_card
from service.scoring.intel import IntelWatcher
from service.scoring.scorer import Scorer
from training.config import HAND_WRITTEN_DIR, INTEL_PATH, MODEL_DIR
from training.dataset import Dataset, Sample, build_dataset
from training.evaluation_metrics import Outcome, by_group, group_rates, headline, worst_errors
from training.examples import EVAL_CREATED_AT
from training.model_card import write_model_card
from training.realdata import EVERYDAY_KINDS
from training.report import plot_by_language, plot_precision_recall, write_markdown

log = logging.getLogger(__name__)
BATCH = 2000
# the held-out sets of real text, by what they are (kinds of training/data/FORMAT.md)
REAL_SETS = {
    "everyday": EVERYDAY_KINDS,
    "listings": frozenset(("listing", "auction_lot", "animal_listing", "wanted")),
    "museum_news": frozenset(("museum", "news")),
}
HAND_WRITTEN_SETS = ("violating", "hard_benign", "press_news", "everyday")


@dataclass(frozen=True)
class Item:
    """A labelled post to decide: its text, language, label and what it is."""

    text: str
    lang: str
    label: int
    category: str = ""
    register: str = ""
    tactics: tuple[str, ...] = ()


def decide(scorer: Scorer, items: Sequence[Item], progress: str | None = None) -> list[Outcome]:
    """Each item decided exactly as the service decides a post."""
    posts = [
        Post(post_id=f"eval-{i}", created_at=EVAL_CREATED_AT, text=item.text, lang=item.lang)
        for i, item in enumerate(items)
    ]
    decided: list[tuple[str, float]] = []
    for start in tqdm(range(0, len(posts), BATCH), desc=progress, disable=progress is None, unit="batch"):
        decided += [(d.action, d.score) for d in scorer.decide(posts[start : start + BATCH]).decisions]
    return [
        Outcome(item.label, action, score, item.lang, item.category, item.register, item.tactics, item.text)
        for item, (action, score) in zip(items, decided, strict=True)
    ]


def load_hand_written(name: str, directory: Path = HAND_WRITTEN_DIR) -> list[Item]:
    """A hand-written set (`tests/data/<name>/<lang>.jsonl`); `violating` is labelled 1, the rest 0."""
    items = []
    for path in sorted((directory / name).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                items.append(
                    Item(
                        row["text"],
                        row["lang"],
                        int(name == "violating"),
                        category=row.get("category") or row.get("kind") or name,
                        register=row.get("register") or name,
                        tactics=tuple(row.get("tactics") or ()),
                    )
                )
    return items


def _item(sample: Sample, category: str) -> Item:
    return Item(sample.text, sample.lang, int(sample.violating or 0), category=category, register=sample.kind)


def held_out_sets(dataset: Dataset) -> dict[str, list[Item]]:
    """The test split's real text by set, its made posts and its synthetic posts."""
    test = [s for s in dataset.split("test") if s.violating is not None]
    real = [s for s in test if s.origin.startswith("real:")]
    sets: dict[str, list[Item]] = {
        name: [_item(s, s.origin[5:]) for s in real if s.kind in kinds and s.violating == 0]
        for name, kinds in REAL_SETS.items()
    }
    sets["real_violating"] = [_item(s, s.origin[5:]) for s in real if s.violating == 1]
    sets["made"] = [_item(s, s.origin[5:]) for s in test if s.origin.startswith("made:")]
    sets["synthetic"] = [_item(s, s.kind) for s in test if s.origin.startswith("synthetic:")]
    return sets


def dataset_for(model: LoadedModel) -> Dataset:
    build = model.card["data"]["build"]
    dataset = build_dataset(
        seed=build["seed"],
        per_language=build["per_language"],
        languages=build["languages"],
        progress=True,
        real_per_source=build.get("real_per_source"),
    )
    if dataset.content_hash != model.card["data"]["dataset_hash"]:
        log.warning(
            "the dataset rebuilt today (%s) differs from the one the model was trained on (%s): the data "
            "or lexicons changed since; figures are for today's held-out split",
            dataset.content_hash[:12],
            model.card["data"]["dataset_hash"][:12],
        )
    return dataset


def summarise(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Rates of the whole set and per language."""
    return {"all": group_rates(outcomes), "by_language": by_group(outcomes, "lang", group_rates)}


def scorer_for(model: LoadedModel) -> Scorer:
    """The service's scorer around `model`, with the intelligence list, never marking posts late."""
    intel = IntelWatcher(INTEL_PATH) if INTEL_PATH.is_file() else None
    return Scorer(model, intel, stale_after_seconds=float("inf"))


def decide_sets(scorer: Scorer, dataset: Dataset) -> dict[str, list[Outcome]]:
    """Every evaluation set (held-out splits of `dataset`, hand-written sets) decided by `scorer`."""
    sets = held_out_sets(dataset)
    sets.update({f"hand_{name}": load_hand_written(name) for name in HAND_WRITTEN_SETS})
    return {name: decide(scorer, items, progress=f"deciding {name}") for name, items in sets.items()}


def evaluate(model_dir: Path, report_dir: Path, dataset: Dataset | None = None) -> dict[str, Any]:
    model = load_model(model_dir)
    dataset = dataset or dataset_for(model)
    outcomes = decide_sets(scorer_for(model), dataset)
    violating = outcomes["hand_violating"]
    evaluation: dict[str, Any] = {
        "model_version": model.version,
        "dataset_hash": dataset.content_hash,
        "thresholds": model.thresholds,
        "sets": {name: summarise(found) for name, found in outcomes.items()},
        "hand_violating": {
            **headline(violating + outcomes["everyday"] + outcomes["listings"]),
            "by_register": by_group(violating, "register", group_rates),
            "by_category": by_group(violating, "category", group_rates),
            "by_tactic": by_group(violating, "tactics", group_rates),
        },
        "synthetic": headline(outcomes["synthetic"]),
    }
    report_dir.mkdir(parents=True, exist_ok=True)
    plot_precision_recall(violating, outcomes, model.thresholds, report_dir / "pr_curves.png")
    plot_by_language(evaluation["sets"], report_dir / "by_language.png")
    worst = worst_errors(violating + outcomes["everyday"] + outcomes["listings"] + outcomes["museum_news"])
    write_markdown(report_dir / "REPORT.md", evaluation, worst)
    (report_dir / "evaluation.json").write_text(json.dumps(evaluation, indent=2, ensure_ascii=False) + "\n")
    card = {**model.card, "metrics": card_metrics(evaluation)}
    write_card(card, model_dir)
    write_model_card(card, model_dir)
    return evaluation


BY_LANGUAGE_IN_CARD = ("everyday", "listings", "museum_news", "hand_violating", "hand_press_news")


def card_metrics(evaluation: dict[str, Any]) -> dict[str, Any]:
    """The figures the model card records: every set overall, and per language the rates of the
    held-out real sets beside the hand-written violating and press sets."""
    sets = evaluation["sets"]
    return {
        "sets": {name: figures["all"] for name, figures in sets.items()},
        "by_language": {name: sets[name]["by_language"] for name in BY_LANGUAGE_IN_CARD if name in sets},
        "hand_violating_remove_precision": evaluation["hand_violating"]["remove_precision"],
    }


def main(args: argparse.Namespace) -> int:
    model_dir = args.model_dir or MODEL_DIR
    report_dir = args.report or model_dir / "report"
    evaluation = evaluate(model_dir, report_dir)
    print(headline_text(evaluation))
    print(f"report: {report_dir / 'REPORT.md'}")
    return 0


def headline_text(evaluation: dict[str, Any]) -> str:
    sets = {name: figures["all"] for name, figures in evaluation["sets"].items()}
    return (
        f"model {evaluation['model_version']}: held-out real everyday flagged {sets['everyday']['flagged']:.2%}, "
        f"listings flagged {sets['listings']['flagged']:.2%}, museum/news removed "
        f"{sets['museum_news']['removed']:.2%}; hand-written violating removed "
        f"{sets['hand_violating']['removed']:.1%} (precision "
        f"{evaluation['hand_violating']['remove_precision']}), flagged {sets['hand_violating']['flagged']:.1%}; "
        f"press/news held {sets['hand_press_news']['held']:.1%}, removed {sets['hand_press_news']['removed']:.1%}"
    )
