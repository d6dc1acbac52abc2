"""MODEL_CARD.md: the human-readable card written next to model-card.json."""

from __future__ import annotations

from pathlib import Path
from typing import Any

INTENDED_USE = """\
Decides whether a new social-media post offers, seeks or arranges the trade of protected wildlife
(../shared/POLICY.md): `remove` only when nearly certain, `hold` for human review when uncertain,
`allow` otherwise. It reads the caption, hashtags, on-screen text and transcript of a post.
Not for: judging other policies, images or video content, or ranking users."""

LIMITATIONS = """\
- Real posts we do not have are harder than any split of ours. The real text in training covers
  everyday posts and lawful listings in all 11 languages (the listings thin and narrow in fr, th and
  pl), news about the trade in all 11 (a few passages only in pl, sv and mainland Chinese; German
  mostly encyclopaedic: training/data/SOURCES.md), and real violating posts hardly at all:
  the violating side is made
  (protected products put into real listings and lots) or synthetic. The hand-written violating set
  measures what the model catches of posts no template wrote; it is small (45 per language).
- A post that names no product of the lexicon (training/products/) is never held or removed by the
  model: new code words reach it through the intelligence list (models/intel/, hot-reloaded) or a
  lexicon edit and retraining.
- Languages outside the training list, and scripts outside the training scripts, are never removed,
  at most held. Latin-script languages without a `lang` field cannot be told apart from trained ones.
- Text fields are truncated to 4,000 characters each for scoring."""


def _figure(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def _rates(figures: dict[str, Any]) -> str:
    return (
        f"{figures['posts']} posts: flagged {figures['flagged']:.2%}, held {figures['held']:.2%}, "
        f"removed {figures['removed']:.2%}"
    )


SET_ORDER = (
    "everyday", "listings", "museum_news", "real_violating", "made", "synthetic",
    "hand_violating", "hand_hard_benign", "hand_press_news", "hand_everyday",
)  # fmt: skip


def _in_order(sets: dict[str, Any]) -> list[tuple[str, Any]]:
    """The evaluation sets in the report's order (the JSON card stores its keys sorted)."""
    rank = {name: i for i, name in enumerate(SET_ORDER)}
    return sorted(sets.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))


LANGUAGE_COLUMNS = (
    ("everyday", "flagged", "real everyday flagged"),
    ("listings", "flagged", "real listings flagged"),
    ("museum_news", "removed", "real museum/news removed"),
    ("museum_news", "flagged", "real museum/news flagged"),
    ("hand_violating", "flagged", "hand-written violating flagged"),
    ("hand_violating", "removed", "hand-written violating removed"),
    ("hand_press_news", "held", "hand-written press held"),
)


def _language_table(by_language: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """Per language: the held-out real sets beside the hand-written ones ("—": no such text)."""
    if not by_language:
        return []
    languages = sorted({lang for groups in by_language.values() for lang in groups})
    lines = [
        "Per language (held-out real text beside the hand-written sets; n in brackets):",
        "",
        "| language | " + " | ".join(title for _, _, title in LANGUAGE_COLUMNS) + " |",
        "|---" * (len(LANGUAGE_COLUMNS) + 1) + "|",
    ]
    for lang in languages:
        cells = []
        for name, figure, _ in LANGUAGE_COLUMNS:
            group = by_language.get(name, {}).get(lang)
            cells.append(f"{group[figure]:.2%} ({group['posts']})" if group else "—")
        lines.append(f"| {lang} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _reviewed_lines(reviewed: dict[str, Any] | None) -> list[str]:
    """What a candidate of `train --with-labels` learned from reviewed posts."""
    if not reviewed:
        return []
    return [
        f"- reviewed posts from `{reviewed['file']}` (sha256 `{reviewed['sha256']}`): {reviewed['used']} used of "
        f"{reviewed['read']} read (not used: {reviewed['not_used'] or 'none'}), each weighted "
        f"{reviewed['reviewed_weight']}; by verdict {reviewed['by_verdict']}, by label source "
        f"{reviewed['by_label_source']}, by split {reviewed['by_split']}; labelled "
        f"{reviewed['labeled_at']['min']} to {reviewed['labeled_at']['max']}; decisions reviewed were made by "
        f"models {reviewed['decided_by_model_versions']}",
    ]


def write_model_card(card: dict[str, Any], model_dir: Path) -> None:
    metrics = card.get("metrics", {})
    rule = card["threshold_rule"]
    expected = card.get("expected_rates_by_language", {})
    lines = [
        f"# Model card: {card['name']} {card['version']}",
        "",
        "## Intended use",
        "",
        INTENDED_USE,
        "",
        "## Model",
        "",
        "P(violating) = P(product) × P(offer) × P(trade) (`service/model/classifier.py`): the product model",
        "reads the protected-product terms a post names (`training/products/`) and the words around them; the",
        "offer model reads the post with those terms masked; the trade model reads both, for posts that name",
        "a product (does this post trade it, or report on its trade?). A post that names no product scores 0.",
        f"Parameters: {card['model']['params']}.",
        "",
        "## Decision thresholds",
        "",
        f"- remove when P(violating) >= {card['thresholds']['remove']:.4f}: {rule['remove']}",
        f"- hold for review when P(violating) >= {card['thresholds']['hold']:.4f}: {rule['hold']}",
        f"- chosen on the {rule['chosen_on']}",
        "",
        "Expected on the calibration split, per language (share of real everyday posts held and removed;",
        "share of violating posts removed and flagged):",
        "",
        "| language | everyday held | everyday removed | violating removed | violating flagged |",
        "|---|---|---|---|---|",
        *[
            f"| {lang} | {r['everyday_held']:.2%} | {r['everyday_removed']:.2%} | {r['violating_removed']:.1%} "
            f"| {r['violating_flagged']:.1%} |"
            for lang, r in expected.items()
        ],
        "",
        "## Training data",
        "",
        f"- dataset sha256 `{card['data']['dataset_hash']}`, built with {card['data']['build']}",
        f"- sizes by split and origin: {card['data']['sizes']}",
        f"- real sources (train / calib / test records): see `{card['data']['sources_file']}`",
        f"- languages {', '.join(card['languages'])}; scripts {', '.join(card['scripts'])}",
        *_reviewed_lines(card.get("reviewed")),
        "",
        "## Figures on held-out sets",
        "",
        *[f"- {name}: {_rates(figures)}" for name, figures in _in_order(metrics.get("sets", {}))],
        f"- removal precision on hand-written violating vs held-out real benign: "
        f"{_figure(metrics.get('hand_violating_remove_precision'))}",
        "",
        *_language_table(metrics.get("by_language", {})),
        "Full report with plots: [report/REPORT.md](report/REPORT.md).",
        "",
        "## Artifact",
        "",
        f"- `{card['model_file']}` (state format `{card['model']['format']}`), sha256 `{card['sha256']}` "
        f"({card['size_bytes'] / 1e6:.1f} MB)",
        f"- libraries: {card['libraries']}",
        f"- trained in {card.get('training_seconds', '?')} s",
        "",
        "## Limitations",
        "",
        LIMITATIONS,
        "",
    ]
    (model_dir / "MODEL_CARD.md").write_text("\n".join(lines), encoding="utf-8")
