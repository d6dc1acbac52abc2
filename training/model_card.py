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
- Trained only on a synthetic corpus generated from hand-written lexicons (no public labelled data
  exists here); real posts are more varied. Held-out figures measure generalisation to unseen
  template and vocabulary families, not to real traffic: watch overturned removals in production.
- Languages outside the training list, and scripts outside the training scripts, are never removed,
  at most held. Latin-script languages without a `lang` field cannot be told apart from trained ones.
- New code words appear constantly: the intelligence list (models/intel/) raises matches to hold
  between retrainings.
- Text fields are truncated to 4,000 characters each for scoring."""


def _figure(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def write_model_card(card: dict[str, Any], model_dir: Path) -> None:
    metrics = card.get("metrics", {})
    held_out = metrics.get("held_out", {})
    lines = [
        f"# Model card: {card['name']} {card['version']}",
        "",
        "## Intended use",
        "",
        INTENDED_USE,
        "",
        "## Decision thresholds",
        "",
        f"- remove when P(violating) >= {card['thresholds']['remove']:.4f}",
        f"- hold for review when P(violating) >= {card['thresholds']['hold']:.4f}",
        f"- chosen on the validation split: {card['threshold_rule']}",
        "",
        "## Training data",
        "",
        f"- corpus sha256 `{card['data']['corpus_hash']}`, built by `training/corpus` with {card['data']['build']}",
        f"- split sizes {card['data']['sizes']}; languages {', '.join(card['languages'])}; "
        f"scripts {', '.join(card['scripts'])}",
        "",
        "## Held-out figures (unseen template and vocabulary families)",
        "",
        *[f"- {name}: {_figure(value)}" for name, value in held_out.items()],
        f"- lowest per-language recall: {_figure(metrics.get('min_language_recall'))}",
        f"- per-language recall: {metrics.get('language_recall')}",
        f"- hand-written news and press releases: {metrics.get('press_news')}",
        f"- hand-written everyday posts: {metrics.get('everyday')}",
        "",
        "Full report with plots: [report/REPORT.md](report/REPORT.md).",
        "",
        "## Model",
        "",
        f"- `{card['model']['class']}`, model file sha256 `{card['sha256']}` ({card['size_bytes'] / 1e6:.1f} MB)",
        f"- libraries: {card['libraries']}",
        f"- trained in {card.get('training_seconds', '?')} s",
        "",
        "## Limitations",
        "",
        LIMITATIONS,
        "",
    ]
    (model_dir / "MODEL_CARD.md").write_text("\n".join(lines), encoding="utf-8")
