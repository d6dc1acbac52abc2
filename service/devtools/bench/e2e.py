"""Draining a backlog into committed decisions: the e2e, two-process and passthrough figures.

The clock starts when the backlog becomes visible (its transaction commits) with every process
already ready, and stops when the reader has seen the last post's committed decision: start-up and
model loading are outside the window; fetching, decoding, scoring, producing, committing and the
transaction markers that make decisions readable are inside it, as a downstream consumer sees them.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Collection, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field

from service.devtools.bench import BenchError
from service.devtools.bench.kafka_io import Backlog, DecisionReader, create_topics, delete_topics
from service.devtools.bench.posts import BenchPost
from service.devtools.bench.processes import (
    BenchProcess,
    broker_pids,
    cpu_seconds,
    free_port,
    machine_busy_seconds,
    process_tree,
    wait_ready,
)
from service.settings import Settings


@dataclass
class DrainResult:
    posts: int
    seconds: float
    posts_per_second: float
    # percent of one core over the drain; the machine has os.cpu_count() of them
    cpu_percent: dict[str, float] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)
    shadow_decided: int | None = None  # posts a shadow model decided too (phases that run one)


class CpuMeter:
    """CPU of the service processes (each with its descendants: the scoring workers are the service's
    work), the broker, this process (with its sender) and everything else (`other`: a busy neighbour
    makes the figures of this run lower than the machine can do)."""

    def __init__(self, services: Sequence[BenchProcess]) -> None:
        self.pids = {process.name: process.pid for process in services}
        self.pids |= {f"broker-{pid}": pid for pid in broker_pids()}
        self.pids["bench"] = os.getpid()
        self._before = {name: self._tree(pid) for name, pid in self.pids.items()}
        self._machine_before = machine_busy_seconds()

    def _tree(self, pid: int) -> dict[int, float] | None:
        """The bench started the services: its own tree stops where theirs begin."""
        return _tree_cpu_seconds(pid, set(self.pids.values()) - {pid})

    def percent(self, seconds: float) -> dict[str, float]:
        """A process that exited meanwhile (another run's broker, stopped by its owner) counts as other;
        so does what a descendant used before it exited (a restarted worker)."""
        used = {}
        for name, pid in self.pids.items():
            before, now = self._before[name], self._tree(pid)
            if before is not None and now is not None:
                used[name] = sum(spent - before.get(member, 0.0) for member, spent in now.items())
        used["other"] = max(0.0, machine_busy_seconds() - self._machine_before - sum(used.values()))
        return {name: round(100 * spent / seconds, 1) for name, spent in used.items()}


def _tree_cpu_seconds(pid: int, stop_at: Collection[int]) -> dict[int, float] | None:
    """CPU seconds so far of `pid` and of each of its live descendants outside the `stop_at` trees;
    None if `pid` has exited."""
    times: dict[int, float] = {}
    for member in process_tree(pid, stop_at):
        try:
            times[member] = cpu_seconds(member)
        except OSError:  # exited: what it used is gone with it
            if member == pid:
                return None
    return times


def instance_settings(phase: Settings, instance: str) -> Settings:
    """One process's settings: its own instance (hence transactional) id and HTTP port."""
    return phase.model_copy(update={"instance_id": instance, "http_port": free_port()})


def open_phase(stack: ExitStack, settings: Settings) -> DecisionReader:
    """Create the phase's topics (deleted when `stack` closes) and a reader of its decisions."""
    created = create_topics(settings)
    stack.callback(delete_topics, settings, created)
    reader = DecisionReader(settings)
    stack.callback(reader.close)
    return reader


def drain(
    stack: ExitStack,
    settings: Settings,
    processes: Sequence[BenchProcess],
    reader: DecisionReader,
    posts: Sequence[BenchPost],
    id_prefix: str,
) -> DrainResult:
    """Stage `posts` while `processes` start, wait until all are ready, release and time the drain."""
    backlog = Backlog(settings, transactional_id=f"{settings.group_id}-backlog")
    stack.callback(backlog.close)
    backlog.stage(posts, id_prefix)
    wait_ready(list(processes))
    meter = CpuMeter(processes)
    released_at = backlog.release()

    def check() -> None:
        for process in processes:
            process.check_alive()

    # the slowest acceptable service (200 posts/s) still finishes; a stuck one fails the run
    reader.wait_for(len(posts), timeout=60 + len(posts) / 200, check=check)
    seconds = reader.last_at - released_at
    cpu = meter.percent(seconds)
    if reader.records > len(posts):  # exactly once is the service's contract: a duplicate is a bug
        raise BenchError(f"{reader.records - len(posts)} duplicate decisions in {reader.topic}")
    actions = Counter(json.loads(value)["action"] for value in reader.values)
    return DrainResult(
        posts=len(posts),
        seconds=round(seconds, 3),
        posts_per_second=len(posts) / seconds,
        cpu_percent=cpu,
        actions=dict(sorted(actions.items())),
    )
