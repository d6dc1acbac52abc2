"""`zeroview evaluate`: the held-out figures of a saved model, decided by the service's own Scorer.

Rebuilds the corpus from the seed and size recorded in the model card (checking its content hash),
decides the held-out split and the hand-written news/press set, writes the report and plots, and
records the figures in the model card.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from service.contracts import Post
from service.intel import IntelWatcher
from service.model_artifact import LoadedModel, load_model, write_card
from service.scorer import Scorer
from training.config import EVERYDAY_DIR, INTEL_PATH, MODEL_DIR, PRESS_NEWS_DIR
from training.corpus import Corpus, Example, build_corpus
from training.evaluation_metrics import Outcome, by_group, confusion, headline, worst_errors
from training.examples import EVAL_CREATED_AT, example_post, example_text
from training.model_card import write_model_card
from training.report import plot_confusion, plot_groups, plot_precision_recall, write_markdown

log = logging.getLogger(__name__)
BATCH = 2000


def decide(scorer: Scorer, posts: Sequence[Post], progress: str | None = None) -> list[tuple[str, float]]:
    """(action, score) per post, in batches, exactly as the service decides."""
    results: list[tuple[str, float]] = []
    for start in tqdm(range(0, len(posts), BATCH), desc=progress, disable=progress is None, unit="batch"):
        results += [(d.action, d.score) for d in scorer.decide(posts[start : start + BATCH]).decisions]
    return results


def outcomes_for(scorer: Scorer, examples: Sequence[Example], progress: str | None = None) -> list[Outcome]:
    decided = decide(scorer, [example_post(e, i) for i, e in enumerate(examples)], progress)
    return [
        Outcome(
            label=e.label,
            action=action,
            score=score,
            lang=e.lang,
            category=e.category,
            register=e.register,
            tactics=e.tactics,
            text=example_text(e),
        )
        for e, (action, score) in zip(examples, decided, strict=True)
    ]


def load_hand_written(directory: Path = PRESS_NEWS_DIR) -> list[dict[str, Any]]:
    items = []
    for path in sorted(directory.glob("*.jsonl")):
        items += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return items


def hand_written_figures(scorer: Scorer, directory: Path = PRESS_NEWS_DIR) -> dict[str, Any]:
    """How a hand-written set of lawful posts is decided (news and press releases by default)."""
    items = load_hand_written(directory)
    posts = [
        Post(post_id=f"lawful-{i}", created_at=EVAL_CREATED_AT, text=item["text"], lang=item["lang"])
        for i, item in enumerate(items)
    ]
    decided = decide(scorer, posts)
    actions = [action for action, _ in decided]
    removed = [
        {"lang": item["lang"], "score": score, "text": item["text"][:200]}
        for item, (action, score) in zip(items, decided, strict=True)
        if action == "remove"
    ]
    return {
        "posts": len(items),
        "removed": actions.count("remove"),
        "held": actions.count("hold"),
        "allowed": actions.count("allow"),
        "removed_examples": removed,
        "held_examples": [
            {"lang": item["lang"], "score": score, "text": item["text"][:200]}
            for item, (action, score) in zip(items, decided, strict=True)
            if action == "hold"
        ][:10],
        "max_score": max((score for _, score in decided), default=None),
    }


def corpus_for(model: LoadedModel) -> Corpus:
    build = model.card["data"]["build"]
    corpus = build_corpus(
        seed=build["seed"], per_language=build["per_language"], languages=build["languages"], progress=True
    )
    if corpus.content_hash != model.card["data"]["corpus_hash"]:
        log.warning(
            "the corpus rebuilt from the lexicons (%s) differs from the one the model was trained on (%s): "
            "the lexicons changed since; figures are for today's held-out split",
            corpus.content_hash[:12],
            model.card["data"]["corpus_hash"][:12],
        )
    return corpus


def evaluate(model_dir: Path, report_dir: Path, corpus: Corpus | None = None) -> dict[str, Any]:
    model = load_model(model_dir)
    intel = IntelWatcher(INTEL_PATH) if INTEL_PATH.is_file() else None
    scorer = Scorer(model, intel, stale_after_seconds=float("inf"))
    corpus = corpus or corpus_for(model)
    outcomes = outcomes_for(scorer, corpus.split("test"), progress="deciding the held-out split")
    languages = by_group(outcomes, "lang")
    evaluation: dict[str, Any] = {
        "model_version": model.version,
        "corpus_hash": corpus.content_hash,
        "thresholds": model.thresholds,
        "held_out": headline(outcomes),
        "confusion": confusion(outcomes),
        "by_language": languages,
        "min_language_recall": min((g["violating_recall"] or 0.0 for g in languages.values()), default=None),
        "by_category": by_group([o for o in outcomes if o.label == 1], "category"),
        "by_register": by_group(outcomes, "register"),
        "by_tactic": by_group(outcomes, "tactics"),
        "press_news": hand_written_figures(scorer),
        "everyday": hand_written_figures(scorer, EVERYDAY_DIR),
    }
    report_dir.mkdir(parents=True, exist_ok=True)
    plot_precision_recall(outcomes, model.thresholds, report_dir / "pr_curve.png")
    plot_confusion(evaluation["confusion"], report_dir / "confusion.png")
    plot_groups(evaluation["by_language"], "Held-out split by language", report_dir / "by_language.png")
    plot_groups(
        evaluation["by_category"], "Held-out violating posts by category", report_dir / "by_category.png"
    )
    write_markdown(report_dir / "REPORT.md", evaluation, worst_errors(outcomes))
    (report_dir / "evaluation.json").write_text(json.dumps(evaluation, indent=2, ensure_ascii=False) + "\n")
    card = {
        **model.card,
        "metrics": {
            "held_out": evaluation["held_out"],
            "min_language_recall": evaluation["min_language_recall"],
            "language_recall": {lang: g["violating_recall"] for lang, g in languages.items()},
            "press_news": {k: evaluation["press_news"][k] for k in ("posts", "removed", "held", "allowed")},
            "everyday": {k: evaluation["everyday"][k] for k in ("posts", "removed", "held", "allowed")},
        },
    }
    write_card(card, model_dir)
    write_model_card(card, model_dir)
    return evaluation


def main(args: argparse.Namespace) -> int:
    model_dir = args.model_dir or MODEL_DIR
    report_dir = args.report or model_dir / "report"
    evaluation = evaluate(model_dir, report_dir)
    h = evaluation["held_out"]
    print(
        f"model {evaluation['model_version']}: remove precision {h['remove_precision']}, "
        f"violating recall {h['violating_recall']}, benign removed {h['benign_removed_rate']}, "
        f"min language recall {evaluation['min_language_recall']}, "
        f"press/news removed {evaluation['press_news']['removed']}/{evaluation['press_news']['posts']}, "
        f"everyday posts held {evaluation['everyday']['held']}/{evaluation['everyday']['posts']}"
    )
    print(f"report: {report_dir / 'REPORT.md'}")
    return 0
