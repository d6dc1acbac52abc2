"""The evaluation report: Markdown with the figures, and the plots people would rather look at."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from training.evaluation_metrics import ACTIONS, Outcome, precision_recall_points

TARGETS = {
    "remove_precision": 0.99,
    "violating_recall": 0.95,
    "benign_removed_rate": 0.005,
    "language_recall": 0.90,
}


def plot_precision_recall(outcomes: Sequence[Outcome], thresholds: dict[str, float], path: Path) -> None:
    precision, recall, cuts = precision_recall_points(outcomes)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    ax.plot(recall, precision, color="#1f77b4", label="held-out split")
    for name, marker, colour in (("remove", "o", "#d62728"), ("hold", "s", "#ff7f0e")):
        index = min(int(np.searchsorted(cuts, thresholds[name])), len(cuts) - 1)
        ax.plot(
            recall[index],
            precision[index],
            marker,
            color=colour,
            markersize=9,
            label=f"{name} threshold {thresholds[name]:.3f}",
        )
    ax.axhline(TARGETS["remove_precision"], color="#d62728", lw=0.8, ls="--")
    ax.axvline(TARGETS["violating_recall"], color="#ff7f0e", lw=0.8, ls="--")
    ax.set(
        xlabel="recall (violating posts scored at or above the threshold)",
        ylabel="precision",
        title="Precision-recall, held-out template families",
        ylim=(0.5, 1.005),
        xlim=(0.5, 1.005),
    )
    ax.legend(loc="lower left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_confusion(table: dict[str, dict[str, int]], path: Path) -> None:
    rows = ("violating", "benign")
    grid = np.array([[table[row][action] for action in ACTIONS] for row in rows])
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.imshow(grid / np.maximum(grid.sum(axis=1, keepdims=True), 1), cmap="Blues", vmin=0, vmax=1)
    for i in range(len(rows)):
        for j in range(len(ACTIONS)):
            share = grid[i, j] / max(grid[i].sum(), 1)
            ax.text(
                j,
                i,
                f"{grid[i, j]}\n{share:.1%}",
                ha="center",
                va="center",
                color="white" if share > 0.5 else "black",
            )
    ax.set_xticks(range(3), ACTIONS)
    ax.set_yticks(range(2), rows)
    ax.set(xlabel="decision", ylabel="truth", title="Decisions on the held-out split")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_groups(groups: dict[str, dict[str, Any]], title: str, path: Path) -> None:
    names = list(groups)
    recall = [groups[n]["violating_recall"] or 0 for n in names]
    removed = [(groups[n]["benign_removed_rate"] or 0) * 100 for n in names]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(max(6, 0.55 * len(names)), 6), sharex=True)
    top.bar(names, recall, color="#2ca02c")
    top.axhline(TARGETS["language_recall"], color="black", ls="--", lw=0.8, label="0.90")
    top.set(ylabel="violating recall", ylim=(min(0.8, min(recall, default=1) - 0.02), 1.0), title=title)
    top.legend(loc="lower right")
    bottom.bar(names, removed, color="#d62728")
    bottom.axhline(TARGETS["benign_removed_rate"] * 100, color="black", ls="--", lw=0.8, label="0.5%")
    bottom.set(ylabel="benign removed (%)")
    bottom.legend(loc="upper right")
    plt.setp(bottom.get_xticklabels(), rotation=45, ha="right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.4f}"
    return str(value)


def _at_least(value: float | None, bound: float) -> bool:
    return value is not None and value >= bound


def _at_most(value: float | None, bound: float) -> bool:
    return value is not None and value <= bound


def _table(groups: dict[str, dict[str, Any]], columns: Sequence[str]) -> list[str]:
    lines = ["| group | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    lines += [
        f"| {name} | " + " | ".join(_fmt(figures.get(c)) for c in columns) + " |"
        for name, figures in groups.items()
    ]
    return lines


def _errors(title: str, outcomes: Sequence[Outcome]) -> list[str]:
    lines = [f"#### {title}", "", "| score | action | lang | category | text |", "|---|---|---|---|---|"]
    for o in outcomes:
        text = o.text.replace("\n", " ").replace("|", "/")[:140]
        lines.append(f"| {o.score:.3f} | {o.action} | {o.lang} | {o.category} | {text} |")
    return [*lines, ""]


def write_markdown(path: Path, evaluation: dict[str, Any], worst: dict[str, list[Outcome]]) -> None:
    h = evaluation["held_out"]
    checks = [
        ("remove precision >= 0.99", h["remove_precision"], _at_least(h["remove_precision"], 0.99)),
        (
            "violating recall (remove or hold) >= 0.95",
            h["violating_recall"],
            _at_least(h["violating_recall"], 0.95),
        ),
        ("benign posts removed <= 0.5%", h["benign_removed_rate"], _at_most(h["benign_removed_rate"], 0.005)),
        (
            "recall >= 0.90 in every language",
            evaluation["min_language_recall"],
            _at_least(evaluation["min_language_recall"], 0.90),
        ),
        (
            "news and press releases never removed",
            evaluation["press_news"]["removed"],
            evaluation["press_news"]["removed"] == 0,
        ),
    ]
    columns = (
        "posts",
        "violating",
        "violating_recall",
        "remove_precision",
        "benign_removed_rate",
        "benign_held_rate",
    )
    lines = [
        f"# Evaluation of model {evaluation['model_version']}",
        "",
        f"Held-out split: {h['posts']} posts from template and vocabulary families never seen in training "
        f"(corpus {evaluation['corpus_hash'][:12]}). Decisions come from the service's own `Scorer`.",
        "",
        f"Thresholds: remove >= {evaluation['thresholds']['remove']:.4f}, hold >= {evaluation['thresholds']['hold']:.4f}.",
        "",
        "| acceptance figure | measured | met |",
        "|---|---|---|",
        *[f"| {name} | {_fmt(value)} | {'yes' if ok else '**no**'} |" for name, value, ok in checks],
        "",
        f"Average precision: {_fmt(h.get('average_precision'))}. Benign posts held for review: "
        f"{_fmt(h['benign_held_rate'])}. Violating posts removed outright: {_fmt(h['violating_removed_share'])}.",
        "",
        "![precision-recall](pr_curve.png) ![confusion](confusion.png)",
        "",
        "## By language",
        "",
        "![by language](by_language.png)",
        "",
        *_table(evaluation["by_language"], columns),
        "",
        "## By category (violating) and register",
        "",
        "![by category](by_category.png)",
        "",
        *_table(evaluation["by_category"], columns),
        "",
        *_table(evaluation["by_register"], columns),
        "",
        "## By evasion tactic",
        "",
        *_table(evaluation["by_tactic"], columns),
        "",
        "## News and press releases (hand-written, never in training)",
        "",
        f"{evaluation['press_news']['posts']} paragraphs: removed {evaluation['press_news']['removed']}, "
        f"held {evaluation['press_news']['held']}, allowed {evaluation['press_news']['allowed']}.",
        "",
        "## Everyday posts (hand-written, never in training)",
        "",
        "Greetings, one-word replies and daily-life posts: what most real traffic looks like.",
        "",
        f"{evaluation['everyday']['posts']} posts: removed {evaluation['everyday']['removed']}, "
        f"held {evaluation['everyday']['held']}, allowed {evaluation['everyday']['allowed']}.",
        "",
        *[
            f"- held {e['score']:.3f} ({e['lang']}): {e['text']}"
            for e in evaluation["everyday"]["held_examples"]
        ],
        "",
        "## Worst errors",
        "",
        *_errors("Benign posts removed or held, highest score first", worst["benign_removed_or_held"]),
        *_errors("Violating posts allowed, lowest score first", worst["violating_allowed"]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
