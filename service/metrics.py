"""The service's Prometheus metrics, built on a registry that is passed in (tests use a fresh one).

Names and labels of the first six follow docs/CONTRACT.md; ops dashboards depend on them.
"""

from __future__ import annotations

from collections import Counter as Tally

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from service.contracts import INVALID_REASONS

LATENCY_BUCKETS = (
    0.005,
    0.01,
    0.025,
    0.05,
    0.075,
    0.1,
    0.15,
    0.25,
    0.5,
    0.75,
    1.0,
    2.5,
    5.0,
    10.0,
    30.0,
    60.0,
)


class ServiceMetrics:
    """Every metric the service exposes on /metrics."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry
        self._contract_metrics(registry)
        self._ops_metrics(registry)
        for reason in INVALID_REASONS:
            self.events_invalid.labels(reason=reason)
        for action in ("remove", "hold", "allow"):
            self.decisions.labels(action=action)
        for mode in ("hold", "allow"):
            self.scoring_failures.labels(fail_mode=mode)

    def _contract_metrics(self, registry: CollectorRegistry) -> None:
        """The names docs/CONTRACT.md fixes (the pre-view counters live in service/preview/metrics.py)."""
        self.decisions = Counter(
            "zeroview_decisions_total",
            "Decisions committed to the decisions topic, by action",
            ["action"],
            registry=registry,
        )
        self.decision_latency = Histogram(
            "zeroview_decision_latency_seconds",
            "From the post's created_at to its decision being committed",
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.events_invalid = Counter(
            "zeroview_events_invalid_total",
            "Input records sent to the DLQ, by reason",
            ["reason"],
            registry=registry,
        )
        self.consumer_lag = Gauge(
            "zeroview_consumer_lag_records",
            "Records between the consumer position and the end of a partition",
            ["partition"],
            registry=registry,
        )
        self.model_info = Gauge(
            "zeroview_model_info", "The model in service (value 1)", ["version"], registry=registry
        )
        self.safety_valve_engaged = Gauge(
            "zeroview_safety_valve_engaged", "1 while removals are turned into holds", registry=registry
        )
        self.shadow_decisions = Counter(
            "zeroview_shadow_decisions_total",
            "Posts decided by the shadow model, by the live model's action and the shadow's",
            ["live_action", "shadow_action"],
            registry=registry,
        )
        self.shadow_failures = Counter(
            "zeroview_shadow_failures_total",
            "Chunks the shadow model failed to decide within its time budget (skipped)",
            registry=registry,
        )

    def _ops_metrics(self, registry: CollectorRegistry) -> None:
        """What ops watch beside the contract: failures, staleness, intelligence list, batches."""
        self.scoring_failures = Counter(
            "zeroview_scoring_failures_total",
            "Posts decided by the failure policy because scoring raised",
            ["fail_mode"],
            registry=registry,
        )
        self.stale_events = Counter(
            "zeroview_stale_events_total",
            "Posts decided later than the staleness limit after creation",
            registry=registry,
        )
        self.intel_matches = Counter(
            "zeroview_intel_matches_total",
            "Decisions raised to hold by an intelligence-list match",
            registry=registry,
        )
        self.intel_info = Gauge(
            "zeroview_intel_list_info",
            "The intelligence list in force (value 1)",
            ["version"],
            registry=registry,
        )
        self.intel_reload_errors = Counter(
            "zeroview_intel_reload_errors_total", "Failed reloads of the intelligence list", registry=registry
        )
        self.batch_size = Histogram(
            "zeroview_batch_size_records",
            "Records per consumed batch",
            buckets=(1, 5, 10, 50, 100, 250, 500, 1000, 2000),
            registry=registry,
        )
        self.batch_stage = Histogram(
            "zeroview_batch_stage_seconds",
            "Where a committed batch's time went: queued (its oldest record, from the record's timestamp "
            "to the poll that returned it), scoring (decoding, scoring and producing its decisions), "
            "commit (its offsets and the transaction's commit)",
            ["stage"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
            registry=registry,
        )
        self.transaction_failures = Counter(
            "zeroview_kafka_transaction_failures_total",
            "Batches rolled back and retried after a Kafka error",
            registry=registry,
        )
        self.scoring_worker_restarts = Counter(
            "zeroview_scoring_worker_restarts_total",
            "Scoring workers started again because the last one exited (its batch was rolled back)",
            registry=registry,
        )
        self.ready = Gauge("zeroview_ready", "1 when /readyz answers 200", registry=registry)
        self.safety_valve_held = Counter(
            "zeroview_safety_valve_held_total",
            "Removals the safety valve committed as holds",
            registry=registry,
        )

    def set_model(self, version: str) -> None:
        self.model_info.clear()
        self.model_info.labels(version=version).set(1)

    def set_intel(self, version: str) -> None:
        self.intel_info.clear()
        self.intel_info.labels(version=version).set(1)

    def count_committed(
        self,
        actions: Tally[str],
        invalid: Tally[str],
        latencies: list[float],
        stale: int,
        intel_raised: int,
        failed: int,
        fail_mode: str,
    ) -> None:
        """Apply a batch's counts once its transaction committed (never for a rolled-back batch)."""
        for action, count in actions.items():
            self.decisions.labels(action=action).inc(count)
        for reason, count in invalid.items():
            self.events_invalid.labels(reason=reason).inc(count)
        for latency in latencies:
            self.decision_latency.observe(latency)
        if stale:
            self.stale_events.inc(stale)
        if intel_raised:
            self.intel_matches.inc(intel_raised)
        if failed:
            self.scoring_failures.labels(fail_mode=fail_mode).inc(failed)
