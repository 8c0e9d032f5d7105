"""A profile of the slowest stage (extraction or matching), summarised by package and function.

cProfile runs in the benchmark's process over a sample of the same pages (or of the articles
extracted from them); its own overhead inflates the totals, so only the shares are reported.
"""

from __future__ import annotations

import cProfile
import pstats
from collections import defaultdict


__all__ = ["profile_extraction", "profile_matching", "summarise"]


def profile_extraction(pages: list[tuple[str, bytes]]) -> dict:
    """The pipeline's own extraction call (extractors/articles.extract_article), for entries
    whose feed gave a date, as the benchmark site's feeds do."""
    from datetime import datetime, timezone

    from extractors.articles import extract_article
    from extractors.models import FeedEntry

    dated = datetime(2020, 9, 13, tzinfo=timezone.utc)
    entries = [FeedEntry("bench", url, url, published=dated) for url, _ in pages]
    profiler = cProfile.Profile()
    profiler.enable()
    for (url, html), entry in zip(pages, entries):
        extract_article(html, url, entry)
    profiler.disable()
    return summarise(profiler, "extract", len(pages))


def profile_matching(matcher, articles: list) -> dict:
    profiler = cProfile.Profile()
    profiler.enable()
    for article in articles:
        matcher.match(article.text, article.language, article.title)
    profiler.disable()
    return summarise(profiler, "match", len(articles))


def _package(filename: str) -> str:
    """site-packages/trafilatura/main_extractor.py -> trafilatura.main_extractor; builtins as is."""
    if filename.startswith("~") or filename.startswith("<"):
        return "built-in (C: lxml, re, ...)"
    parts = filename.replace("\\", "/").split("/")
    for anchor in ("site-packages", "lib-dynload"):
        if anchor in parts:
            rest = parts[parts.index(anchor) + 1:]
            return ".".join(rest[:2]).removesuffix(".py")
    for anchor in ("extractors", "flows"):
        if anchor in parts:
            return ".".join(parts[parts.index(anchor):]).removesuffix(".py")
    return "python stdlib" if "/lib/python" in filename else filename


def summarise(profiler: cProfile.Profile, stage: str, items: int, top: int = 12) -> dict:
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values()) or 1e-9  # own time of every function
    by_package: dict[str, float] = defaultdict(float)
    functions = []
    for (filename, line, name), (_, calls, own, cumulative, _) in stats.stats.items():
        package = _package(filename)
        by_package[package] += own
        label = name if filename.startswith("~") else f"{package}:{name}"
        functions.append((own, cumulative, calls, label))
    functions.sort(reverse=True)
    return {
        "stage": stage,
        "items": items,
        "profiled_seconds": round(total, 3),
        "by_package": [(p, round(100 * s / total, 1)) for p, s in sorted(by_package.items(), key=lambda kv: -kv[1])[:top]],
        "functions": [(label, round(100 * own / total, 1), round(100 * cum / total, 1), calls)
                      for own, cum, calls, label in functions[:top]],
    }
