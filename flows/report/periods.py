"""Time buckets for the x axis: days while a chart spans two months, weeks up to two years, then
months, so a timeline never has hundreds of hair-thin bars. Empty buckets stay on the axis: a gap
in the news is part of the story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["Periods", "periods_for"]

MAX_DAILY_SPAN = 62
MAX_WEEKLY_SPAN = 730


@dataclass(frozen=True)
class Periods:
    unit: str                 # day, week or month
    starts: tuple[date, ...]  # first day of each bucket, in order

    def bucket(self, day: date) -> date:
        if self.unit == "week":
            return day - timedelta(days=day.weekday())
        if self.unit == "month":
            return day.replace(day=1)
        return day

    def sum_by_bucket(self, counts: dict[date, int]) -> dict[date, int]:
        totals = {start: 0 for start in self.starts}
        for day, count in counts.items():
            totals[self.bucket(day)] = totals.get(self.bucket(day), 0) + count
        return totals

    def label(self, start: date) -> str:
        return start.strftime("%Y-%m") if self.unit == "month" else start.isoformat()


def periods_for(first: date, last: date) -> Periods:
    span = (last - first).days
    unit = "day" if span <= MAX_DAILY_SPAN else "week" if span <= MAX_WEEKLY_SPAN else "month"
    probe = Periods(unit, ())
    start, end = probe.bucket(first), probe.bucket(last)
    starts = []
    while start <= end:
        starts.append(start)
        start = _next(start, unit)
    return Periods(unit, tuple(starts))


def _next(start: date, unit: str) -> date:
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
