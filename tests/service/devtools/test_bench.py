"""`zeroview bench`: the post mix on its own, and a small run on the real Kafka that writes every field.

Benchmarks are not timed tests: nothing here asserts a speed, only that each figure is measured.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from service.devtools.bench.posts import MAX_CHARS, benchmark_posts, mix_summary
from service.devtools.bench.report import FIGURES


def test_the_benchmark_posts_follow_the_mix_and_repeat_for_a_seed() -> None:
    posts = benchmark_posts(3000, seed=7)
    mix = mix_summary(posts)

    assert benchmark_posts(50, seed=7) == posts[:50]
    assert 90 <= mix["median_chars"] <= 150
    assert mix["p99_chars"] > 600
    assert mix["max_chars"] <= MAX_CHARS + 5
    assert 0.015 <= mix["violating_share"] <= 0.05
    assert len(mix["languages"]) >= 8
    assert all(b'"post_id": "p-1"' in post.to_bytes("p-1", "2026-11-20T12:00:00+00:00") for post in posts[:5])


@pytest.mark.kafka
@pytest.mark.slow
def test_a_small_bench_run_writes_every_figure(kafka_bootstrap: str, tmp_path: Path) -> None:
    output = tmp_path / "bench.json"
    env = {name: value for name, value in os.environ.items() if not name.startswith("ZEROVIEW_")}
    env["ZEROVIEW_KAFKA_BOOTSTRAP"] = kafka_bootstrap
    small = [
        "--posts",
        "2000",
        "--latency-seconds",
        "3",
        "--latency-rate",
        "200",
        "400",
        "--model-posts",
        "500",
    ]
    run = subprocess.run(
        [sys.executable, "-m", "service.cli", "bench", "--output", str(output), *small],
        env=env,
        capture_output=True,
        text=True,
        timeout=400,  # 36 s on a quiet machine, 86 s with two other test processes and a training beside it
        check=False,
    )

    assert run.returncode == 0, f"stdout:\n{run.stdout[-3000:]}\nstderr:\n{run.stderr[-5000:]}"
    results = json.loads(output.read_text())
    for name in FIGURES:
        value = results[name]
        assert isinstance(value, int | float) and not isinstance(value, bool), (name, value)
        assert value > 0, (name, value)
    assert results["posts"]["count"] == 2000
    assert results["sizes"]["posts"] == 2000
    assert results["machine"]["cpu_count"] >= 1
    assert results["model_version"]
    assert {"bench", "service", "passthrough"} <= results["commands"].keys()
    assert "e2e_posts_per_second" in run.stdout
    assert results["latency_p99_seconds_by_rate"].keys() == {"200", "400"}
    assert results["latency_p99_seconds"] == results["latency_p99_seconds_by_rate"]["400"]
    assert {
        "latency_at_200_per_second_p99_seconds",
        "model_only_posts_per_second",
        "e2e_with_shadow_share_of_e2e",
    } <= results["acceptance"].keys()
    shadow = results["details"]["e2e_with_shadow"]
    assert shadow["shadow_decided"] > 0, shadow  # the shadow scored beside the live model
    assert (
        shadow["posts"] == 2000
        and round(shadow["posts_per_second"], 1) == results["e2e_with_shadow_posts_per_second"]
    )
    stages = results["details"]["latency_by_rate"]["200"]["batch_stage_means_seconds"]
    assert stages.keys() == {"queued", "scoring", "commit"} and all(mean >= 0 for mean in stages.values())
    for found in results["details"]["latency_by_rate"].values():  # each load's CPU, by process
        cpu = found["cpu_percent"]
        assert {"serve", "bench", "other"} <= cpu.keys() and cpu["serve"] > 0 and cpu["bench"] > 0, cpu
    assert run.stdout.count("    cpu: serve ") == 2
