"""The report as a reader sees it: rendered by headless Chromium from a hand-built warehouse with
known counts, checked in the live DOM (numbers and drawn sizes of the marks), screenshotted,
printed, and watched for network requests: the page's own (DevTools Network events) and the
browser's (every request Chromium makes goes through a refusing, recording proxy on loopback)."""

from __future__ import annotations

import struct

import pytest

from flows.report import write_report
from flows.report.chromium import Browser, find_chromium
from tests.test_report import ACTORS, C1_PER_DAY, LATEST_RUN_ALERTS, PAIRS, build_warehouse

pytestmark = pytest.mark.skipif(
    find_chromium() is None,
    reason="no Chromium on this machine (apt-get install -y chromium; .ci/run installs it)",
)

LAPTOP = (1366, 768)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report-browser")
    build_warehouse(folder / "known.duckdb")
    out, _ = write_report(folder / "known.duckdb", folder / "report.html")
    with Browser() as browser:
        tab = browser.open(out.resolve().as_uri(), *LAPTOP)
        yield out, tab
        tab.close()


BARS_JS = """
[...document.querySelectorAll('svg[data-chart="claim-C1"] rect.bar')].map(r => ({
  series: r.dataset.series, period: r.dataset.period, value: Number(r.dataset.value),
  tip: r.querySelector('title').textContent, height: r.getBoundingClientRect().height }))
"""


def test_each_claim_bar_shows_its_count_and_is_drawn_to_scale(page):
    _, tab = page
    bars = tab.evaluate(BARS_JS)
    shown = {(b["period"], b["series"]): b["value"] for b in bars}
    expected = {(day, stance): n for day, (s, d) in C1_PER_DAY.items() for stance, n in (("supports", s), ("denies", d)) if n}
    assert shown == expected
    assert all(f"{b['value']} articles {b['series']}" in b["tip"] for b in bars)
    per_article = {round(b["height"] / b["value"], 1) for b in bars}
    assert len(per_article) == 1 and per_article.pop() > 10  # every bar: same pixels per article, and visible


def test_totals_axes_and_legends_are_on_screen(page):
    _, tab = page
    totals = tab.evaluate("[...document.querySelectorAll('svg[data-chart=\"claim-C1\"] text.total')].map(t => t.textContent)")
    assert totals == [str(s + d) for s, d in C1_PER_DAY.values()]
    labels = tab.evaluate("[...document.querySelectorAll('svg.chart .axis-label')].map(t => t.textContent)")
    assert "articles" in labels and "day (UTC)" in labels
    legend = tab.evaluate("[...document.querySelectorAll('svg[data-chart=\"claim-C1\"] .legend-item')].map(t => t.textContent)")
    assert legend == ["supports", "denies"]


def test_actor_charts_show_the_known_counts(page):
    _, tab = page
    cells = tab.evaluate("""Object.fromEntries([...document.querySelectorAll('svg[data-chart="actors-together"] rect.cell')]
        .map(c => [c.dataset.row + '|' + c.dataset.col, Number(c.dataset.value)]))""")
    for (a, b), n in PAIRS.items():
        assert cells[f"{a}|{b}"] == cells[f"{b}|{a}"] == n
    assert cells["turkey|turkey"] == 7
    strip = tab.evaluate("""Object.fromEntries([...document.querySelectorAll('svg[data-chart="actors-over-time"] rect.cell')]
        .map(c => [c.dataset.row + '|' + c.dataset.period, Number(c.dataset.value)]))""")
    assert strip["turkey|2020-10-13"] == 2 and strip["turkey|2020-10-12"] == 0 and strip["russia|2020-10-14"] == 1
    rows = tab.evaluate("[...document.querySelectorAll('svg[data-chart=\"actors-over-time\"] g.actor-row')].map(g => g.dataset.actor)")
    assert rows[0] == "turkey" and set(rows) == set(ACTORS)
    totals = tab.evaluate("[...document.querySelectorAll('svg[data-chart=\"actors-over-time\"] text.total')].map(t => t.textContent)")
    assert totals[0] == "7"


def test_feeds_and_alerts_are_shown(page):
    _, tab = page
    states = tab.evaluate("Object.fromEntries([...document.querySelectorAll('g.feed')].map(g => [g.dataset.feed, g.dataset.state]))")
    assert states == {"wire": "ok", "monitor": "ok", "broken": "failing", "quiet": "never"}
    assert tab.evaluate("document.querySelectorAll('tr.alert').length") == len(LATEST_RUN_ALERTS)


def test_fits_a_laptop_screen_and_screenshots(page, tmp_path):
    _, tab = page
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    widths = tab.evaluate("[...document.querySelectorAll('svg.chart')].map(s => s.getBoundingClientRect().width)")
    assert len(widths) == 5 and min(widths) > 300
    shot = tmp_path / "report.png"
    tab.screenshot(shot, full_page=True)
    width, height = png_size(shot.read_bytes())
    assert width == LAPTOP[0] and height > LAPTOP[1]


def test_prints_without_cutting_charts(page):
    _, tab = page
    tab.emulate_media("print")
    try:
        overflow = tab.evaluate("""[...document.querySelectorAll('svg.chart')].filter(s =>
            s.getBoundingClientRect().right > document.querySelector('main').getBoundingClientRect().right + 1).length""")
        hidden = tab.evaluate("getComputedStyle(document.querySelector('a.download')).display")
        pdf = tab.print_pdf()
    finally:
        tab.emulate_media("screen")
    assert overflow == 0 and hidden == "none"
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page/") >= 1


def test_the_page_requests_nothing_and_its_policy_blocks_fetches(page):
    out, tab = page
    browser = tab.browser
    attempt = tab.evaluate(f"fetch('{browser.sinkhole.url}/leak').then(() => 'loaded', () => 'blocked')", await_promise=True)
    assert attempt == "blocked"
    assert tab.requested_urls() == [out.resolve().as_uri()]
    # Every request Chromium makes goes to the sinkhole proxy: its own services may knock
    # (aimed at loopback by the launch flags), but nothing for the page and nothing beyond loopback.
    assert browser.sinkhole.hosts() <= {"127.0.0.1"}
    assert not [r for r in browser.sinkhole.requests if "/leak" in r or "example" in r]
    # And the sinkhole does see what a page without the policy would fetch.
    probe = browser.open("about:blank")
    probe.evaluate("fetch('http://claimwatch-probe.invalid/x').then(() => 1, () => 0)", await_promise=True)
    probe.close()
    assert "claimwatch-probe.invalid" in browser.sinkhole.hosts()


def test_png_export_renders_every_chart_at_twice_its_size(tmp_path):
    from flows.report.export import export_charts

    build_warehouse(tmp_path / "known.duckdb")
    _, charts = write_report(tmp_path / "known.duckdb", tmp_path / "report.html")
    files = export_charts(charts.all(), tmp_path / "charts", "png")
    assert [p.name for p in files] == [f"{c.slug}.png" for c in charts.all()]
    for chart, path in zip(charts.all(), files):
        assert png_size(path.read_bytes()) == (chart.width * 2, chart.height * 2)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])
