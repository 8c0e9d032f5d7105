"""Benchmark the matcher against trafilatura extraction of the same pages.

    python bench/bench_matcher.py [--pages DIR] [--limit N] [--catalogue PATH] [--no-semantic]

Prints one table: model load time, extraction time, matcher time (sentences per second, per
core: both run in one thread of this process), the matcher's cost as a share of extraction, and
peak memory (RSS high-water mark of this process). Not a test: numbers depend on the machine and
its load, so record them with the date and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.catalogue import load_catalogue  # noqa: E402
from extractors.matcher import Matcher  # noqa: E402
from extractors.text import sentence_spans  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _extract(pages: list[Path]) -> tuple[list[str], float]:
    import trafilatura

    texts, started = [], time.perf_counter()
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        texts.append(trafilatura.extract(html, include_comments=False) or "")
    return texts, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", default=str(ROOT.parent.parent / "shared" / "corpus" / "html"))
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--catalogue", default=str(ROOT / "seeds" / "catalogue.toml"))
    parser.add_argument("--no-semantic", action="store_true")
    args = parser.parse_args(argv)
    pages = sorted(Path(args.pages).glob("*.htm*"))[: args.limit]
    if not pages:
        print(f"no pages in {args.pages}", file=sys.stderr)
        return 1
    texts, extract_s = _extract(pages)
    catalogue = load_catalogue(args.catalogue)
    semantic = False if args.no_semantic else None
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        Matcher(catalogue, semantic=semantic, cache_dir=Path(cache))  # cold: embeds claim texts
        cold_s = time.perf_counter() - started
        started = time.perf_counter()
        matcher = Matcher(catalogue, semantic=semantic, cache_dir=Path(cache))  # warm: cached
        load_s = time.perf_counter() - started
    sentences = sum(len(sentence_spans(t)) for t in texts)
    started = time.perf_counter()
    results = matcher.match_many((t, None, "") for t in texts)
    match_s = time.perf_counter() - started
    rows = [
        ("matcher", matcher.version),
        ("pages / sentences", f"{len(pages)} / {sentences}"),
        ("load, cold cache (s)", f"{cold_s:.2f}"),
        ("load, warm cache (s)", f"{load_s:.2f}"),
        ("trafilatura extract (s)", f"{extract_s:.2f}"),
        ("matcher (s)", f"{match_s:.2f}"),
        ("sentences / s / core", f"{sentences / match_s:.0f}" if match_s else "-"),
        ("matcher / extraction", f"{match_s / extract_s:.1%}" if extract_s else "-"),
        ("claims found", str(sum(len(r.claims) for r in results))),
        ("peak RSS (MB)", f"{_peak_mb():.0f}"),
        ("load average (1 min)", f"{os.getloadavg()[0]:.1f}"),
    ]
    for name, value in rows:
        print(f"{name:<26} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
