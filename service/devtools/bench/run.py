"""`zeroview bench`: every phase in one run, on the same posts, so the figures can be compared.

Phases run one after another, never side by side: each has the machine (2 cores here) to itself
apart from the broker. Each phase has its own topics, group and instance ids, deleted or stopped
when it ends, also on Ctrl-C or failure.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import signal
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from types import FrameType
from typing import Any

import kafka

from service.contracts import utc_now
from service.devtools.bench import BenchError
from service.devtools.bench.e2e import CpuMeter, DrainResult, drain, instance_settings, open_phase
from service.devtools.bench.kafka_io import phase_settings
from service.devtools.bench.latency import LatencyResult, measure_latency
from service.devtools.bench.model_only import measure_model_only
from service.devtools.bench.posts import BenchPost, benchmark_posts, mix_summary
from service.devtools.bench.processes import BenchProcess, peak_rss_bytes, start_passthrough, start_service
from service.devtools.bench.report import acceptance, print_table, write_results
from service.settings import Settings

log = logging.getLogger(__name__)


def _passthrough(settings: Settings, tag: str, posts: list[BenchPost], log_dir: Path) -> DrainResult:
    with ExitStack() as stack:
        reader = open_phase(stack, settings)
        process = start_passthrough("passthrough", instance_settings(settings, f"bench-{tag}-pt"), log_dir)
        stack.callback(process.stop)
        return drain(stack, settings, [process], reader, posts, f"pt-{tag}")


def _one_service(
    settings: Settings, tag: str, posts: list[BenchPost], args: argparse.Namespace, log_dir: Path
) -> tuple[DrainResult, dict[float, LatencyResult], dict[str, int]]:
    """The e2e drain, then (on the same, now warm, process) the latency at each steady load."""
    with ExitStack() as stack:
        reader = open_phase(stack, settings)
        service = start_service("serve", instance_settings(settings, f"bench-{tag}-e2e"), log_dir)
        stack.callback(service.stop)
        e2e = drain(stack, settings, [service], reader, posts, f"e2e-{tag}")
        rss_e2e = peak_rss_bytes(service.pid)
        latency = {}
        for rate in sorted(args.latency_rate):
            log.info("latency at %g posts/s for %gs", rate, args.latency_seconds)
            before, meter, started = service.batch_stages(), CpuMeter([service]), time.monotonic()
            latency[rate] = measure_latency(
                settings, posts, rate, args.latency_seconds, f"lat-{tag}-{rate:g}", service.check_alive
            )
            latency[rate].cpu_percent = meter.percent(time.monotonic() - started)
            latency[rate].batch_stage_means_seconds = stage_means(before, service.batch_stages())
        rss = {"after_e2e": rss_e2e, "after_latency": peak_rss_bytes(service.pid)}
        return e2e, latency, rss


def stage_means(
    before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]
) -> dict[str, float]:
    """Mean seconds per batch of each stage between two readings of the service's histogram."""
    means = {}
    for stage, (total, count) in after.items():
        total_before, count_before = before.get(stage, (0.0, 0.0))
        if count > count_before:
            means[stage] = round((total - total_before) / (count - count_before), 4)
    return means


def _services(
    settings: Settings, tag: str, posts: list[BenchPost], log_dir: Path, count: int, name: str
) -> tuple[DrainResult, list[int]]:
    """A drain by `count` `zeroview serve` processes in one group, and each one's peak RSS."""
    with ExitStack() as stack:
        reader = open_phase(stack, settings)
        services: list[BenchProcess] = []
        for index in range(count):
            instance = instance_settings(settings, f"bench-{tag}-{name}-{index}")
            services.append(start_service(f"serve-{index}", instance, log_dir))
            stack.callback(services[-1].stop)
        result = drain(stack, settings, services, reader, posts, f"{name}-{tag}")
        if settings.shadow_model_dir is not None:  # how many posts the shadow decided too
            result.shadow_decided = int(
                sum(service.counter_total("zeroview_shadow_decisions") for service in services)
            )
        return result, [peak_rss_bytes(service.pid) for service in services]


def _more_drains(
    args: argparse.Namespace, settings: Settings, tag: str, backlog: list[BenchPost], log_dir: Path
) -> dict[str, tuple[DrainResult, list[int]]]:
    """The drains beside the one-service e2e: two services in one group; one with a shadow model."""
    more = {}
    if not args.skip_two_process:
        log.info("e2e: draining %d posts with two `zeroview serve` in one group", len(backlog))
        phase = phase_settings(settings, tag, "two", args.partitions)
        more["e2e_two_processes"] = _services(phase, tag, backlog, log_dir, 2, "two")
    if not args.skip_shadow:
        log.info(
            "e2e: draining %d posts with a shadow model (the same model) beside the live one", len(backlog)
        )
        phase = phase_settings(settings, tag, "shadow", args.partitions)
        phase = phase.model_copy(update={"shadow_model_dir": settings.model_dir})
        more["e2e_with_shadow"] = _services(phase, tag, backlog, log_dir, 1, "shadow")
    return more


def run(args: argparse.Namespace, settings: Settings) -> dict[str, Any]:
    started, started_at = time.monotonic(), utc_now()
    tag = uuid.uuid4().hex[:8]
    log.info("generating %d benchmark posts (seed %d)", max(args.posts, args.model_posts), args.seed)
    posts = benchmark_posts(max(args.posts, args.model_posts), args.seed)
    log.info("model only: %d posts in batches of %d", args.model_posts, settings.max_batch)
    model = measure_model_only(settings, posts[: args.model_posts])
    backlog = posts[: args.posts]
    with tempfile.TemporaryDirectory(prefix="zeroview-bench-") as tmp:
        log_dir = Path(tmp)
        log.info("kafka passthrough: draining %d posts", len(backlog))
        phase = phase_settings(settings, tag, "passthrough", args.partitions)
        passthrough = _passthrough(phase, tag, backlog, log_dir)
        log.info("e2e: draining %d posts with one `zeroview serve`", len(backlog))
        phase = phase_settings(settings, tag, "e2e", args.partitions)
        e2e, latency, rss = _one_service(phase, tag, backlog, args, log_dir)
        more = _more_drains(args, settings, tag, backlog, log_dir)
    results: dict[str, Any] = {
        "model_only_posts_per_second": round(model.posts_per_second, 1),
        "kafka_passthrough_posts_per_second": round(passthrough.posts_per_second, 1),
        "e2e_posts_per_second": round(e2e.posts_per_second, 1),
        **{
            f"{phase}_posts_per_second": round(more[phase][0].posts_per_second, 1) if phase in more else None
            for phase in ("e2e_two_processes", "e2e_with_shadow")
        },
        # at the highest load; every load's figures are in latency_p99_seconds_by_rate and details
        "latency_p50_seconds": latency[max(latency)].p50_seconds,
        "latency_p99_seconds": latency[max(latency)].p99_seconds,
        "latency_p99_seconds_by_rate": {f"{rate:g}": found.p99_seconds for rate, found in latency.items()},
        "peak_rss_bytes": max(rss.values()),  # one service without a shadow model, as deployed
    }
    results["acceptance"] = acceptance(results)
    results |= {
        "model_version": model.model_version,
        "posts": mix_summary(backlog),
        "sizes": {
            "posts": args.posts,
            "model_posts": args.model_posts,
            "latency_seconds": args.latency_seconds,
            "latency_rate": args.latency_rate,
            "partitions": args.partitions,
            "max_batch": settings.max_batch,
            "seed": args.seed,
        },
        "machine": _machine(settings),
        "commands": _commands(args),
        "details": {
            "model_only": asdict(model),
            "kafka_passthrough": asdict(passthrough),
            "e2e": asdict(e2e) | {"peak_rss_bytes": rss},
            "latency": asdict(latency[max(latency)]),
            "latency_by_rate": {f"{rate:g}": asdict(found) for rate, found in latency.items()},
            **{phase: asdict(result) | {"peak_rss_bytes": rss} for phase, (result, rss) in more.items()},
        },
        "started_at": started_at.isoformat(),
        "duration_seconds": round(time.monotonic() - started, 1),
    }
    return results


def _installed(package: str) -> str | None:
    """The package's version, None where it is not installed (the service image has no training extra)."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _machine(settings: Settings) -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "kafka_python": kafka.__version__,
        "scikit_learn": _installed("scikit-learn"),  # trains the model; the service does not import it
        "platform": platform.platform(),
        "kafka_bootstrap": settings.kafka_bootstrap,
    }


def _commands(args: argparse.Namespace) -> dict[str, str]:
    sizes = (
        f"--posts {args.posts} --model-posts {args.model_posts} --latency-seconds {args.latency_seconds:g} "
        f"--latency-rate {' '.join(f'{rate:g}' for rate in args.latency_rate)} --partitions {args.partitions} --seed {args.seed}"
    )
    skip = (" --skip-two-process" if args.skip_two_process else "") + (
        " --skip-shadow" if args.skip_shadow else ""
    )
    return {
        "bench": f"zeroview bench --output {args.output} {sizes}{skip}",
        "service": f"{sys.executable} -m service.cli serve  (ZEROVIEW_* per phase: topics, group, instance, port)",
        "passthrough": f"{sys.executable} -m service.devtools.bench.passthrough --ready-file F  (ZEROVIEW_* as serve)",
        "model_only": "in process: Scorer.decide on batches of ZEROVIEW_MAX_BATCH decoded posts",
    }


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)  # unwinds the phases: processes stop


def main(args: argparse.Namespace, settings: Settings) -> int:
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        results = run(args, settings)
    except BenchError as exc:
        log.error("benchmark failed: %s", exc)
        return 1
    except KeyboardInterrupt:
        log.error("benchmark interrupted; every process it started is stopped")
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    write_results(results, args.output)
    print_table(results, sys.stdout)
    print(f"\nresults written to {args.output}")
    return 0
