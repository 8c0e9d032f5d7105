"""The report page: one self-contained HTML file, no script, no request to any host.

A Content-Security-Policy in the page forbids every fetch (the charts are inline SVG, the styles
inline CSS, fonts the reader's own), so even a link-prefetching browser has nothing to load.
Each chart has a download link carrying its SVG as a data: URI, for slides.
"""

from __future__ import annotations

import base64

from flows.report.charts import STANCE_COLOURS, STATE_WORDS
from flows.report.data import AlertRow, ClaimTrend, FeedState, ReportData
from flows.report.svg import Chart, esc
from flows.report.view import ReportCharts

__all__ = ["render_page", "CSP"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5a5a5a; --line: #dcdcdc; --card: #fff; --bg: #f4f4f2; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink);
       font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
header.top h1 { margin: 0 0 4px; font-size: 26px; }
.meta { color: var(--muted); font-size: 13px; margin: 0; }
nav { margin: 14px 0 6px; font-size: 14px; }
nav a { margin-right: 16px; color: #0b5394; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 18px 0; }
.figure { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.figure b { display: block; font-size: 24px; }
.figure span { color: var(--muted); font-size: 13px; }
section { margin-top: 30px; }
section > h2 { font-size: 20px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 16px 0; }
.card h3 { margin: 0 0 6px; font-size: 17px; }
.facts { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 6px 0 10px; padding: 0; list-style: none; font-size: 14px; }
.facts li b { font-variant-numeric: tabular-nums; }
figure { margin: 8px 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 12px; color: var(--muted); }
figcaption a { color: #0b5394; }
.claim-body { display: grid; grid-template-columns: minmax(0, 600px) minmax(0, 1fr); gap: 8px 22px; align-items: start; }
.claim-body h4 { margin: 8px 0 0; }
@media (max-width: 1000px) { .claim-body { grid-template-columns: minmax(0, 1fr); } }
table.overview .statement { color: var(--muted); font-size: 12px; max-width: 46em; min-width: 14em; }
table.overview svg.spark { display: block; }
table { border-collapse: collapse; width: 100%; font-size: 13px; background: var(--card); }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
th { background: #ececea; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.date { white-space: nowrap; }
.stance { display: inline-block; padding: 0 7px; border-radius: 9px; color: #fff; font-size: 12px; font-weight: 600; }
.stance.supports { background: SUPPORTS; } .stance.denies { background: DENIES; }
.state { font-weight: 600; } .state.ok { color: #007a5a; } .state.failing { color: #b04500; }
.evidence { margin: 6px 0 0; padding-left: 18px; font-size: 14px; }
.evidence li { margin: 6px 0; }
.evidence q { font-style: italic; }
.source { color: var(--muted); font-size: 13px; }
.note { color: var(--muted); font-size: 13px; }
a { overflow-wrap: anywhere; }
@page { size: A4; margin: 14mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav, .download { display: none; }
  .card, figure, tr { break-inside: avoid; }
  .card { border-color: #bbb; }
  .claim-body { grid-template-columns: minmax(0, 1fr); }
  a { color: inherit; text-decoration: none; }
}
""".replace("SUPPORTS", STANCE_COLOURS["supports"]).replace("DENIES", STANCE_COLOURS["denies"])


def render_page(data: ReportData, charts: ReportCharts) -> str:
    sections = [
        _header(data),
        _claims_section(data, charts),
        _actors_section(charts),
        _feeds_section(data.feeds, charts.feeds),
        _alerts_section(data),
        '<p class="note">Made by claimwatch from the warehouse; this file loads nothing from any network.</p>',
    ]
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>claimwatch report \u2013 {data.generated_at:%Y-%m-%d}</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(sections)}</main></body></html>\n"
    )


def _figure(chart: Chart, caption: str = "") -> str:
    encoded = base64.b64encode(chart.svg(standalone=True).encode("utf-8")).decode("ascii")
    download = (f'<a class="download" download="{esc(chart.slug)}.svg" '
                f'href="data:image/svg+xml;base64,{encoded}">Download SVG</a>')
    return f"<figure>{chart.svg()}<figcaption>{esc(caption)} {download}</figcaption></figure>"


def _header(data: ReportData) -> str:
    window = f"since {data.since.isoformat()}" if data.since else "all dates"
    days = f"{data.days[0].isoformat()} to {data.days[1].isoformat()}" if data.days else "no articles yet"
    run = (f"latest run {esc(data.run.run_id)} ({esc(data.run.status)}, started {data.run.started_at:%Y-%m-%d %H:%M} UTC)"
           if data.run else "no run recorded yet")
    matches = sum(c.articles for c in data.claims)
    figures = [
        (data.article_count, "articles"), (len(data.claims), "claims seen"), (matches, "claim matches"),
        (sum(c.total("denies") for c in data.claims), "denials"), (len(data.alerts), "new alerts, latest run"),
        (sum(1 for f in data.feeds if f.state in ("failing", "disabled")), "feeds failing"),
    ]
    boxes = "".join(f'<div class="figure"><b>{n}</b><span>{esc(label)}</span></div>' for n, label in figures)
    return (
        '<header class="top"><h1>claimwatch report</h1>'
        f'<p class="meta">Warehouse {esc(data.warehouse)} \u00b7 {window} \u00b7 articles dated {days} \u00b7 {run} '
        f"\u00b7 made {data.generated_at:%Y-%m-%d %H:%M} UTC</p>"
        '<nav><a href="#claims">Claims</a><a href="#actors">Actors</a><a href="#feeds">Feeds</a>'
        '<a href="#alerts">New alerts</a></nav>'
        f'<div class="figures">{boxes}</div></header>'
    )


def _claims_section(data: ReportData, charts: ReportCharts) -> str:
    cards = [_claim_card(trend, charts.claims[trend.claim_id]) for trend in data.claims]
    none = "<p>No claim has been matched in this window yet.</p>" if not cards else ""
    others = "1 other catalogue claim has" if data.unmatched_claims == 1 else f"{data.unmatched_claims} other catalogue claims have"
    rest = f'<p class="note">{others} no match in this window.</p>' if data.unmatched_claims else ""
    overview = _claims_overview(data, charts) if cards else ""
    return f'<section id="claims"><h2>Claims: how they spread</h2>{none}{overview}{rest}{"".join(cards)}</section>'


def _claims_overview(data: ReportData, charts: ReportCharts) -> str:
    """One line per claim, most repeated first, each with its timeline in miniature."""
    rows = "".join(
        f'<tr data-claim="{esc(t.claim_id)}"><td><a href="#claim-{esc(t.claim_id)}">{esc(t.claim_id)}</a>'
        f'<div class="statement">{esc(t.statement)}</div></td><td>{charts.sparklines[t.claim_id]}</td>'
        f'<td class="num">{t.articles}</td><td class="num">{t.total("supports")}</td><td class="num">{t.total("denies")}</td>'
        f'<td class="num">{t.outlets}</td><td class="num">{t.copies}</td><td class="date">{t.first_seen.isoformat()}</td></tr>'
        for t in data.claims
    )
    return (
        '<p class="note">Most repeated first. Bars over time: <span class="stance supports">supports</span> '
        '<span class="stance denies">denies</span>; the same time axis as the charts below.</p>'
        '<table class="overview"><thead><tr><th>claim</th><th>over time</th><th>articles</th><th>supporting</th><th>denying</th>'
        f"<th>outlets</th><th>copies</th><th>first seen</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _claim_card(trend: ClaimTrend, chart: Chart) -> str:
    languages = ", ".join(f"{esc(lang)} ({n})" for lang, n in trend.languages.items())
    facts = [
        ("articles", trend.articles), ("supporting", trend.total("supports")), ("denying", trend.total("denies")),
        ("distinct outlets", trend.outlets), ("copies (syndicated)", trend.copies),
    ]
    items = "".join(f"<li>{esc(label)} <b>{value}</b></li>" for label, value in facts)
    items += (f"<li>first seen <b>{trend.first_seen.isoformat()}</b> in {esc(', '.join(trend.first_outlets))}</li>"
              f"<li>languages <b>{languages}</b></li>")
    return (
        f'<article class="card claim" id="claim-{esc(trend.claim_id)}" data-claim="{esc(trend.claim_id)}">'
        f"<h3>{esc(trend.claim_id)}: {esc(trend.statement)}</h3><ul class=\"facts\">{items}</ul><div class=\"claim-body\">"
        + _figure(chart, "Bars stack the articles that state the claim (supports) and those that deny it.")
        + "<div><h4>Latest evidence</h4><ol class=\"evidence\">"
        + "".join(_evidence_item(e) for e in trend.evidence) + "</ol></div></div></article>"
    )


def _evidence_item(e) -> str:
    copy = " (copy)" if e.is_copy else ""
    title = esc(e.title or e.url)
    return (
        f'<li><span class="stance {esc(e.stance)}">{esc(e.stance)}</span> <q>{esc(e.sentence)}</q><br>'
        f'<span class="source">{e.day.isoformat()} \u00b7 {esc(e.outlet)}{copy} \u00b7 score {e.score:.2f} \u00b7 '
        f'<a href="{esc(e.url)}" rel="noopener noreferrer">{title}</a></span></li>'
    )


def _actors_section(charts: ReportCharts) -> str:
    return (
        '<section id="actors"><h2>Actors: who is named, and with whom</h2><div class="card">'
        + _figure(charts.actors_over_time, "Articles naming each of the most named actors, per period.")
        + _figure(charts.actors_together, "Read a row across: how often that actor appears with each other one.")
        + "</div></section>"
    )


def _feeds_section(feeds: tuple[FeedState, ...], chart: Chart) -> str:
    rows = "".join(
        f"<tr data-feed=\"{esc(f.feed_id)}\"><td>{esc(f.feed_id)}</td><td class=\"state {f.state}\">{STATE_WORDS[f.state]}</td>"
        f"<td class=\"num\">{f.last_status if f.last_status is not None else ''}</td>"
        f"<td>{_when(f.last_success_at)}</td><td class=\"num\">{f.failure_score:g}</td>"
        f"<td class=\"num\">{f.entries_seen}</td><td class=\"num\">{f.articles}</td><td>{esc(f.last_error or '')}</td></tr>"
        for f in feeds
    )
    table = ("<table><thead><tr><th>feed</th><th>state</th><th>last HTTP status</th><th>last success</th>"
             "<th>failure score</th><th>entries seen</th><th>articles</th><th>last error</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>")
    return f'<section id="feeds"><h2>Feeds: health at a glance</h2><div class="card">{_figure(chart)}{table}</div></section>'


def _when(moment) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else ""


def _alerts_section(data: ReportData) -> str:
    run = f"run {esc(data.run.run_id)}" if data.run else "no run yet"
    if not data.alerts:
        return f'<section id="alerts"><h2>New alerts ({run})</h2><p>No new alerts in the latest run.</p></section>'
    rows = "".join(_alert_row(a) for a in data.alerts)
    return (
        f'<section id="alerts"><h2>New alerts ({run})</h2>'
        "<table class=\"alerts\"><thead><tr><th>raised</th><th>claim</th><th>stance</th><th>score</th><th>outlet</th>"
        f"<th>evidence</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _alert_row(a: AlertRow) -> str:
    score = f"{a.score:.2f}" if a.score is not None else ""
    return (
        f"<tr class=\"alert\" data-claim=\"{esc(a.claim_id)}\" data-stance=\"{esc(a.stance)}\">"
        f"<td>{_when(a.created_at)}</td><td>{esc(a.claim_id)}</td>"
        f"<td><span class=\"stance {esc(a.stance)}\">{esc(a.stance)}</span></td><td class=\"num\">{score}</td>"
        f"<td>{esc(a.outlet)}</td><td><q>{esc(a.sentence)}</q><br>"
        f"<a href=\"{esc(a.url)}\" rel=\"noopener noreferrer\">{esc(a.title or a.url)}</a></td></tr>"
    )
