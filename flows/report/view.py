"""Turn report data into the set of charts the page shows (and `--format svg|png` exports)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flows.report.actor_charts import actor_timeline, cooccurrence_chart
from flows.report.charts import claim_timeline, feed_health_chart, sparkline
from flows.report.data import ReportData
from flows.report.periods import periods_for
from flows.report.svg import Chart

__all__ = ["ReportCharts", "build_charts"]


@dataclass(frozen=True)
class ReportCharts:
    claims: dict[str, Chart]  # claim_id -> timeline
    actors_over_time: Chart
    actors_together: Chart
    feeds: Chart
    sparklines: dict[str, str]  # claim_id -> a tiny inline SVG for the overview table (not exported)

    def all(self) -> list[Chart]:
        return [*self.claims.values(), self.actors_over_time, self.actors_together, self.feeds]


def build_charts(data: ReportData) -> ReportCharts:
    # One time axis for every timeline, so two claims' charts can be compared side by side.
    first, last = data.days or (date.today(), date.today())
    periods = periods_for(first, last)
    return ReportCharts(
        claims={trend.claim_id: claim_timeline(trend, periods) for trend in data.claims},
        actors_over_time=actor_timeline(data.actors, periods),
        actors_together=cooccurrence_chart(data.actors),
        feeds=feed_health_chart(data.feeds),
        sparklines={trend.claim_id: sparkline(trend, periods) for trend in data.claims},
    )
