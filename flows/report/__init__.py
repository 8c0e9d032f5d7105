"""`claimwatch report`: one self-contained HTML page of charts and tables from the warehouse.

data.py reads (read-only SQL), periods.py buckets time, svg.py + charts.py + actor_charts.py draw, view.py picks the
charts, page.py lays out the HTML, export.py writes charts as SVG or PNG (PNG through headless
Chromium, see chromium.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flows.report.data import ReportData, read_report_data
from flows.report.page import render_page
from flows.report.view import ReportCharts, build_charts

__all__ = ["ReportData", "ReportCharts", "build_report", "write_report"]


def build_report(warehouse: str | Path, since: date | None = None,
                 wait_seconds: float = 0.0) -> tuple[ReportData, ReportCharts, str]:
    data = read_report_data(warehouse, since, wait_seconds)
    charts = build_charts(data)
    return data, charts, render_page(data, charts)


def write_report(warehouse: str | Path, out: str | Path, since: date | None = None,
                 wait_seconds: float = 0.0) -> tuple[Path, ReportCharts]:
    """Write the HTML report to `out`; returns its path and the charts (for exporting)."""
    _, charts, html = build_report(warehouse, since, wait_seconds)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out, charts
