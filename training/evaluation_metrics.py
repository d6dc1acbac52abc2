"""The figures a model is judged by, computed from decisions (not raw scores) on labelled posts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.metrics import average_precision_score

ACTIONS = ("remove", "hold", "allow")


@dataclass(frozen=True)
class Outcome:
    """One labelled post and what the service decided."""

    label: int
    action: str
    score: float
    lang: str
    category: str
    register: str
    tactics: tuple[str, ...]
    text: str


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 6) if denominator else None


def headline(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Remove precision, violating recall (remove or hold), benign removal rate, and the counts."""
    removed = [o for o in outcomes if o.action == "remove"]
    violating = [o for o in outcomes if o.label == 1]
    benign = [o for o in outcomes if o.label == 0]
    figures: dict[str, Any] = {
        "posts": len(outcomes),
        "violating": len(violating),
        "benign": len(benign),
        "remove_precision": _ratio(sum(o.label for o in removed), len(removed)),
        "violating_recall": _ratio(sum(o.action != "allow" for o in violating), len(violating)),
        "violating_removed_share": _ratio(sum(o.action == "remove" for o in violating), len(violating)),
        "benign_removed_rate": _ratio(sum(o.action == "remove" for o in benign), len(benign)),
        "benign_held_rate": _ratio(sum(o.action == "hold" for o in benign), len(benign)),
    }
    labels = [o.label for o in outcomes]
    if 0 < sum(labels) < len(labels):
        figures["average_precision"] = round(
            float(average_precision_score(labels, [o.score for o in outcomes])), 6
        )
    return figures


def confusion(outcomes: Iterable[Outcome]) -> dict[str, dict[str, int]]:
    table = {"violating": dict.fromkeys(ACTIONS, 0), "benign": dict.fromkeys(ACTIONS, 0)}
    for outcome in outcomes:
        table["violating" if outcome.label else "benign"][outcome.action] += 1
    return table


def group_rates(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """What happened to a set of posts: the shares flagged (held or removed), held and removed."""
    n = len(outcomes)
    removed = sum(o.action == "remove" for o in outcomes)
    held = sum(o.action == "hold" for o in outcomes)
    return {
        "posts": n,
        "flagged": round((removed + held) / n, 6) if n else 0.0,
        "held": round(held / n, 6) if n else 0.0,
        "removed": round(removed / n, 6) if n else 0.0,
    }


def by_group(
    outcomes: Sequence[Outcome],
    key: str,
    figures: Callable[[Sequence[Outcome]], dict[str, Any]] = headline,
) -> dict[str, dict[str, Any]]:
    """`figures` (headline by default) per value of `key` (lang, category, register, or each tactic)."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        values = outcome.tactics if key == "tactics" else (getattr(outcome, key),)
        for value in values:
            groups[value].append(outcome)
    return {value: figures(members) for value, members in sorted(groups.items())}


def worst_errors(outcomes: Sequence[Outcome], limit: int = 15) -> dict[str, list[Outcome]]:
    """Benign posts removed or held with the highest scores; violating posts allowed with the lowest."""
    false_alarms = sorted(
        (o for o in outcomes if o.label == 0 and o.action != "allow"), key=lambda o: -o.score
    )
    misses = sorted((o for o in outcomes if o.label == 1 and o.action == "allow"), key=lambda o: o.score)
    return {"benign_removed_or_held": false_alarms[:limit], "violating_allowed": misses[:limit]}


def precision_at_prevalence(
    violating: Sequence[Outcome], benign: Sequence[Outcome], prevalence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(precision, recall, threshold) at every distinct score, with precision as it would be in
    traffic where `prevalence` of posts violate (not the evaluation sets' own mix)."""
    positives = np.sort([o.score for o in violating])
    negatives = np.sort([o.score for o in benign])
    cuts = np.unique(np.r_[positives, negatives])
    cuts = cuts[cuts > 0]
    recall = 1 - np.searchsorted(positives, cuts, side="left") / max(len(positives), 1)
    fpr = 1 - np.searchsorted(negatives, cuts, side="left") / max(len(negatives), 1)
    caught, wrong = prevalence * recall, (1 - prevalence) * fpr
    precision = np.divide(caught, caught + wrong, out=np.ones_like(caught), where=caught + wrong > 0)
    return precision, recall, cuts
