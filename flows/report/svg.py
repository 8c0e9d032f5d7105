"""Hand-written SVG: a chart frame (title, legend, axes, ticks) and the small pieces charts share.

No charting library: the page must open offline, print, and stay light to install, and a few
rectangles and lines are all these charts need. Every mark carries its number twice: a
data-value attribute (for tests and scripts) and a <title> (the tooltip a reader sees on hover).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

__all__ = ["Chart", "Frame", "esc", "el", "nice_ticks", "shorten", "wrap", "FONT", "PALETTE"]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif"
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
AXIS = "#444"
GRID = "#ddd"
CHAR_WIDTH = 0.58  # average glyph width as a fraction of the font size, for laying out labels


def esc(value) -> str:
    return escape(str(value), quote=True)


def el(tag: str, body: str = "", **attrs) -> str:
    """One element; attribute names use _ for - (data_value -> data-value); None drops it."""
    rendered = "".join(f' {name.rstrip("_").replace("_", "-")}="{esc(v)}"' for name, v in attrs.items() if v is not None)
    return f"<{tag}{rendered}>{body}</{tag}>" if body or tag not in ("rect", "line", "circle", "polyline", "path") else f"<{tag}{rendered}/>"


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def shorten(text: str, size: float, width: float) -> str:
    """Cut `text` with an ellipsis so it fits `width` pixels at font `size`."""
    room = int(width / (size * CHAR_WIDTH))
    return text if len(text) <= room else text[: max(1, room - 1)].rstrip() + "\u2026"


def wrap(text: str, size: float, width: float, max_lines: int = 2) -> list[str]:
    """Words into at most `max_lines` lines of `width` pixels; the last line ends in an ellipsis if cut."""
    room = max(1, int(width / (size * CHAR_WIDTH)))
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > room:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = shorten(lines[-1] + " \u2026", size, width)
    return [shorten(line, size, width) for line in lines]


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """0 and round steps (1, 2, 5 x 10^k) up to at least `maximum`; whole numbers for counts."""
    if maximum <= 0:
        return [0, 1]
    raw = maximum / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(step, 1)
    top = math.ceil(maximum / step) * step
    return [i * step for i in range(int(round(top / step)) + 1)]


@dataclass(frozen=True)
class Chart:
    """A finished chart: `slug` names its file when exported, `markup` is the <svg> element."""

    slug: str
    title: str
    width: int
    height: int
    body: str
    attrs: tuple[tuple[str, str], ...] = ()

    def svg(self, standalone: bool = False) -> str:
        # Inline SVG in HTML needs no namespace; a file on its own does (the namespace is an
        # identifier, never fetched).
        namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
        extra = "".join(f' {name}="{esc(value)}"' for name, value in self.attrs)
        header = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
        return (
            f'{header}<svg{namespace} class="chart" data-chart="{esc(self.slug)}"{extra} '
            f'width="{self.width}" height="{self.height}" viewBox="0 0 {self.width} {self.height}" '
            f'role="img" aria-label="{esc(self.title)}" font-family="{esc(FONT)}">'
            f"<title>{esc(self.title)}</title>"
            f'<rect class="background" width="{self.width}" height="{self.height}" fill="#fff"/>{self.body}</svg>'
        )


@dataclass(frozen=True)
class Frame:
    """The plotting area of a chart with a title, an optional subtitle, a legend row and axes."""

    width: int = 760
    height: int = 320
    left: int = 60
    right: int = 20
    subtitle_lines: int = 0
    bottom: int = 46

    @property
    def top(self) -> int:
        return 62 + 18 * self.subtitle_lines

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_bottom(self) -> float:
        return self.height - self.bottom

    @property
    def plot_height(self) -> float:
        return self.plot_bottom - self.top

    def y(self, value: float, top_value: float) -> float:
        return self.plot_bottom - (value / top_value) * self.plot_height if top_value else self.plot_bottom

    def subtitle_wrapped(self, subtitle: str | None) -> list[str]:
        return wrap(subtitle, 12, self.width - 24, max(1, self.subtitle_lines)) if subtitle else []

    def heading(self, title: str, subtitle: str | None = None) -> str:
        parts = [el("text", esc(shorten(title, 16, self.width - 24)), x=12, y=24, font_size=16, font_weight=600, fill="#111")]
        for index, line in enumerate(self.subtitle_wrapped(subtitle)):
            parts.append(el("text", esc(line), x=12, y=44 + 17 * index, font_size=12, fill="#555", class_="subtitle"))
        return "".join(parts)

    def legend(self, entries: list[tuple[str, str]]) -> str:
        """entries: (label, colour), left to right under the title."""
        x, y, parts = float(self.left), self.top - 18, []
        for label, colour in entries:
            swatch = el("rect", x=x, y=y - 10, width=12, height=12, fill=colour)
            parts.append(el("g", swatch + el("text", esc(label), x=x + 18, y=y, font_size=12, fill="#222"), class_="legend-item"))
            x += 18 + text_width(label, 12) + 18
        return el("g", "".join(parts), class_="legend")

    def y_axis(self, ticks: list[float], unit: str) -> str:
        top = ticks[-1]
        parts = []
        for tick in ticks:
            y = self.y(tick, top)
            parts.append(el("line", x1=self.left, y1=y, x2=self.width - self.right, y2=y, stroke=GRID, stroke_width=1))
            parts.append(el("text", f"{tick:g}", x=self.left - 8, y=y + 4, font_size=11, fill=AXIS, text_anchor="end"))
        mid = self.top + self.plot_height / 2
        parts.append(el("text", esc(unit), x=16, y=mid, font_size=12, fill=AXIS, text_anchor="middle",
                        transform=f"rotate(-90 16 {mid})", class_="axis-label"))
        return el("g", "".join(parts), class_="y-axis")

    def x_axis(self, labels: list[str], unit: str) -> str:
        """Category labels under evenly spaced slots, thinned so they never overlap."""
        slot = self.plot_width / max(1, len(labels))
        room = max(1, int(self.plot_width // (text_width(max(labels, key=len, default=""), 11) + 14)))
        every = max(1, math.ceil(len(labels) / room))
        parts = [el("line", x1=self.left, y1=self.plot_bottom, x2=self.width - self.right, y2=self.plot_bottom, stroke=AXIS)]
        for index, label in enumerate(labels):
            if index % every == 0:
                x = self.left + slot * (index + 0.5)
                parts.append(el("text", esc(label), x=x, y=self.plot_bottom + 16, font_size=11, fill=AXIS, text_anchor="middle"))
        parts.append(el("text", esc(unit), x=self.left + self.plot_width / 2, y=self.height - 8, font_size=12,
                        fill=AXIS, text_anchor="middle", class_="axis-label"))
        return el("g", "".join(parts), class_="x-axis")
