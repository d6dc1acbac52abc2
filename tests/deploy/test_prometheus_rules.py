"""The Prometheus config, rules and rule tests, checked by promtool; the Grafana dashboard's queries checked
for syntax (promtool) and for metric and label names the service really exposes."""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from prometheus_client import CollectorRegistry

from service.metrics import ServiceMetrics
from service.preview.changelog import Totals
from service.preview.metrics import PreviewMetrics

REPO = Path(__file__).resolve().parents[2]
PROMETHEUS_DIR = REPO / "deploy" / "prometheus"
RULE_FILES = (PROMETHEUS_DIR / "recording_rules.yml", PROMETHEUS_DIR / "alert_rules.yml")
RULE_TESTS = sorted((PROMETHEUS_DIR / "tests").glob("*.yml"))
RUNBOOK = PROMETHEUS_DIR / "RUNBOOK.md"
GRAFANA_DIR = REPO / "deploy" / "grafana"
DASHBOARD = GRAFANA_DIR / "dashboards" / "zeroview.json"


def _exposed() -> tuple[dict[str, frozenset[str]], set[str]]:
    """What the service exposes on /metrics, with each metric's labels, read off the metrics the
    service really registers (a fresh registry); and which of them are histograms."""
    registry = CollectorRegistry()
    ServiceMetrics(registry)
    PreviewMetrics(registry, Totals())
    exposed: dict[str, frozenset[str]] = {}
    histograms = set()
    for collector in list(registry._collector_to_names):  # the registry's own index of what it holds
        for family in collector.describe():
            name = family.name + ("_total" if family.type == "counter" else "")
            exposed[name] = frozenset(getattr(collector, "_labelnames", ()))
            if family.type == "histogram":
                histograms.add(name)
    return exposed, histograms


SERVICE_METRICS, HISTOGRAMS = _exposed()
# Series Prometheus makes itself for every scrape target.
SCRAPE_METRICS = {"up"}
TARGET_LABELS = frozenset({"job", "instance"})
# Label values that only take these (a typo in a matcher would silently match nothing).
LABEL_VALUES = {
    "action": {"remove", "hold", "allow"},
    "stage": {"auto", "human"},
    "viewed_before_removal": {"true", "false"},
    "verdict": {"violating", "benign"},
    "source": {"review", "report", "appeal", "audit"},
}
GRAFANA_VARIABLES = re.compile(r"\$(?:__rate_interval|__interval|__range)\b")


@pytest.fixture(scope="session")
def promtool(prometheus_bin: Path) -> Path:
    return prometheus_bin / "promtool"


def run_promtool(promtool: Path, *args: str | Path) -> str:
    done = subprocess.run(
        [str(promtool), *map(str, args)], capture_output=True, text=True, timeout=300, cwd=REPO, check=False
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"promtool {' '.join(map(str, args))} failed:\n{output}"
    return output


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def rules(path: Path) -> list[dict[str, Any]]:
    return [rule for group in load_yaml(path)["groups"] for rule in group["rules"]]


@cache
def recorded_names() -> frozenset[str]:
    return frozenset(rule["record"] for rule in rules(RULE_FILES[0]))


def alert_rules() -> list[dict[str, Any]]:
    return rules(RULE_FILES[1])


def dashboard_panels() -> list[dict[str, Any]]:
    return list(json.loads(DASHBOARD.read_text())["panels"])


def dashboard_exprs() -> list[str]:
    return [target["expr"] for panel in dashboard_panels() for target in panel["targets"]]


def all_exprs() -> list[str]:
    return [rule["expr"] for path in RULE_FILES for rule in rules(path)] + dashboard_exprs()


# --- a small PromQL scanner: enough to list the metric names and label matchers of our queries ---------

_MATCHER = re.compile(r'([a-zA-Z_]\w*)\s*(=~|!=|!~|=)\s*"((?:[^"\\]|\\.)*)"')
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_BRACES = re.compile(r"\{[^{}]*\}")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)\)")
_IDENTIFIER = re.compile(r"(?<![\w:.])([a-zA-Z_:][\w:]*)(\s*\()?")
_KEYWORDS = {"and", "or", "unless", "bool", "offset", "inf", "nan"}
_KEYWORDS |= {"by", "without", "on", "ignoring", "group_left", "group_right"}


def metric_names(expr: str) -> set[str]:
    """Metric names selected by a PromQL expression (functions, keywords and labels left out)."""
    assert "__name__" not in expr, "select metrics by name, not by a __name__ matcher"
    text = _BRACKETS.sub("", _BRACES.sub("", _STRING.sub('""', GRAFANA_VARIABLES.sub("5m", expr))))
    text = _GROUPING.sub(" ", text)
    return {name for name, call in _IDENTIFIER.findall(text) if not call and name.lower() not in _KEYWORDS}


def label_names(expr: str) -> set[str]:
    """Labels named in matchers and in by/without/on/ignoring/group_* clauses."""
    text = GRAFANA_VARIABLES.sub("5m", expr)
    names = {name for name, _, _ in _MATCHER.findall(text)}
    for _, listed in _GROUPING.findall(_STRING.sub('""', text)):
        names.update(label.strip() for label in listed.split(",") if label.strip())
    return names


def known_metric(name: str) -> bool:
    if name in SERVICE_METRICS or name in SCRAPE_METRICS or name in recorded_names():
        return True
    return any(
        name == histogram + suffix for histogram in HISTOGRAMS for suffix in ("_bucket", "_sum", "_count")
    )


def test_scanner_finds_names_and_labels() -> None:
    expr = (
        'histogram_quantile(0.99, sum by (le) (rate(zeroview_decision_latency_seconds_bucket{x="a b"}'
        "[$__rate_interval]))) > 0.5 and on() sum(zeroview_ready offset 5m) by (job) or vector(1e-3)"
    )
    assert metric_names(expr) == {"zeroview_decision_latency_seconds_bucket", "zeroview_ready"}
    assert label_names(expr) == {"le", "x", "job"}
    typo = 'sum(increase(zeroview_decisons_total{action="remove"}[1h]))'
    assert metric_names(typo) == {"zeroview_decisons_total"}
    assert not known_metric("zeroview_decisons_total")
    assert not known_metric("zeroview_decision_latency_seconds_buckets")


# --- promtool on the Prometheus files ----------------------------------------------------------------------


def test_prometheus_config_is_valid(promtool: Path) -> None:
    output = run_promtool(promtool, "check", "config", PROMETHEUS_DIR / "prometheus.yml")
    assert "2 rule files found" in output


def test_rule_files_are_valid(promtool: Path) -> None:
    run_promtool(promtool, "check", "rules", *RULE_FILES)


def test_rule_unit_tests_pass(promtool: Path) -> None:
    assert RULE_TESTS, "no rule tests in deploy/prometheus/tests"
    run_promtool(promtool, "test", "rules", *RULE_TESTS)


def test_rule_unit_tests_cover_every_rule_and_alert() -> None:
    tested_records: set[str] = set()
    firing: set[str] = set()
    quiet: set[str] = set()
    for path in RULE_TESTS:
        for case in load_yaml(path)["tests"]:
            for expr_test in case.get("promql_expr_test", []):
                if expr_test.get("exp_samples"):
                    tested_records |= metric_names(expr_test["expr"])
            for alert_test in case.get("alert_rule_test", []):
                (firing if alert_test.get("exp_alerts") else quiet).add(alert_test["alertname"])
    alerts = {rule["alert"] for rule in alert_rules()}
    assert recorded_names() - tested_records == set(), "recording rules with no expected value in a test"
    assert alerts - firing == set(), "alerts never tested firing"
    assert alerts - quiet == set(), "alerts never tested quiet"


def test_alerts_have_summary_description_and_a_runbook_section() -> None:
    anchors = {
        re.sub(r"[^\w-]", "", heading.strip().lower().replace(" ", "-"))
        for heading in re.findall(r"^#+ (.+)$", RUNBOOK.read_text(), flags=re.MULTILINE)
    }
    for rule in alert_rules():
        annotations = rule["annotations"]
        assert annotations.get("summary") and annotations.get("description"), rule["alert"]
        path, _, anchor = annotations["runbook_url"].partition("#")
        assert (REPO / path) == RUNBOOK and anchor in anchors, f"{rule['alert']}: no runbook section {anchor}"
        assert rule["labels"]["severity"] in {"critical", "warning"}, rule["alert"]


# --- the Grafana dashboard ---------------------------------------------------------------------------------


def test_dashboard_panels_all_have_queries_on_the_datasource_variable() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    variables = {variable["name"]: variable for variable in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    panels = dashboard_panels()
    assert len({panel["id"] for panel in panels}) == len(panels), "panel ids must be unique"
    for panel in panels:
        assert panel["targets"], f"panel {panel['title']!r} has no query"
        for target in [panel, *panel["targets"]]:
            assert target["datasource"]["uid"] == "${datasource}", panel["title"]
        for target in panel["targets"]:
            assert target.get("expr", "").strip(), f"panel {panel['title']!r}: target without expr"


def test_grafana_provisioning_files_load() -> None:
    sources = load_yaml(GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml")["datasources"]
    assert [source["type"] for source in sources] == ["prometheus"]
    providers = load_yaml(GRAFANA_DIR / "provisioning" / "dashboards" / "zeroview.yml")["providers"]
    assert providers[0]["type"] == "file" and providers[0]["options"]["path"]


@pytest.mark.parametrize("expr", all_exprs(), ids=lambda expr: " ".join(expr.split())[:70])
def test_every_query_uses_only_existing_metrics_and_labels(expr: str) -> None:
    unknown = {name for name in metric_names(expr) if not known_metric(name)}
    assert not unknown, f"unknown metric(s) {sorted(unknown)} in: {expr}"
    allowed = {"le"} | TARGET_LABELS
    for name in metric_names(expr) & SERVICE_METRICS.keys():
        allowed |= SERVICE_METRICS[name]
    assert label_names(expr) <= allowed, f"unknown label(s) {sorted(label_names(expr) - allowed)} in: {expr}"
    for label, op, value in _MATCHER.findall(expr):
        if op == "=" and label in LABEL_VALUES:
            assert value in LABEL_VALUES[label], f"{label}={value!r} never occurs, in: {expr}"


def write_as_recording_rules(exprs: list[str], path: Path) -> None:
    """promtool parses the PromQL of every rule it checks: queries become recording rules for it."""
    records = [
        {"record": f"dashboard:query:{index}", "expr": GRAFANA_VARIABLES.sub("5m", expr)}
        for index, expr in enumerate(exprs)
    ]
    path.write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": records}]}))


def test_dashboard_queries_parse(promtool: Path, tmp_path: Path) -> None:
    rules_file = tmp_path / "dashboard_rules.yml"
    write_as_recording_rules(dashboard_exprs(), rules_file)
    run_promtool(promtool, "check", "rules", rules_file)


def test_a_broken_query_is_rejected(promtool: Path, tmp_path: Path) -> None:
    rules_file = tmp_path / "broken_rules.yml"
    unbalanced = "sum by (action) (rate(zeroview_decisions_total[$__rate_interval])"
    write_as_recording_rules([unbalanced], rules_file)
    with pytest.raises(AssertionError, match="failed"):
        run_promtool(promtool, "check", "rules", rules_file)
