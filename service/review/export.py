"""`zeroview labels export`: reviewed labels joined with their posts' evidence, as JSON lines a
training run can read, each with where its verdict and its original decision came from."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from service.contracts import Evidence, Label
from service.review.labels import join, latest_evidence, latest_labels
from service.review.topics import Skipped, decoded, read_topic
from service.settings import Settings

ROW_SCHEMA = "labeled_post.v1"


def row(label: Label, evidence: Evidence) -> dict[str, Any]:
    """One line of the export: the post's text fields (no author: training does not need one), its
    verdict as 1/0 and the provenance of both the verdict and the decision it judged."""
    return {
        "schema": ROW_SCHEMA,
        "post_id": evidence.post_id,
        "lang": evidence.lang,
        "text": evidence.text,
        "hashtags": evidence.hashtags,
        "ocr_text": evidence.ocr_text,
        "transcript": evidence.transcript,
        "violating": 1 if label.verdict == "violating" else 0,
        "provenance": {
            "label_source": label.source,
            "labeled_at": label.labeled_at.isoformat(),
            "model_version": evidence.model_version,
            "action": evidence.action,
            "score": evidence.score,
            "decided_at": evidence.decided_at.isoformat(),
        },
    }


@dataclass
class ExportSummary:
    out: Path
    exported: Counter[str] = field(default_factory=Counter)  # verdict -> posts written
    without_evidence: Counter[str] = field(default_factory=Counter)  # verdict -> labels left out
    missing_examples: list[str] = field(default_factory=list)  # a few post ids of those
    invalid_records: int = 0

    def lines(self) -> list[str]:
        exported, missing = sum(self.exported.values()), sum(self.without_evidence.values())
        lines = [
            f"exported {exported} labelled post(s) to {self.out}",
            f"labels without evidence: {missing} (the model allowed the post, so no evidence was "
            "kept, or its evidence is past the topic's retention); not exported",
            f"{'verdict':<10} {'exported':>9} {'no evidence':>12}",
        ]
        for verdict in ("violating", "benign"):
            lines.append(f"{verdict:<10} {self.exported[verdict]:>9} {self.without_evidence[verdict]:>12}")
        if self.missing_examples:
            lines.append(f"e.g. without evidence: {', '.join(self.missing_examples)}")
        if self.invalid_records:
            lines.append(f"invalid records skipped: {self.invalid_records}")
        return lines


def export_labels(settings: Settings, out: Path, since: datetime | None = None) -> ExportSummary:
    """Read the labels and evidence topics to their ends, join them and write `out` (JSON lines)."""
    skipped = Skipped()
    standing = latest_labels(decoded(read_topic(settings, settings.topic_labels), Label, skipped), since)
    evidence = decoded(read_topic(settings, settings.topic_evidence), Evidence, skipped)
    joined = join(standing, latest_evidence(evidence, set(standing)))
    summary = ExportSummary(out, invalid_records=skipped.count)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as sink:
        for label, kept in joined.pairs:
            sink.write(json.dumps(row(label, kept), ensure_ascii=False) + "\n")
            summary.exported[label.verdict] += 1
    for label in joined.without_evidence:
        summary.without_evidence[label.verdict] += 1
    summary.missing_examples = [label.post_id for label in joined.without_evidence[:5]]
    return summary
