"""Choosing where the nightly flow's tasks run: threads here, or a Dask cluster.

Tasks are the parallel, stateless work (fetch a feed, fetch and extract a batch of pages, match a
batch of articles): any machine can do them. The flow body, which reads and writes DuckDB, stays
in the flow process whatever the runner, because a DuckDB file has one writer.
"""

from __future__ import annotations

import threading

from flows.config import RunnerSettings

__all__ = ["build_task_runner", "describe_runner", "shared_matcher"]


def build_task_runner(runner: RunnerSettings):
    """A Prefect task runner for `runner`: ThreadPoolTaskRunner (default) or DaskTaskRunner."""
    if runner.kind == "local":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner()
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError as exc:  # an optional extra: keep the default install light
        raise RuntimeError("runner.kind = 'dask' needs prefect-dask: pip install 'claimwatch[dask]'") from exc
    if runner.dask_address:
        return DaskTaskRunner(address=runner.dask_address)
    # A temporary cluster on this machine: one single-threaded process per worker, because
    # extraction and matching are CPU-bound Python that threads cannot run in parallel.
    return DaskTaskRunner(cluster_kwargs={
        "n_workers": runner.dask_workers,
        "threads_per_worker": 1,
        "processes": True,
        "dashboard_address": None,
    })


def describe_runner(runner: RunnerSettings) -> str:
    if runner.kind == "local":
        return "local threads"
    if runner.dask_address:
        return f"Dask cluster at {runner.dask_address}"
    return f"temporary local Dask cluster ({runner.dask_workers} worker processes)"


# One matcher per process and catalogue version. A matcher holds compiled automata and an
# embedding model that cannot be pickled and take seconds to build, so tasks carry the catalogue
# (plain dataclasses) and each process, the flow's own or a Dask worker's, builds its matcher once.
_matchers: dict = {}
_matcher_modes: dict = {}  # catalogue version -> the `semantic` its matcher was built with
_matchers_lock = threading.Lock()


def shared_matcher(catalogue, cache_dir=None, semantic: bool | None = None):
    """One matcher per process and catalogue; `cache_dir` ([matcher] cache_dir) keeps claim
    embeddings between processes; `semantic` is [matcher] semantic."""
    from extractors.matcher import Matcher

    with _matchers_lock:
        matcher = _matchers.get(catalogue.version)
        if matcher is None or _matcher_modes.get(catalogue.version) != semantic:
            _matchers.clear()  # a long-lived worker keeps only the current catalogue's matcher
            matcher = _matchers[catalogue.version] = Matcher(catalogue, cache_dir=cache_dir, semantic=semantic)
            _matcher_modes[catalogue.version] = semantic
    return matcher
