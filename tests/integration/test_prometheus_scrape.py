"""A real Prometheus (Debian's package) scrapes a running service: the recording rule gives the ratio
the scenario implies, and every Grafana panel's query returns data."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.devtools.bench.processes import free_port
from service.settings import Settings
from tests.support.kafka_io import TopicReader, post, producer, send_posts
from tests.support.scenario import texts_by_action
from tests.support.service_process import ServiceProcess, http_get, http_text, ready_service

pytestmark = [pytest.mark.kafka, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS_DIR = ROOT / "deploy" / "prometheus"
DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "zeroview.json"
RATE_INTERVAL = (
    "15s"  # what Grafana's $__rate_interval becomes at a 1 s scrape interval (4 x scrape + margin)
)


def start_prometheus(binary_dir: Path, target: str, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Prometheus scraping `target` every second, with the project's rules evaluated every second."""
    rules = []
    for name in ("recording_rules.yml", "alert_rules.yml"):
        document = yaml.safe_load((PROMETHEUS_DIR / name).read_text())
        for group in document["groups"]:
            group["interval"] = "1s"  # the 30-day group runs every 5 minutes in production
        path = workdir / name
        path.write_text(yaml.safe_dump(document))
        rules.append(str(path))
    config = {
        "global": {"scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s"},
        "rule_files": rules,
        "scrape_configs": [{"job_name": "zeroview", "static_configs": [{"targets": [target]}]}],
    }
    (workdir / "prometheus.yml").write_text(yaml.safe_dump(config))
    address = f"127.0.0.1:{free_port()}"
    process = subprocess.Popen(
        [
            str(binary_dir / "prometheus"),
            f"--config.file={workdir / 'prometheus.yml'}",
            f"--storage.tsdb.path={workdir / 'data'}",
            f"--web.listen-address={address}",
        ],
        stdout=(workdir / "prometheus.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://{address}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            http_text(url + "/-/ready")  # plain text; raises until Prometheus is ready
            return process, url
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise AssertionError((workdir / "prometheus.log").read_text()[-3000:])


def query(url: str, expr: str) -> list[dict[str, Any]]:
    status, body = http_get(f"{url}/api/v1/query?query={urllib.parse.quote(expr)}")
    assert status == 200 and body["status"] == "success", (expr, body)
    result: list[dict[str, Any]] = body["data"]["result"]
    return result


def wait_for(check: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def service(service_settings: Settings, tmp_path: Path) -> Iterator[ServiceProcess]:
    settings = service_settings.model_copy(update={"view_grace_seconds": 1.0})
    with ready_service(settings, tmp_path / "service.log") as process:
        yield process


def test_prometheus_computes_the_preview_ratio_and_every_panel_has_data(
    service: ServiceProcess, prometheus_bin: Path, tmp_path: Path
) -> None:
    settings = service.settings
    prometheus, url = start_prometheus(prometheus_bin, f"127.0.0.1:{settings.http_port}", tmp_path)
    try:
        # counters scraped at zero first, so the increases Prometheus computes are the scenario's
        wait_for(lambda: len(query(url, "zeroview_violating_posts_removed_total")) == 4, 30, "the counters")
        time.sleep(2)
        text = texts_by_action(service)
        removed = [post(text=text["remove"], lang="en") for _ in range(3)]
        reported = post(text=text["allow"], lang="en")
        held = post(text=text["hold"], lang="it")
        send_posts(settings, [*removed, reported, held])
        kafka = producer(settings)
        kafka.send(
            settings.topic_posts, key=b"broken", value=b"{not json"
        )  # one dead letter for the DLQ panel
        reader = TopicReader(settings, settings.topic_decisions)
        reader.wait_for(lambda records: len(records) >= 5, timeout=90)
        reader.close()
        now = datetime.now(UTC).isoformat()
        for body in (
            {
                "post_id": reported["post_id"],
                "verdict": "violating",
                "source": "report",
                "views_at_removal": 9,
                "labeled_at": now,
            },
            {
                "post_id": held["post_id"],
                "verdict": "benign",
                "source": "review",
                "views_at_removal": 0,
                "labeled_at": now,
            },
            {
                "post_id": removed[0]["post_id"],
                "verdict": "benign",
                "source": "appeal",
                "views_at_removal": 0,
                "labeled_at": now,
            },
        ):
            kafka.send(settings.topic_labels, key=body["post_id"].encode(), value=json.dumps(body).encode())
        kafka.flush()
        kafka.close()

        # 3 automatic removals before any view, 1 human removal after 9 views: 3 / 4
        def ratio(rule: str) -> float | None:
            result = query(url, rule)
            value = float(result[0]["value"][1]) if result else None
            return value if value is not None and abs(value - 0.75) < 0.005 else None

        # the human removal counts at once, the automatic ones after their grace period: wait for both
        for rule in ("zeroview:preview_removal_ratio:rate1h", "zeroview:preview_removal_ratio:rate30d"):
            assert wait_for(lambda rule=rule: ratio(rule), 40, f"{rule} to reach 0.75") == pytest.approx(
                0.75, abs=0.005
            )

        dashboard = json.loads(DASHBOARD.read_text())
        expressions = [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]
        empty = [
            expr for expr in expressions if not query(url, re.sub(r"\$__rate_interval", RATE_INTERVAL, expr))
        ]
        assert not empty, f"panels without data: {empty}"
        rules = http_get(f"{url}/api/v1/rules")[1]["data"]["groups"]
        unhealthy = [rule["name"] for group in rules for rule in group["rules"] if rule["health"] != "ok"]
        assert not unhealthy, unhealthy
    finally:
        prometheus.send_signal(signal.SIGTERM)
        prometheus.wait(30)
