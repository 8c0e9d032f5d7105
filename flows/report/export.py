"""Each chart as its own file, for slides: SVG as drawn, or PNG rendered by headless Chromium."""

from __future__ import annotations

from pathlib import Path

from flows.report.svg import Chart

__all__ = ["export_charts", "charts_dir_for", "FORMATS"]

FORMATS = ("html", "svg", "png")
PNG_SCALE = 2  # device pixels per CSS pixel: sharp on projectors and high-density screens


def charts_dir_for(report_path: Path) -> Path:
    return report_path.with_name(report_path.stem + "-charts")


def export_charts(charts: list[Chart], folder: Path, fmt: str) -> list[Path]:
    """Write every chart into `folder` as `<slug>.svg`, and for png also `<slug>.png`."""
    folder.mkdir(parents=True, exist_ok=True)
    svgs = []
    for chart in charts:
        path = folder / f"{chart.slug}.svg"
        path.write_text(chart.svg(standalone=True), encoding="utf-8")
        svgs.append((chart, path))
    if fmt != "png":
        return [path for _, path in svgs]
    from flows.report.chromium import Browser  # only PNG needs a browser

    pngs = []
    with Browser() as browser:
        for chart, svg_path in svgs:
            png = svg_path.with_suffix(".png")
            browser.screenshot_file(svg_path, png, chart.width, chart.height, scale=PNG_SCALE)
            pngs.append(png)
    return pngs
