"""What Prefect itself costs here: starting its temporary API server, one flow run, one task.

Measured with flows and tasks that do nothing, in the benchmark's process, on the same server the
nightly flow then uses. The first flow run starts the server (not part of any nightly run when
a server is already running, as in production; reported apart).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

__all__ = ["PrefectCost", "measure_prefect_cost"]


@dataclass(frozen=True)
class PrefectCost:
    server_start_seconds: float  # first flow run, server start included
    flow_run_seconds: float      # an empty flow run (wall)
    task_seconds: float          # one no-op task submitted among many and awaited (wall)
    tasks_measured: int
    flow_run_cpu_seconds: dict   # an empty flow run: CPU of this process and of Prefect's server
    task_cpu_seconds: dict       # one no-op task: the same, per task


@task(name="bench no-op", cache_policy=NO_CACHE)
def _noop(value: int) -> int:
    return value


@flow(name="claimwatch-bench-empty")
def _empty_flow() -> None:
    return None


@flow(name="claimwatch-bench-tasks")
def _tasks_flow(count: int) -> int:
    futures = [_noop.submit(i) for i in range(count)]
    return sum(f.result() for f in futures)


def _timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def _cpu_of(fn, cpu, *args) -> dict:
    """CPU seconds per process group (cpu() -> {group: seconds}) that running fn took."""
    before = cpu()
    fn(*args)
    time.sleep(0.3)  # the server finishes handling the run's last events
    after = cpu()
    return {group: round(after.get(group, 0.0) - before.get(group, 0.0), 4) for group in after}


def measure_prefect_cost(tasks: int = 100, repeats: int = 3, cpu=lambda: {}) -> PrefectCost:
    """`cpu`: a function giving CPU seconds per process group (bench.measure.Tree.cpu_seconds)."""
    first = _timed(_empty_flow)
    empty = min(_timed(_empty_flow) for _ in range(repeats))
    with_tasks = min(_timed(_tasks_flow, tasks) for _ in range(max(1, repeats - 1)))
    empty_cpu, tasks_cpu = _cpu_of(_empty_flow, cpu), _cpu_of(_tasks_flow, cpu, tasks)
    per_task = {g: round(max(0.0, tasks_cpu[g] - empty_cpu.get(g, 0.0)) / tasks, 5) for g in tasks_cpu}
    return PrefectCost(first, empty, max(0.0, with_tasks - empty) / tasks, tasks, empty_cpu, per_task)
