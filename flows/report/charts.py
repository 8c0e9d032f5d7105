"""The report's charts, built from report data: a claim's timeline by stance, actors over time,
who is named with whom, and feed health. Each returns a Chart (see svg.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flows.report.data import ActorTrends, ClaimTrend, FeedState
from flows.report.periods import Periods
from flows.report.svg import AXIS, PALETTE, Chart, Frame, el, esc, nice_ticks, shorten, text_width

__all__ = ["Series", "stacked_bar_chart", "line_chart", "claim_timeline", "actor_timeline", "cooccurrence_chart",
           "feed_health_chart", "STANCE_COLOURS"]

STANCE_COLOURS = {"supports": "#D55E00", "denies": "#0072B2"}
DASHES = ("", "7 4", "2 3", "10 3 2 3", "4 4", "1 2")
STATE_COLOURS = {"ok": "#009E73", "failing": "#D55E00", "disabled": "#555555", "never": "#999999"}
STATE_WORDS = {"ok": "healthy", "failing": "failing", "disabled": "disabled", "never": "not fetched yet"}


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: dict[date, int]  # bucket start -> count
    key: str = ""            # stable identifier for data attributes (defaults to name)


def _unit_word(periods: Periods) -> str:
    return {"day": "day", "week": "week (from Monday)", "month": "month"}[periods.unit]


def stacked_bar_chart(slug: str, title: str, subtitle: str | None, periods: Periods, series: list[Series],
                      unit: str, attrs: tuple = ()) -> Chart:
    frame = Frame(subtitle=bool(subtitle))
    totals = [sum(s.values.get(start, 0) for s in series) for start in periods.starts]
    ticks = nice_ticks(max(totals, default=0))
    slot = frame.plot_width / max(1, len(periods.starts))
    bar = min(48.0, slot * 0.72)
    marks = []
    for index, start in enumerate(periods.starts):
        x = frame.left + slot * index + (slot - bar) / 2
        marks.append(_stack(frame, series, start, periods.label(start), x, bar, ticks[-1], unit))
        if totals[index] and bar >= 14:  # the total above each bar, when there is room for it
            marks.append(el("text", str(totals[index]), x=round(x + bar / 2, 2), y=round(frame.y(totals[index], ticks[-1]) - 5, 2),
                            font_size=11, fill=AXIS, text_anchor="middle", class_="total",
                            data_period=start.isoformat(), data_value=totals[index]))
    body = (frame.heading(title, subtitle) + frame.legend([(s.name, s.colour, None) for s in series])
            + frame.y_axis(ticks, unit) + el("g", "".join(marks), class_="marks")
            + frame.x_axis([periods.label(s) for s in periods.starts], _unit_word(periods) + " (UTC)"))
    return Chart(slug, title, frame.width, frame.height, body, attrs)


def _stack(frame: Frame, series: list[Series], start: date, label: str, x: float, width: float, top: float,
           unit: str) -> str:
    base, parts = 0, []
    for s in series:
        value = s.values.get(start, 0)
        if not value:
            continue
        y_top, y_base = frame.y(base + value, top), frame.y(base, top)
        tip = f"{label}: {value} {unit} {s.name}"
        parts.append(el("rect", el("title", esc(tip)), x=round(x, 2), y=round(y_top, 2), width=round(width, 2),
                        height=round(y_base - y_top, 2), fill=s.colour, class_="bar",
                        data_series=s.key or s.name, data_period=start.isoformat(), data_value=value))
        base += value
    return "".join(parts)


def line_chart(slug: str, title: str, subtitle: str | None, periods: Periods, series: list[Series],
               unit: str) -> Chart:
    frame = Frame(subtitle=bool(subtitle))
    ticks = nice_ticks(max((v for s in series for v in s.values.values()), default=0))
    slot = frame.plot_width / max(1, len(periods.starts))
    lines = []
    for index, s in enumerate(series):
        points = [(frame.left + slot * (i + 0.5), frame.y(s.values.get(start, 0), ticks[-1]), start)
                  for i, start in enumerate(periods.starts)]
        lines.append(_line(s, points, periods, DASHES[index % len(DASHES)], unit))
    legend = [(f"{s.name} ({sum(s.values.values())})", s.colour, DASHES[i % len(DASHES)]) for i, s in enumerate(series)]
    body = (frame.heading(title, subtitle) + frame.legend(legend) + frame.y_axis(ticks, unit)
            + el("g", "".join(lines), class_="marks")
            + frame.x_axis([periods.label(s) for s in periods.starts], _unit_word(periods) + " (UTC)"))
    return Chart(slug, title, frame.width, frame.height, body)


def _line(s: Series, points: list, periods: Periods, dash: str, unit: str) -> str:
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in points)
    parts = [el("polyline", points=path, fill="none", stroke=s.colour, stroke_width=2.5, stroke_dasharray=dash or None)]
    for x, y, start in points:
        value = s.values.get(start, 0)
        tip = f"{s.name}, {periods.label(start)}: {value} {unit}"
        parts.append(el("circle", el("title", esc(tip)), cx=f"{x:.1f}", cy=f"{y:.1f}", r=3.5 if value else 2,
                        fill=s.colour, class_="point", data_series=s.key or s.name,
                        data_period=start.isoformat(), data_value=value))
    return el("g", "".join(parts), class_="series", data_series=s.key or s.name)


def claim_timeline(trend: ClaimTrend, periods: Periods) -> Chart:
    series = [
        Series(stance, STANCE_COLOURS[stance], periods.sum_by_bucket({d: c.get(stance, 0) for d, c in trend.per_day.items()}))
        for stance in ("supports", "denies")
    ]
    return stacked_bar_chart(
        f"claim-{trend.claim_id}", f"Claim {trend.claim_id}: articles per {periods.unit}, by stance",
        trend.statement, periods, series, "articles", attrs=(("data-claim", trend.claim_id),),
    )


def actor_timeline(actors: ActorTrends, periods: Periods) -> Chart:
    series = [
        Series(actors.names.get(actor, actor), PALETTE[i % len(PALETTE)], periods.sum_by_bucket(days), key=actor)
        for i, (actor, days) in enumerate(actors.per_day.items())
    ]
    return line_chart("actors-over-time", f"Top actors: articles naming each, per {periods.unit}",
                      "Legend: total articles in brackets", periods, series, "articles")


CELL = 46


def cooccurrence_chart(actors: ActorTrends) -> Chart:
    """A symmetric matrix: each cell counts the articles that name both actors; the diagonal
    (grey) counts the articles naming the actor at all."""
    ids = list(actors.matrix_ids)
    labels = [shorten(actors.names.get(a, a), 12, 150) for a in ids]
    label_room = max([text_width(label, 12) for label in labels] + [40]) + 16
    left, top = 12 + label_room, 76 + label_room * 0.7
    width, height = int(left + CELL * len(ids) + 20), int(top + CELL * len(ids) + 20)
    peak = max(actors.together.values(), default=0)
    cells = [_cell(actors, a, b, left + CELL * j, top + CELL * i, peak) for i, a in enumerate(ids) for j, b in enumerate(ids)]
    row_labels = [el("text", esc(label), x=left - 8, y=top + CELL * i + CELL / 2 + 4, font_size=12, fill="#222",
                     text_anchor="end") for i, label in enumerate(labels)]
    col_labels = [el("text", esc(label), x=0, y=0, font_size=12, fill="#222",
                     transform=f"translate({left + CELL * j + CELL / 2 + 4:.1f} {top - 8:.1f}) rotate(-40)")
                  for j, label in enumerate(labels)]
    frame = Frame(width=max(width, 620), height=height, subtitle=True)
    title = "Who is named with whom"
    body = (frame.heading(title, "Articles naming both actors; grey diagonal: articles naming the actor")
            + el("g", "".join(row_labels + col_labels), class_="labels") + el("g", "".join(cells), class_="marks"))
    if not ids:
        body += el("text", "No actors found yet.", x=12, y=100, font_size=13, fill=AXIS)
    return Chart("actors-together", title, frame.width, frame.height, body)


def _cell(actors: ActorTrends, a: str, b: str, x: float, y: float, peak: int) -> str:
    if a == b:
        value, fill, ink, kind = actors.totals.get(a, 0), "#e6e6e6", "#222", "total"
    else:
        value = actors.together.get((min(a, b), max(a, b)), 0)
        strength = value / peak if peak else 0
        fill = _blend("#ffffff", "#0072B2", 0.08 + 0.92 * strength) if value else "#fafafa"
        ink, kind = ("#fff" if strength > 0.55 else "#222"), "pair"
    name_a, name_b = actors.names.get(a, a), actors.names.get(b, b)
    tip = f"{name_a}: {value} articles" if a == b else f"{name_a} and {name_b}: {value} articles together"
    rect = el("rect", el("title", esc(tip)), x=x, y=y, width=CELL - 2, height=CELL - 2, fill=fill, class_="cell",
              data_row=a, data_col=b, data_kind=kind, data_value=value)
    label = el("text", str(value), x=x + CELL / 2 - 1, y=y + CELL / 2 + 4, font_size=12, fill=ink, text_anchor="middle")
    return rect + label


def _blend(low: str, high: str, amount: float) -> str:
    a = [int(low[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b))


TILE_W, TILE_H, TILES_PER_ROW = 238, 74, 3


def feed_health_chart(feeds: tuple[FeedState, ...]) -> Chart:
    """One tile per feed, coloured by state, with its last status, entries and articles."""
    rows = max(1, -(-len(feeds) // TILES_PER_ROW))
    width, height = 12 + TILES_PER_ROW * (TILE_W + 10), 56 + rows * (TILE_H + 10) + 30
    counts = {state: sum(1 for f in feeds if f.state == state) for state in STATE_COLOURS}
    summary = ", ".join(f"{n} {STATE_WORDS[s]}" for s, n in counts.items() if n) or "no feeds yet"
    tiles = [_tile(feed, 12 + (i % TILES_PER_ROW) * (TILE_W + 10), 56 + (i // TILES_PER_ROW) * (TILE_H + 10))
             for i, feed in enumerate(feeds)]
    frame = Frame(width=width, height=height, subtitle=True)
    legend = "".join(
        el("rect", x=12 + i * 150, y=height - 22, width=12, height=12, fill=colour)
        + el("text", STATE_WORDS[state], x=30 + i * 150, y=height - 12, font_size=12, fill="#222")
        for i, (state, colour) in enumerate(STATE_COLOURS.items())
    )
    title = "Feed health"
    body = frame.heading(title, summary) + el("g", "".join(tiles), class_="marks") + el("g", legend, class_="legend")
    return Chart("feed-health", title, width, height, body)


def _tile(feed: FeedState, x: float, y: float) -> str:
    colour = STATE_COLOURS[feed.state]
    status = f"HTTP {feed.last_status} \u00b7 " if feed.last_status else "no response \u00b7 " if feed.state != "never" else ""
    line2 = f"{status}{feed.entries_seen} entries \u00b7 {feed.articles} articles"
    line3 = feed.last_error or (f"last success {feed.last_success_at:%Y-%m-%d %H:%M} UTC" if feed.last_success_at
                                else "never fetched")
    tip = f"{feed.feed_id} ({STATE_WORDS[feed.state]}): {line2}" + (f"; {feed.last_error}" if feed.last_error else "")
    parts = [
        el("title", esc(tip)),
        el("rect", x=x, y=y, width=TILE_W, height=TILE_H, rx=6, fill="#fff", stroke=colour, stroke_width=2),
        el("rect", x=x, y=y, width=8, height=TILE_H, fill=colour),
        el("text", esc(shorten(feed.feed_id, 13, TILE_W - 24)), x=x + 16, y=y + 21, font_size=13, font_weight=600, fill="#111"),
        el("text", esc(shorten(line2, 11, TILE_W - 24)), x=x + 16, y=y + 41, font_size=11, fill="#333"),
        el("text", esc(shorten(line3, 11, TILE_W - 24)), x=x + 16, y=y + 60, font_size=11,
           fill=colour if feed.last_error else "#666"),
    ]
    return el("g", "".join(parts), class_="feed", data_feed=feed.feed_id, data_state=feed.state,
              data_entries=feed.entries_seen, data_articles=feed.articles, data_status=feed.last_status)
