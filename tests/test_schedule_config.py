"""The [schedule] and [runner] config keys: typed, defaulted, and refused when wrong."""

import pytest

from extractors.errors import ConfigError
from flows.config import RunnerSettings, ScheduleSettings, Settings, settings_from_dict
from flows.runner import build_task_runner, describe_runner


def test_defaults_run_nightly_at_two_utc_on_local_threads():
    settings = Settings()
    assert settings.schedule == ScheduleSettings(cron="0 2 * * *", timezone="UTC", deployment="nightly",
                                                 lock_stale_after_seconds=6 * 3600.0)
    assert settings.runner.kind == "local" and settings.runner.dask_address is None


def test_schedule_and_runner_are_read():
    settings = settings_from_dict({
        "schedule": {"cron": "30  3 * * 1-5", "timezone": "Europe/Paris", "deployment": "paris-nightly",
                     "lock_stale_after_seconds": 7200},
        "runner": {"kind": "dask", "dask_address": "tcp://10.0.0.5:8786"},
    })
    assert settings.schedule == ScheduleSettings("30 3 * * 1-5", "Europe/Paris", "paris-nightly", 7200.0)
    assert settings.runner == RunnerSettings(kind="dask", dask_address="tcp://10.0.0.5:8786")
    assert describe_runner(settings.runner) == "Dask cluster at tcp://10.0.0.5:8786"


@pytest.mark.parametrize("data, named", [
    ({"schedule": {"cron": "0 2 * *"}}, "schedule.cron"),
    ({"schedule": {"cron": 2}}, "schedule.cron"),
    ({"schedule": {"timezone": "Europe/Atlantis"}}, "schedule.timezone"),
    ({"schedule": {"deployment": "my nightly"}}, "schedule.deployment"),
    ({"schedule": {"lock_stale_after_seconds": 0}}, "schedule.lock_stale_after_seconds"),
    ({"schedule": {"every": "day"}}, "schedule.every"),
    ({"runner": {"kind": "ray"}}, "runner.kind"),
    ({"runner": {"kind": "dask", "dask_address": "10.0.0.5:8786"}}, "runner.dask_address"),
    ({"runner": {"dask_address": "tcp://10.0.0.5:8786"}}, "runner.dask_address"),
    ({"runner": {"kind": "dask", "dask_workers": 0}}, "runner.dask_workers"),
])
def test_wrong_values_are_refused_naming_the_key(data, named):
    with pytest.raises(ConfigError, match=named.replace(".", r"\.")):
        settings_from_dict(data)


def test_task_runner_follows_the_settings():
    from prefect.task_runners import ThreadPoolTaskRunner
    from prefect_dask import DaskTaskRunner

    assert isinstance(build_task_runner(RunnerSettings()), ThreadPoolTaskRunner)
    remote = build_task_runner(RunnerSettings(kind="dask", dask_address="tcp://127.0.0.1:8786"))
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://127.0.0.1:8786"
    local = build_task_runner(RunnerSettings(kind="dask", dask_workers=3))
    assert local.address is None and local.cluster_kwargs["n_workers"] == 3
