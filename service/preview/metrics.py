"""The pre-view counters, registered only once this instance's committed totals are restored."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge

from service.preview.changelog import Totals
from service.preview.tracker import Effects

SOURCES = ("review", "report", "appeal", "audit")


class PreviewMetrics:
    def __init__(self, registry: CollectorRegistry, restored: Totals) -> None:
        self.removed = Counter(
            "zeroview_violating_posts_removed_total",
            "Violating posts removed, by who removed them and whether anyone saw them first",
            ["stage", "viewed_before_removal"],
            registry=registry,
        )
        self.overturned = Counter(
            "zeroview_removals_overturned_total",
            "Automatic removals a human judged benign, by source",
            ["source"],
            registry=registry,
        )
        self.holds_resolved = Counter(
            "zeroview_holds_resolved_total",
            "Held posts resolved by a human verdict",
            ["verdict"],
            registry=registry,
        )
        self.state_entries = Gauge(
            "zeroview_preview_state_entries", "Posts held in the pre-view join state", registry=registry
        )
        self.invalid = Counter(
            "zeroview_preview_events_invalid_total",
            "Views, labels or decisions the tracker could not read",
            ["topic", "reason"],
            registry=registry,
        )
        for stage in ("auto", "human"):
            for viewed in ("true", "false"):
                self.removed.labels(stage=stage, viewed_before_removal=viewed).inc(
                    restored.removed.get(f"{stage}|{viewed}", 0)
                )
        for source in SOURCES:
            self.overturned.labels(source=source).inc(restored.overturned.get(source, 0))
        for verdict in ("violating", "benign"):
            self.holds_resolved.labels(verdict=verdict).inc(restored.holds_resolved.get(verdict, 0))

    def apply(self, effects: Effects, state_size: int) -> None:
        for (stage, viewed), count in effects.removed.items():
            self.removed.labels(stage=stage, viewed_before_removal=str(viewed).lower()).inc(count)
        for source, count in effects.overturned.items():
            self.overturned.labels(source=source).inc(count)
        for verdict, count in effects.holds_resolved.items():
            self.holds_resolved.labels(verdict=verdict).inc(count)
        self.state_entries.set(state_size)
