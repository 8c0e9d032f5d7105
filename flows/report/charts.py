"""The report's claim and feed charts: a claim's timeline by stance (and its miniature for the
overview table), and feed health. Each chart is a Chart (see svg.py); actors are in actor_charts.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flows.report.data import ClaimTrend, FeedState
from flows.report.periods import Periods
from flows.report.svg import AXIS, Chart, Frame, el, esc, nice_ticks, shorten

__all__ = ["Series", "stacked_bar_chart", "claim_timeline", "feed_health_chart", "sparkline", "unit_word",
           "STANCE_COLOURS", "STATE_WORDS"]

STANCE_COLOURS = {"supports": "#D55E00", "denies": "#0072B2"}
CLAIM_CHART_SIZE = (600, 260)  # sits beside its evidence on a laptop screen
STATE_COLOURS = {"ok": "#009E73", "failing": "#D55E00", "disabled": "#555555", "never": "#999999"}
STATE_WORDS = {"ok": "healthy", "failing": "failing", "disabled": "disabled", "never": "not fetched yet"}


@dataclass(frozen=True)
class Series:
    name: str
    colour: str
    values: dict[date, int]  # bucket start -> count


def unit_word(periods: Periods) -> str:
    return {"day": "day", "week": "week (from Monday)", "month": "month"}[periods.unit]


def stacked_bar_chart(slug: str, title: str, subtitle: str | None, periods: Periods, series: list[Series],
                      unit: str, attrs: tuple = (), size: tuple[int, int] = (760, 320)) -> Chart:
    frame = _frame(size, subtitle)
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
    body = (frame.heading(title, subtitle) + frame.legend([(s.name, s.colour) for s in series])
            + frame.y_axis(ticks, unit) + el("g", "".join(marks), class_="marks")
            + frame.x_axis([periods.label(s) for s in periods.starts], unit_word(periods) + " (UTC)"))
    return Chart(slug, title, frame.width, frame.height, body, attrs)


def _frame(size: tuple[int, int], subtitle: str | None, max_lines: int = 2) -> Frame:
    """A frame with room for the subtitle's lines (the chart grows by the extra lines)."""
    probe = Frame(width=size[0], height=size[1], subtitle_lines=max_lines)
    lines = len(probe.subtitle_wrapped(subtitle))
    return Frame(width=size[0], height=size[1] + 18 * max(0, lines - 1), subtitle_lines=lines)


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
                        data_series=s.name, data_period=start.isoformat(), data_value=value))
        base += value
    return "".join(parts)


def claim_timeline(trend: ClaimTrend, periods: Periods) -> Chart:
    series = [
        Series(stance, STANCE_COLOURS[stance], periods.sum_by_bucket({d: c.get(stance, 0) for d, c in trend.per_day.items()}))
        for stance in ("supports", "denies")
    ]
    return stacked_bar_chart(
        f"claim-{trend.claim_id}", f"Articles per {periods.unit} that support or deny the claim",
        f"{trend.claim_id}: {trend.statement}", periods, series, "articles", attrs=(("data-claim", trend.claim_id),),
        size=CLAIM_CHART_SIZE,
    )


def sparkline(trend: ClaimTrend, periods: Periods) -> str:
    """A tiny stacked bar chart for the overview table: no axes, one slot per period."""
    width, height = 150, 30
    values = {stance: periods.sum_by_bucket({d: c.get(stance, 0) for d, c in trend.per_day.items()})
              for stance in ("supports", "denies")}
    peak = max((values["supports"][s] + values["denies"][s] for s in periods.starts), default=0) or 1
    slot = width / max(1, len(periods.starts))
    bars = []
    for index, start in enumerate(periods.starts):
        base = 0
        for stance in ("supports", "denies"):
            value = values[stance][start]
            if value:
                top = height - (base + value) / peak * (height - 2)
                bars.append(el("rect", el("title", esc(f"{periods.label(start)}: {value} {stance}")),
                               x=round(index * slot + slot * 0.1, 2), y=round(top, 2), width=round(max(1.0, slot * 0.8), 2),
                               height=round(value / peak * (height - 2), 2), fill=STANCE_COLOURS[stance],
                               data_series=stance, data_period=start.isoformat(), data_value=value))
                base += value
    baseline = el("line", x1=0, y1=height - 0.5, x2=width, y2=height - 0.5, stroke="#bbb")
    return (f'<svg class="spark" data-claim="{esc(trend.claim_id)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(trend.claim_id)} over time">'
            f"{baseline}{''.join(bars)}</svg>")


TILE_W, TILE_H, TILES_PER_ROW = 238, 74, 3


def feed_health_chart(feeds: tuple[FeedState, ...]) -> Chart:
    """One tile per feed, coloured by state, with its last status, entries and articles."""
    rows = max(1, -(-len(feeds) // TILES_PER_ROW))
    width, height = 12 + TILES_PER_ROW * (TILE_W + 10), 56 + rows * (TILE_H + 10) + 30
    counts = {state: sum(1 for f in feeds if f.state == state) for state in STATE_COLOURS}
    summary = ", ".join(f"{n} {STATE_WORDS[s]}" for s, n in counts.items() if n) or "no feeds yet"
    tiles = [_tile(feed, 12 + (i % TILES_PER_ROW) * (TILE_W + 10), 56 + (i // TILES_PER_ROW) * (TILE_H + 10))
             for i, feed in enumerate(feeds)]
    frame = Frame(width=width, height=height, subtitle_lines=1)
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
