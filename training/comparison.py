"""A candidate model against the live one, on the same held-out sets and the reviewed posts of the
candidate's test share, each decided by the service's own Scorer (`evaluate.decide`).

Writes `comparison.json` and `COMPARISON.md` into the candidate directory. A reviewed post is
decided correctly when a violating one is kept from viewers (removed, or held for a person) and a
benign one is allowed; how many violating posts each model removes outright is counted beside it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from service.model.artifact import load_model
from training.dataset import Dataset
from training.evaluate import Item, decide, decide_sets, scorer_for
from training.evaluation_metrics import Outcome, confusion, group_rates
from training.reviewed import Reviewed

JSON_NAME = "comparison.json"
MARKDOWN_NAME = "COMPARISON.md"
SET_TITLES = {
    "everyday": "held-out real everyday posts",
    "listings": "held-out real lawful listings",
    "museum_news": "held-out real museum and news text",
    "real_violating": "held-out real violating posts",
    "made": "held-out made posts",
    "synthetic": "held-out synthetic posts",
    "hand_violating": "hand-written violating",
    "hand_hard_benign": "hand-written hard benign",
    "hand_press_news": "hand-written news and press",
    "hand_everyday": "hand-written everyday",
}


def _correct(outcome: Outcome) -> bool:
    return (outcome.action != "allow") == bool(outcome.label)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 6) if values else None


def reviewed_tally(outcomes: list[Outcome]) -> dict[str, Any]:
    return {
        "correct": sum(map(_correct, outcomes)),
        "violating_removed": sum(o.label == 1 and o.action == "remove" for o in outcomes),
        "actions": confusion(outcomes),
        "mean_score": {
            "violating": _mean([o.score for o in outcomes if o.label == 1]),
            "benign": _mean([o.score for o in outcomes if o.label == 0]),
        },
    }


def compare_reviewed(live: list[Outcome], candidate: list[Outcome], post_ids: list[str]) -> dict[str, Any]:
    """Both models on the reviewed posts of the test share, in total and post by post."""
    return {
        "posts": len(post_ids),
        "live": reviewed_tally(live),
        "candidate": reviewed_tally(candidate),
        "decisions": [
            {
                "post_id": post_id,
                "violating": old.label,
                "label_source": old.category,
                "live": {"action": old.action, "score": round(old.score, 6)},
                "candidate": {"action": new.action, "score": round(new.score, 6)},
            }
            for post_id, old, new in zip(post_ids, live, candidate, strict=True)
        ],
    }


def compare(
    live_dir: Path,
    candidate_dir: Path,
    dataset: Dataset,
    candidate_evaluation: dict[str, Any],
    reviewed: Reviewed,
) -> dict[str, Any]:
    """Decide the candidate's evaluation sets with the live model (the candidate's own figures come
    from its evaluation) and the reviewed test posts with both; write the two files."""
    live, candidate = load_model(live_dir), load_model(candidate_dir)
    live_scorer = scorer_for(live)
    live_sets = decide_sets(live_scorer, dataset)
    test = reviewed.in_split("test")
    items = [
        Item(r.sample.text, r.sample.lang, r.post.violating, category=r.post.provenance.label_source)
        for r in test
    ]
    comparison = {
        "live": {"version": live.version, "dir": str(live_dir), "thresholds": live.thresholds},
        "candidate": {
            "version": candidate.version,
            "dir": str(candidate_dir),
            "thresholds": candidate.thresholds,
        },
        "dataset_hash": dataset.content_hash,
        "labels_sha256": reviewed.sha256,
        "sets": {
            name: {"live": group_rates(outcomes), "candidate": candidate_evaluation["sets"][name]["all"]}
            for name, outcomes in live_sets.items()
        },
        "reviewed_test": compare_reviewed(
            decide(live_scorer, items), decide(scorer_for(candidate), items), [r.post.post_id for r in test]
        ),
    }
    (candidate_dir / JSON_NAME).write_text(json.dumps(comparison, indent=2, ensure_ascii=False) + "\n")
    (candidate_dir / MARKDOWN_NAME).write_text(markdown(comparison))
    return comparison


def _pair(figures: dict[str, Any], key: str) -> str:
    return f"{figures['live'][key]:.2%} | {figures['candidate'][key]:.2%}"


def markdown(comparison: dict[str, Any]) -> str:
    live, candidate = comparison["live"]["version"], comparison["candidate"]["version"]
    lines = [
        f"# Candidate {candidate} against live {live}",
        "",
        "Same held-out sets, each post decided by the service's Scorer "
        f"(thresholds: live {comparison['live']['thresholds']}, candidate {comparison['candidate']['thresholds']}).",
        "",
        "| set | posts | flagged live | flagged candidate | removed live | removed candidate |",
        "|---|---|---|---|---|---|",
    ]
    for name, figures in comparison["sets"].items():
        title = SET_TITLES.get(name, name)
        lines.append(
            f"| {title} | {figures['live']['posts']} | {_pair(figures, 'flagged')} | {_pair(figures, 'removed')} |"
        )
    reviewed = comparison["reviewed_test"]
    lines += [
        "",
        f"Reviewed posts of the test share ({reviewed['posts']}, never trained or calibrated on):",
        "",
    ]
    lines += [
        "| model | decided correctly | violating: remove / hold / allow | benign: remove / hold / allow |"
    ]
    lines += ["|---|---|---|---|"]
    for side, version in (("live", live), ("candidate", candidate)):
        tally = reviewed[side]
        actions = {
            v: " / ".join(str(tally["actions"][v][a]) for a in ("remove", "hold", "allow"))
            for v in tally["actions"]
        }
        lines.append(
            f"| {side} {version} | {tally['correct']} | {actions['violating']} | {actions['benign']} |"
        )
    lines += [
        "",
        "Decided correctly: a violating post removed or held (never shown before a person decides), a benign "
        "one allowed.",
        "",
    ]
    return "\n".join(lines)


def headline(comparison: dict[str, Any]) -> str:
    sets, reviewed = comparison["sets"], comparison["reviewed_test"]

    def both(name: str, key: str) -> str:
        return f"{sets[name]['live'][key]:.2%} -> {sets[name]['candidate'][key]:.2%}"

    return (
        f"candidate {comparison['candidate']['version']} against live {comparison['live']['version']} "
        f"(live -> candidate): real everyday flagged {both('everyday', 'flagged')}, listings flagged "
        f"{both('listings', 'flagged')}, museum/news removed {both('museum_news', 'removed')}, hand-written "
        f"violating removed {both('hand_violating', 'removed')}, flagged {both('hand_violating', 'flagged')}; "
        f"reviewed test posts decided correctly {reviewed['live']['correct']} -> "
        f"{reviewed['candidate']['correct']} of {reviewed['posts']} (violating removed "
        f"{reviewed['live']['violating_removed']} -> {reviewed['candidate']['violating_removed']})"
    )
