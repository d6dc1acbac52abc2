"""The Helm chart, checked without a cluster: `helm lint`, `helm template` with the default and the
production-like values, every core object against the Kubernetes schemas, a checkov scan, and what
the chart promises (stable instance ids, probes, security context, KEDA's cap, the same rules and
dashboard as deploy/)."""

from __future__ import annotations

import json
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CHART = REPO / "deploy" / "helm" / "zeroview"
HELM = REPO / ".cache" / "tools" / "bin" / "helm"
CHECKOV = REPO / ".cache" / "tools" / "checkov" / "bin" / "checkov"
PRODUCTION = CHART / "ci" / "production-values.yaml"
KUBERNETES_VERSION = "1.33"
CUSTOM_KINDS = {"ServiceMonitor", "PrometheusRule", "ScaledObject"}  # CRDs: checked below by hand


def run(*args: str | Path) -> str:
    assert HELM.exists(), "helm is missing: `make tools` builds it"
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout}{done.stderr}"
    return done.stdout


@cache
def rendered(values: Path | None = None) -> tuple[dict[str, Any], ...]:
    extra = ["-f", str(values)] if values else []
    text = run(HELM, "template", "zeroview", CHART, "--namespace", "moderation", *extra)
    return tuple(doc for doc in yaml.safe_load_all(text) if doc)


def kind(objects: tuple[dict[str, Any], ...], name: str) -> dict[str, Any]:
    (found,) = [o for o in objects if o["kind"] == name]
    return found


@pytest.mark.parametrize("values", [None, PRODUCTION], ids=["default", "production"])
def test_the_chart_lints_and_every_core_object_matches_the_kubernetes_schemas(values: Path | None) -> None:
    run(HELM, "lint", "--strict", CHART, *(["-f", str(values)] if values else []))
    objects = rendered(values)
    kinds = sorted(o["kind"] for o in objects)
    assert {
        "StatefulSet",
        "Service",
        "ServiceAccount",
        "PodDisruptionBudget",
        "ConfigMap",
        "NetworkPolicy",
    } <= set(kinds)
    assert set(kinds) >= CUSTOM_KINDS
    for obj in objects:
        if obj["kind"] not in CUSTOM_KINDS:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)


def test_pods_have_stable_ids_probes_and_a_locked_down_security_context() -> None:
    pod = kind(rendered(PRODUCTION), "StatefulSet")["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    env = {e["name"]: e for e in container["env"]}
    assert env["ZEROVIEW_INSTANCE_ID"]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name"
    assert env["ZEROVIEW_KAFKA_SASL_PLAIN_PASSWORD"]["valueFrom"]["secretKeyRef"]["name"] == "zeroview-kafka"
    assert env["ZEROVIEW_KAFKA_SSL_CAFILE"]["value"].startswith("/etc/zeroview/kafka-tls/")
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] and not security["allowPrivilegeEscalation"]
    assert security["capabilities"]["drop"] == ["ALL"] and pod["securityContext"]["runAsNonRoot"]
    assert pod["automountServiceAccountToken"] is False
    assert pod["terminationGracePeriodSeconds"] > 8, "longer than the service's own shutdown grace"


def test_keda_scales_on_the_groups_lag_and_never_past_the_partitions() -> None:
    for values, partitions in ((None, 6), (PRODUCTION, 12)):
        objects = rendered(values)
        scaled = kind(objects, "ScaledObject")["spec"]
        (trigger,) = scaled["triggers"]
        assert trigger["type"] == "kafka" and trigger["metadata"]["topic"] == "posts.new"
        assert scaled["maxReplicaCount"] <= partitions
        assert scaled["scaleTargetRef"]["name"] == kind(objects, "StatefulSet")["metadata"]["name"]
        assert "replicas" not in kind(objects, "StatefulSet")["spec"], "KEDA owns the count"
    assert (
        kind(rendered(PRODUCTION), "ScaledObject")["spec"]["maxReplicaCount"] == 12
    )  # 20 asked, 12 partitions


def test_the_rules_and_the_dashboard_are_the_files_promtool_and_grafana_check() -> None:
    objects = rendered(None)
    groups = [
        group
        for name in ("recording_rules.yml", "alert_rules.yml")
        for group in yaml.safe_load((REPO / "deploy" / "prometheus" / name).read_text())["groups"]
    ]
    assert kind(objects, "PrometheusRule")["spec"]["groups"] == groups
    dashboard = json.loads(kind(objects, "ConfigMap")["data"]["zeroview.json"])
    assert dashboard == json.loads((REPO / "deploy" / "grafana" / "dashboards" / "zeroview.json").read_text())


def test_checkov_finds_nothing_that_the_charts_readme_does_not_explain(tmp_path: Path) -> None:
    assert CHECKOV.exists(), "checkov is missing: `make tools` installs it"
    manifests = tmp_path / "rendered.yaml"
    manifests.write_text(yaml.safe_dump_all(list(rendered(PRODUCTION))))
    done = subprocess.run(
        [str(CHECKOV), "-f", str(manifests), "--framework", "kubernetes", "--config-file",
         str(CHART / ".checkov.yaml"), "--output", "json", "--quiet", "--compact"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    report = json.loads(done.stdout) if done.stdout.strip() else {}
    failed = [f"{c['check_id']} {c['resource']}" for c in report.get("results", {}).get("failed_checks", [])]
    assert not failed, f"fix these or explain them in the chart's README and .checkov.yaml: {failed}"
    skipped = {c["check_id"] for c in report.get("results", {}).get("skipped_checks", [])}
    explained = (CHART / "README.md").read_text()
    assert all(check in explained for check in skipped), skipped


def test_the_compose_file_mounts_files_that_exist_and_builds_the_repositorys_image() -> None:
    compose_dir = REPO / "deploy" / "compose"
    compose = yaml.safe_load((compose_dir / "docker-compose.yaml").read_text())
    assert set(compose["services"]) == {"kafka", "zeroview", "prometheus", "grafana"}
    assert (compose_dir / compose["services"]["zeroview"]["build"] / "Dockerfile").exists()
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            assert (compose_dir / source).exists(), f"{source} is mounted but does not exist"
    scrape = yaml.safe_load((compose_dir / "prometheus.yml").read_text())
    assert scrape["scrape_configs"][0]["job_name"] == "zeroview", "the alert rules select job=zeroview"
