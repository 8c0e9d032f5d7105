"""`claimwatch demo` ends with the path of a report that opens offline and shows its charts."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.config import Settings
from flows.report.chromium import Browser, find_chromium

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_output(prefect_harness, tmp_path_factory):
    from flows.demo import print_report, run_demo

    db = tmp_path_factory.mktemp("demo-report") / "claimwatch.duckdb"
    summary, settings = run_demo(Settings(), db)
    lines: list[str] = []
    print_report(summary, settings, write=lines.append)
    return lines


def test_demo_ends_with_the_report_path(demo_output):
    last = demo_output[-1]
    assert last.startswith("Report with charts")
    path = Path(last.rsplit(": ", 1)[1])
    assert path.is_file() and path.name == "report.html"
    assert path.read_text(encoding="utf-8").count('class="chart"') >= 4


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium on this machine (apt-get install -y chromium)")
def test_demo_report_opens_offline_with_its_charts(demo_output):
    path = Path(demo_output[-1].rsplit(": ", 1)[1])
    with Browser() as browser:
        tab = browser.open(path.resolve().as_uri())
        charts = tab.evaluate("[...document.querySelectorAll('svg.chart')].map(s => s.dataset.chart)")
        bars = tab.evaluate("document.querySelectorAll('svg.chart rect.bar').length")
        stances = tab.evaluate("[...new Set([...document.querySelectorAll('rect.bar')].map(r => r.dataset.series))].sort()")
        requested = tab.requested_urls()
        tab.close()
    assert {"actors-over-time", "actors-together", "feed-health"} <= set(charts)
    assert any(c.startswith("claim-") for c in charts) and bars > 0
    assert stances == ["denies", "supports"]  # the demo site restates and denies claims
    assert requested == [path.resolve().as_uri()]
    assert browser.sinkhole.hosts() <= {"127.0.0.1"}
