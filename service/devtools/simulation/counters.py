"""The service's pre-view counters, read from its /metrics the way Prometheus would."""

from __future__ import annotations

import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

from service.settings import Settings


def preview_counters(settings: Settings) -> dict[str, float]:
    """{"removed|auto|false": n, ..., "overturned": n} summed over labels; empty if unreachable."""
    url = f"http://{settings.http_host}:{settings.http_port}/metrics"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            text = response.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return {}
    out: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "zeroview_violating_posts_removed_total":
                key = f"removed|{sample.labels['stage']}|{sample.labels['viewed_before_removal']}"
                out[key] = out.get(key, 0.0) + sample.value
            elif sample.name == "zeroview_removals_overturned_total":
                out["overturned"] = out.get("overturned", 0.0) + sample.value
    return out
