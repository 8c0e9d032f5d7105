"""The actor charts: who is named over time (a heat strip: one row per actor, one cell per
period) and who is named with whom (a matrix). News about actors is bursty and sparse, so cells
with their numbers read better than lines that spike between zeros; a rising actor shows as its
row darkening to the right."""

from __future__ import annotations

from flows.report.charts import unit_word
from flows.report.data import ActorTrends
from flows.report.periods import Periods
from flows.report.svg import AXIS, Chart, Frame, el, esc, shorten, text_width

__all__ = ["actor_timeline", "cooccurrence_chart"]

BLUE = "#0072B2"
EMPTY = "#f2f2f2"
ROW_H = 26
CELL = 46


def blend(amount: float, low: str = "#ffffff", high: str = BLUE) -> str:
    a = [int(low[i:i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02x}" for x, y in zip(a, b))


def shade(value: int, peak: int) -> tuple[str, str]:
    """Fill and ink for a count: pale for few, dark (with white numbers) for many."""
    if not value:
        return EMPTY, "#999"
    strength = value / peak if peak else 0
    return blend(0.15 + 0.85 * strength), ("#fff" if strength > 0.55 else "#222")


def actor_timeline(actors: ActorTrends, periods: Periods) -> Chart:
    ids = list(actors.per_day)
    labels = {a: shorten(actors.names.get(a, a), 12, 160) for a in ids}
    left = int(20 + max([text_width(label, 12) for label in labels.values()] + [40]))
    frame = Frame(width=760, height=80 + max(1, len(ids)) * ROW_H + 46, left=left, right=64, subtitle_lines=1)
    counts = {a: periods.sum_by_bucket(actors.per_day[a]) for a in ids}
    mentions = {a: periods.sum_by_bucket(actors.mentions_per_day.get(a, {})) for a in ids}
    peak = max((v for row in counts.values() for v in row.values()), default=0)
    slot = frame.plot_width / max(1, len(periods.starts))
    rows = [_row(a, labels[a], i, counts[a], mentions[a], actors.totals.get(a, 0), frame, periods, slot, peak)
            for i, a in enumerate(ids)]
    legend = [("none", EMPTY), ("1", blend(0.15 + 0.85 / peak))] + ([(str(peak), BLUE)] if peak > 1 else []) if peak else []
    header = el("text", "total", x=frame.width - frame.right + 10, y=frame.top - 6, font_size=11, fill=AXIS)
    title = f"Top actors: articles naming each, per {periods.unit}"
    body = (frame.heading(title, "Darker cells: more articles that day; total for the whole window at the right")
            + frame.legend(legend) + header + el("g", "".join(rows), class_="marks")
            + frame.x_axis([periods.label(s) for s in periods.starts], unit_word(periods) + " (UTC)"))
    if not ids:
        body += el("text", "No actors found yet.", x=frame.left, y=frame.top + 18, font_size=13, fill=AXIS)
    return Chart("actors-over-time", title, frame.width, frame.height, body)


def _row(actor: str, label: str, index: int, counts: dict, mentions: dict, total: int, frame: Frame,
         periods: Periods, slot: float, peak: int) -> str:
    y = frame.top + index * ROW_H
    parts = [el("text", esc(label), x=frame.left - 8, y=y + ROW_H / 2 + 3, font_size=12, fill="#222", text_anchor="end")]
    for j, start in enumerate(periods.starts):
        value, fill_ink = counts.get(start, 0), shade(counts.get(start, 0), peak)
        x = frame.left + slot * j
        tip = f"{label}, {periods.label(start)}: {value} articles ({mentions.get(start, 0)} mentions)"
        parts.append(el("rect", el("title", esc(tip)), x=round(x, 2), y=y, width=round(max(1.0, slot - 1), 2),
                        height=ROW_H - 2, fill=fill_ink[0], class_="cell", data_row=actor,
                        data_period=start.isoformat(), data_value=value))
        if value and slot >= 16:
            parts.append(el("text", str(value), x=round(x + slot / 2 - 0.5, 2), y=y + ROW_H / 2 + 3, font_size=11,
                            fill=fill_ink[1], text_anchor="middle"))
    parts.append(el("text", str(total), x=frame.width - frame.right + 10, y=y + ROW_H / 2 + 3, font_size=12,
                    font_weight=600, fill="#222", class_="total", data_row=actor, data_value=total))
    return el("g", "".join(parts), class_="actor-row", data_actor=actor)


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
    frame = Frame(width=max(width, 620), height=height, subtitle_lines=1)
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
        (fill, ink), kind = shade(value, peak), "pair"
        fill = fill if value else "#fafafa"
    name_a, name_b = actors.names.get(a, a), actors.names.get(b, b)
    tip = f"{name_a}: {value} articles" if a == b else f"{name_a} and {name_b}: {value} articles together"
    rect = el("rect", el("title", esc(tip)), x=x, y=y, width=CELL - 2, height=CELL - 2, fill=fill, class_="cell",
              data_row=a, data_col=b, data_kind=kind, data_value=value)
    label = el("text", str(value), x=x + CELL / 2 - 1, y=y + CELL / 2 + 4, font_size=12, fill=ink, text_anchor="middle")
    return rect + label
