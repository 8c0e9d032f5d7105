"""`claimwatch serve`: the nightly run as a Prefect deployment with a cron schedule.

Why `flow.serve` (a Runner in the `claimwatch serve` process) and not a work pool and worker:
a run must happen on the machine that holds the DuckDB file, and only one at a time, so there is
nothing to place on other infrastructure. Serve is one process to keep alive (systemd), with no
pool or worker to configure. Scaling out happens below the flow, at the task level, with Dask
(flows/runner.py), which a served run uses exactly like a run started by hand.

The served flow takes plain parameters (a config path and a warehouse override), loads the
settings inside the run, and runs the nightly flow as a subflow with the configured task runner.
So an edited config takes effect the next night, without serving again.

Never two runs at once: the deployment has a concurrency limit of 1 (later runs wait), and the
nightly flow takes the warehouse's run lock (flows/run_lock.py), which also covers runs started
by hand. Missed nights are caught up once: when serving starts after a missed night it starts one
catch-up run, and the first run to start cancels the other missed (late) scheduled runs, since
one run fetches everything the feeds offer since the last.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import flow, get_client, get_run_logger
from prefect.runtime import flow_run

from flows.config import Settings, load_settings
from flows.nightly import run_nightly

__all__ = ["served_nightly", "serve", "wait_for_server", "catch_up_due", "supersede_missed_runs", "FLOW_NAME", "CATCH_UP_TAG"]

log = logging.getLogger("claimwatch")

FLOW_NAME = "claimwatch"
CATCH_UP_TAG = "catch-up"


@flow(name=FLOW_NAME, log_prints=False)
def served_nightly(config_path: str | None = None, db: str | None = None, force_all_feeds: bool = False) -> dict:
    """One nightly run of a served deployment: settings from `config_path`, then the nightly flow."""
    logger = get_run_logger()
    settings = load_settings(config_path).with_db(db)
    with get_client(sync_client=True) as client:
        me = client.read_flow_run(flow_run.get_id())
        trigger = "schedule" if me.auto_scheduled else (CATCH_UP_TAG if CATCH_UP_TAG in me.tags else "deployment")
        superseded = supersede_missed_runs(client, me.deployment_id, me.id, datetime.now(timezone.utc))
    if superseded:
        logger.info("this run catches up %d missed scheduled runs, cancelled: %s", len(superseded),
                    ", ".join(str(i) for i in superseded))
    summary = run_nightly(settings, trigger=trigger, force_all_feeds=force_all_feeds)
    return {"run_id": summary.run_id, "trigger": trigger, "counts": summary.counts, "errors": summary.errors}


def supersede_missed_runs(client, deployment_id, my_id, now: datetime) -> list:
    """Cancel the other runs of this deployment that were due by now and have not started:
    scheduled nights that were missed and catch-up runs. Runs asked for by hand are left alone."""
    from prefect.client.schemas.filters import (
        DeploymentFilter, DeploymentFilterId, FlowRunFilter, FlowRunFilterExpectedStartTime,
        FlowRunFilterState, FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.states import Cancelled

    if deployment_id is None:
        return []
    waiting = client.read_flow_runs(
        deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED, StateType.PENDING])),
            expected_start_time=FlowRunFilterExpectedStartTime(before_=now),
        ),
        # The sync client sends null for a missing sort or limit, which the API refuses.
        sort=FlowRunSort.EXPECTED_START_TIME_ASC, limit=200,
    )
    superseded = []
    for run in waiting:
        if run.id != my_id and (run.auto_scheduled or CATCH_UP_TAG in (run.tags or [])):
            message = f"superseded by run {my_id}: one run catches up every missed night"
            client.set_flow_run_state(run.id, Cancelled(message=message), force=True)
            superseded.append(run.id)
    return superseded


def catch_up_due(last_started: datetime | None, cron: str, tz: str, now: datetime) -> bool:
    """True when the schedule fired (in `tz`) after the last run started: a night was missed.
    A warehouse that never ran waits for its first scheduled night."""
    if last_started is None:
        return False
    from prefect._vendor.croniter import croniter

    previous_fire = croniter(cron, now.astimezone(ZoneInfo(tz))).get_prev(datetime)
    return previous_fire > last_started


def _last_run_start(settings: Settings) -> datetime | None:
    from warehouse.db import WarehouseLocked, open_warehouse
    from warehouse.run_lock import last_run_start

    if not Path(settings.warehouse_path).exists():
        return None
    try:
        with open_warehouse(settings.warehouse_path, read_only=True, wait_seconds=settings.lock_wait_seconds) as con:
            return last_run_start(con)
    except WarehouseLocked:  # a run is writing: it is not a missed night
        return datetime.now(timezone.utc)


def _missed_run_waiting(client, deployment_id, now: datetime) -> bool:
    from prefect.client.schemas.filters import (
        DeploymentFilter, DeploymentFilterId, FlowRunFilter, FlowRunFilterExpectedStartTime,
        FlowRunFilterState, FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort

    runs = client.read_flow_runs(
        deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
        flow_run_filter=FlowRunFilter(
            state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED, StateType.PENDING, StateType.RUNNING])),
            expected_start_time=FlowRunFilterExpectedStartTime(before_=now),
        ),
        sort=FlowRunSort.EXPECTED_START_TIME_ASC, limit=1,
    )
    return bool(runs)


def _start_catch_up_if_due(settings: Settings, deployment_id, cron: str, tz: str) -> None:
    now = datetime.now(timezone.utc)
    last = _last_run_start(settings)
    if not catch_up_due(last, cron, tz, now):
        return
    with get_client(sync_client=True) as client:
        if _missed_run_waiting(client, deployment_id, now):
            return  # a late scheduled run is there already and will catch up
        run = client.create_flow_run_from_deployment(deployment_id, tags=[CATCH_UP_TAG])
    log.info("the last run started %s, before the last scheduled night: catch-up run %s starts now", last, run.id)


def wait_for_server(timeout_seconds: float) -> Exception | None:
    """Wait until the Prefect API answers (under systemd both may start at once): None when it
    does, else the last error once `timeout_seconds` have passed."""
    deadline = time.monotonic() + timeout_seconds
    with get_client(sync_client=True) as client:
        while (error := client.api_healthcheck()) is not None and time.monotonic() < deadline:
            time.sleep(2)
    return error


def serve(settings: Settings, config_path: str | None, db: str | None, cron: str, tz: str) -> None:
    """Register the deployment on the Prefect server at PREFECT_API_URL and run it on schedule,
    until interrupted. Blocks."""
    from prefect import serve as prefect_serve
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.deployments.runner import EntrypointType
    from prefect.schedules import Cron

    parameters = {"config_path": str(Path(config_path).resolve()) if config_path else None,
                  "db": str(Path(db).resolve()) if db else None}
    deployment = served_nightly.to_deployment(
        name=settings.schedule.deployment,
        schedules=[Cron(cron, timezone=tz)],
        parameters=parameters,
        # One run at a time; a run asked for while one is going waits for it (ENQUEUE).
        concurrency_limit=ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE),
        description="claimwatch nightly run: fetch feeds, extract, match claims, store in DuckDB, alert.",
        tags=["claimwatch"],
        entrypoint_type=EntrypointType.MODULE_PATH,  # importable wherever claimwatch is installed
    )
    deployment_id = deployment.apply()
    _start_catch_up_if_due(settings, deployment_id, cron, tz)
    # pause_on_shutdown=False: while `serve` is down the schedule stays on, so missed nights show
    # up as late runs in the UI and are caught up (once) when it comes back.
    prefect_serve(deployment, limit=1, pause_on_shutdown=False)
