"""The report's figures come from the warehouse exactly: a hand-built warehouse with known counts,
read back through read_report_data, drawn into SVG and HTML, and checked mark by mark."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser

import duckdb
import pytest

from flows.report import build_report, write_report
from flows.report.periods import periods_for
from flows.report.svg import nice_ticks
from warehouse.db import available_migrations, migrate, open_warehouse, schema_version
from warehouse.store import insert_rows, store_match_passes, store_matches

CV, MV = "cat-v1", "matcher-v1"
ACTORS = {"turkey": "Turkey", "azerbaijan": "Azerbaijan", "armenia": "Armenia", "russia": "Russia", "syria": "Syria"}
CLAIMS = {
    "C1": "Turkey moved Syrian fighters to Azerbaijan.",
    "C2": "Russia supplied arms to Armenia.",
    "C3": "A claim nobody repeats.",
}
FEEDS = {"wire": "https://wire.example/rss", "monitor": "https://monitor.example/atom",
         "broken": "https://broken.example/feed", "quiet": "https://quiet.example/feed"}
# article id: (feed, outlet, day in October 2020, language, copy of, {claim: stance}, actors named)
ARTICLES = {
    "a1": ("wire", "Wire", 10, "en", None, {"C1": "supports"}, ["turkey", "azerbaijan", "syria"]),
    "a2": ("monitor", "Monitor", 10, "en", None, {"C1": "supports"}, ["turkey", "azerbaijan"]),
    "a3": ("wire", "Wire", 11, "fr", None, {"C1": "supports"}, ["turkey", "syria"]),
    "a4": ("monitor", "Monitor", 11, "en", None, {"C1": "denies"}, ["turkey"]),
    "a5": ("wire", "Wire", 13, "en", None, {"C1": "supports", "C2": "supports"}, ["turkey", "russia", "armenia"]),
    "a6": ("monitor", "Monitor", 13, "en", "a5", {"C1": "supports"}, ["turkey", "russia", "armenia"]),
    "a7": ("monitor", "Agence", 13, "fr", None, {"C1": "supports"}, ["azerbaijan"]),
    "a8": ("wire", "Wire", 14, "en", None, {"C1": "denies"}, ["turkey", "azerbaijan"]),
    "a9": ("wire", "Wire", 14, "en", None, {}, ["russia"]),
}
# Known answers, counted by hand from ARTICLES.
C1_PER_DAY = {"2020-10-10": (2, 0), "2020-10-11": (1, 1), "2020-10-13": (3, 0), "2020-10-14": (0, 1)}
PAIRS = {("azerbaijan", "turkey"): 3, ("syria", "turkey"): 2, ("russia", "turkey"): 2, ("armenia", "turkey"): 2,
         ("armenia", "russia"): 2}
LATEST_RUN_ALERTS = ["a7", "a8"]


def day(n: int, hour: int = 9) -> datetime:
    return datetime(2020, 10, n, hour, tzinfo=timezone.utc)


def build_warehouse(path) -> None:
    """A warehouse with the rows above: two runs, four feeds (one failing, one never fetched)."""
    now = datetime(2020, 10, 15, 6, tzinfo=timezone.utc)
    with open_warehouse(path) as con:
        con.execute("INSERT INTO catalogue_versions VALUES (?, 'test', ?, ?, ?)", [CV, now, len(ACTORS), len(CLAIMS)])
        insert_rows(con, "actors", [{"catalogue_version": CV, "actor_id": a, "kind": "state", "name": n, "aliases": [n]}
                                    for a, n in ACTORS.items()])
        insert_rows(con, "claims", [{"catalogue_version": CV, "claim_id": c, "statement": s} for c, s in CLAIMS.items()])
        for run_id, started in (("run-1", day(12)), ("run-2", now)):
            con.execute("INSERT INTO runs (run_id, trigger, started_at, status) VALUES (?, 'test', ?, 'completed')",
                        [run_id, started])
        for feed_id, url in FEEDS.items():
            con.execute("INSERT INTO feeds VALUES (?, ?, 'en', ?)", [feed_id, url, now])
        _feed_health(con, now)
        insert_rows(con, "entries", [{"feed_id": "wire", "entry_key": "r1", "url": "https://wire.example/r1",
                                      "first_seen_at": now, "status": "rejected", "reject_reason": "too_short"}])
        for article_id, row in ARTICLES.items():
            _article(con, article_id, *row)


def _feed_health(con, now) -> None:
    rows = [
        ("wire", now, now, 200, None, 0.0, 6),
        ("monitor", now, now, 304, None, 0.0, 5),
        ("broken", now, day(1), 200, "not a feed: the body is HTML", 1.5, 0),
    ]
    for feed_id, attempt, success, status, error, score, seen in rows:
        con.execute("INSERT INTO feed_health (feed_id, last_attempt_at, last_success_at, last_status, last_error, "
                    "failure_score, entries_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [feed_id, attempt, success, status, error, score, seen])


def _article(con, article_id, feed, outlet, n, language, copy_of, claims, actors) -> None:
    url = f"https://{outlet.lower()}.example/{article_id}"
    insert_rows(con, "articles", [{
        "article_id": article_id, "url": url, "canonical_url": url, "feed_id": feed, "outlet": outlet,
        "title": f"Title of {article_id}", "published_at": day(n), "language": language, "text": "text",
        "content_hash": article_id, "duplicate_of": copy_of, "extractor_version": "x", "fetched_at": day(15),
        "run_id": "run-1",
    }])
    insert_rows(con, "entries", [{
        "feed_id": feed, "entry_key": article_id, "url": url, "first_seen_at": day(15), "run_id": "run-1",
        "article_id": article_id, "status": "article",
    }])
    insert_rows(con, "actor_mentions", [
        {"article_id": article_id, "actor_id": a, "surface": ACTORS[a], "start_offset": i * 10, "end_offset": i * 10 + 5,
         "matcher_version": MV, "catalogue_version": CV} for i, a in enumerate(actors)
    ])
    # Every article was matched once (a pass), whether or not it contained a claim.
    store_match_passes(con, [{"article_id": article_id, "matcher_version": MV, "catalogue_version": CV,
                              "matched_at": day(15), "run_id": "run-1"}])
    for claim_id, stance in claims.items():
        store_matches(con, [{
            "article_id": article_id, "claim_id": claim_id, "stance": stance, "score": 0.9,
            "sentence": f"Sentence of {article_id} on {claim_id}.", "matcher_version": MV, "catalogue_version": CV,
            "run_id": "run-1", "matched_at": day(15),
        }])
        run_id = "run-2" if article_id in LATEST_RUN_ALERTS else "run-1"
        insert_rows(con, "alerts", [{
            "alert_id": f"{article_id}-{claim_id}", "article_id": article_id, "claim_id": claim_id, "stance": stance,
            "score": 0.9, "payload": json.dumps({"sentence": f"Sentence of {article_id} on {claim_id}."}),
            "created_at": day(15), "run_id": run_id,
        }])


@pytest.fixture()
def warehouse(tmp_path):
    path = tmp_path / "known.duckdb"
    build_warehouse(path)
    return path


class Marks(HTMLParser):
    """Collects every element's attributes, by tag, from the rendered page."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def having(self, **wanted) -> list[dict]:
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in wanted.items()}
        return [a for _, a in self.elements if all(a.get(k) == v for k, v in wanted.items())]


def marks_of(html: str) -> Marks:
    parser = Marks()
    parser.feed(html)
    return parser


def test_claim_trend_counts_match_the_warehouse(warehouse):
    data, _, _ = build_report(warehouse)
    c1 = next(c for c in data.claims if c.claim_id == "C1")
    assert [c.claim_id for c in data.claims] == ["C1", "C2"]
    assert {d.isoformat(): (v["supports"], v["denies"]) for d, v in c1.per_day.items()} == C1_PER_DAY
    assert (c1.articles, c1.outlets, c1.copies) == (8, 3, 1)
    assert c1.first_seen == date(2020, 10, 10) and c1.first_outlets == ("Monitor", "Wire")
    assert c1.languages == {"en": 6, "fr": 2}
    assert [e.day.isoformat() for e in c1.evidence][:2] == ["2020-10-14", "2020-10-13"]
    assert data.unmatched_claims == 1
    assert data.article_count == 9


def test_actor_trends_and_pairs(warehouse):
    data, _, _ = build_report(warehouse)
    assert data.actors.totals["turkey"] == 7
    assert list(data.actors.per_day)[0] == "turkey"
    assert data.actors.per_day["turkey"][date(2020, 10, 13)] == 2
    assert {pair: n for pair, n in data.actors.together.items() if n >= 2} == PAIRS


def test_feeds_and_latest_run_alerts(warehouse):
    data, _, _ = build_report(warehouse)
    states = {f.feed_id: f.state for f in data.feeds}
    assert states == {"wire": "ok", "monitor": "ok", "broken": "failing", "quiet": "never"}
    counts = {f.feed_id: (f.entries_seen, f.articles) for f in data.feeds}
    assert counts == {"wire": (6, 5), "monitor": (4, 4), "broken": (0, 0), "quiet": (0, 0)}
    assert data.run.run_id == "run-2"
    assert sorted(a.url.rsplit("/", 1)[1] for a in data.alerts) == LATEST_RUN_ALERTS


def test_page_marks_carry_the_numbers(warehouse):
    _, _, html = build_report(warehouse)
    marks = marks_of(html)
    for period, (supports, denies) in C1_PER_DAY.items():
        for stance, expected in (("supports", supports), ("denies", denies)):
            bars = chart_marks(html, "claim-C1").having(class_="bar", data_series=stance, data_period=period)
            assert [int(b["data-value"]) for b in bars] == ([expected] if expected else [])
    cell = marks.having(class_="cell", data_row="azerbaijan", data_col="turkey")
    assert [c["data-value"] for c in cell] == ["3"]
    assert marks.having(data_feed="broken", class_="feed")[0]["data-state"] == "failing"
    assert len(marks.having(class_="alert")) == len(LATEST_RUN_ALERTS)


def chart_marks(html: str, slug: str) -> Marks:
    """The marks of one chart only."""
    start = html.index(f'data-chart="{slug}"')
    return marks_of("<svg " + html[start:html.index("</svg>", start)])


def test_empty_days_stay_on_the_axis(warehouse):
    _, charts, _ = build_report(warehouse)
    svg = charts.claims["C1"].svg()
    assert "2020-10-12" in svg  # a day without matches is still a labelled slot
    assert 'data-period="2020-10-12"' not in svg  # but draws no bar


def test_page_loads_nothing_from_any_host(warehouse):
    _, _, html = build_report(warehouse)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script" not in html.lower()
    resource_refs = re.findall(r"""(?:src|srcset|poster|action|data)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert resource_refs == []
    assert re.findall(r"url\(|@import|<link\b|<img\b|<iframe\b|<object\b|<embed\b", html, re.I) == []
    # Article links are plain navigation (never fetched); no other absolute URL appears.
    others = [u for u in re.findall(r"https?://[^\s\"'<>]+", html) if not re.fullmatch(r"https://\w+\.example/a\d", u)]
    assert others == []


def test_since_drops_earlier_days(warehouse):
    data, _, _ = build_report(warehouse, since=date(2020, 10, 13))
    c1 = next(c for c in data.claims if c.claim_id == "C1")
    assert [d.isoformat() for d in c1.per_day] == ["2020-10-13", "2020-10-14"]
    assert data.article_count == 5


def test_an_empty_warehouse_still_renders(tmp_path):
    path = tmp_path / "empty.duckdb"
    with open_warehouse(path):
        pass
    out, charts = write_report(path, tmp_path / "r.html")
    text = out.read_text(encoding="utf-8")
    assert "No claim has been matched" in text and charts.claims == {}


def test_long_spans_are_bucketed_by_week_then_month():
    assert periods_for(date(2020, 1, 1), date(2020, 1, 31)).unit == "day"
    weekly = periods_for(date(2020, 1, 1), date(2020, 6, 30))
    assert weekly.unit == "week" and all(s.weekday() == 0 for s in weekly.starts)
    monthly = periods_for(date(2018, 1, 15), date(2020, 6, 30))
    assert monthly.unit == "month" and monthly.starts[0] == date(2018, 1, 1) and len(monthly.starts) == 30
    assert sum(weekly.sum_by_bucket({date(2020, 1, 1) + timedelta(days=i): 1 for i in range(10)}).values()) == 10


def test_nice_ticks_cover_the_maximum():
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(7)[-1] >= 7 and len(nice_ticks(7)) <= 6
    assert nice_ticks(230)[-1] >= 230


def test_command_writes_the_page_and_svg_charts(warehouse, tmp_path, capsys):
    from flows.cli import main

    out = tmp_path / "out" / "report.html"
    assert main(["report", "--db", str(warehouse), "--out", str(out), "--since", "2020-10-01", "--format", "svg"]) == 0
    printed = capsys.readouterr().out
    assert f"report: {out.resolve()}" in printed
    charts = sorted(p.name for p in (tmp_path / "out" / "report-charts").iterdir())
    assert charts == ["actors-over-time.svg", "actors-together.svg", "claim-C1.svg", "claim-C2.svg", "feed-health.svg"]
    standalone = (tmp_path / "out" / "report-charts" / "claim-C1.svg").read_text(encoding="utf-8")
    assert standalone.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in standalone


def test_command_refuses_a_missing_warehouse_and_a_bad_date(tmp_path, capsys):
    from flows.cli import main

    assert main(["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r.html")]) == 2
    assert not (tmp_path / "r.html").exists()
    with pytest.raises(SystemExit) as exit_info:
        main(["report", "--since", "last tuesday"])
    assert exit_info.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_a_rescore_replaces_rather_than_adds(warehouse):
    """A newer matcher pass over a4 now reads its sentence as support: counted once, as support."""
    later = datetime(2020, 10, 16, tzinfo=timezone.utc)
    with open_warehouse(warehouse) as con:
        store_match_passes(con, [{"article_id": "a4", "matcher_version": "matcher-v2", "catalogue_version": CV,
                                  "matched_at": later, "run_id": "rescore"}])
        store_matches(con, [{"article_id": "a4", "claim_id": "C1", "stance": "supports", "score": 0.8,
                             "sentence": "Rescored.", "matcher_version": "matcher-v2", "catalogue_version": CV,
                             "run_id": "rescore", "matched_at": later}])
    data, _, _ = build_report(warehouse)
    c1 = next(c for c in data.claims if c.claim_id == "C1")
    assert c1.per_day[date(2020, 10, 11)] == {"supports": 2, "denies": 0}
    assert c1.articles == 8


def test_a_warehouse_from_an_older_version_is_upgraded_then_reported(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate(con, upto=1)  # as written before the trend views existed
    out, _ = write_report(path, tmp_path / "r.html")
    assert "No claim has been matched" in out.read_text(encoding="utf-8")
    with duckdb.connect(str(path), read_only=True) as con:
        assert schema_version(con) == available_migrations()[-1][0]
