"""When serving starts after a missed night, one catch-up run is due; otherwise none."""

from datetime import datetime, timezone

import pytest

from flows.schedule import catch_up_due

PARIS_2AM = ("0 2 * * *", "Europe/Paris")


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize("last_started, now, due", [
    (None, utc(2026, 3, 10, 12), False),                    # never ran: wait for the first night
    (utc(2026, 3, 10, 1, 0), utc(2026, 3, 10, 12), False),  # ran at 02:00 Paris (01:00 UTC) today
    (utc(2026, 3, 9, 1, 0), utc(2026, 3, 10, 12), True),    # last ran yesterday: today's night missed
    (utc(2026, 3, 2, 1, 0), utc(2026, 3, 10, 12), True),    # a week missed: still one catch-up
    (utc(2026, 3, 9, 1, 0), utc(2026, 3, 10, 0, 30), False),  # 01:30 Paris: tonight's run not due yet
])
def test_catch_up_is_due_only_after_a_missed_scheduled_night(last_started, now, due):
    assert catch_up_due(last_started, *PARIS_2AM, now) is due


def test_the_schedule_is_read_in_its_time_zone():
    # 02:00 in Paris is 00:00 UTC in summer: at 00:30 UTC tonight's run was due.
    assert catch_up_due(utc(2026, 7, 9, 2, 0), *PARIS_2AM, utc(2026, 7, 10, 0, 30))
    assert not catch_up_due(utc(2026, 7, 9, 2, 0), "0 2 * * *", "UTC", utc(2026, 7, 10, 0, 30))
