"""The peer path: what a user would run instead of claimwatch on the same pages.

  * in process: trafilatura's own `extract` of each page, one after another, asked for what the
    pipeline gets from a page: text, title, date and URL (JSON output with metadata, no comments).
    The pipeline reads fewer metadata than that call does (extractors/page_metadata.py), so the
    plain default call, text only (`extract(html)`), is timed too and reported beside it;
  * its command-line tool over the same pages written to a folder
    (`trafilatura --input-dir IN --output-dir OUT`), which extracts in parallel processes.

Both run in the benchmark's process (the command line as its child) right after the pipeline,
so the ratios compare runs made on the machine in the same state.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from bench.site import Entry, SitePlan, variant_html

__all__ = ["PeerResult", "sample_entries", "page_bytes", "extract_in_process", "extract_text_only", "extract_with_cli"]


@dataclass(frozen=True)
class PeerResult:
    pages: int          # pages measured
    wall_seconds: float
    cpu_seconds: float
    extracted: int = 0  # pages that yielded text

    @property
    def cpu_per_page(self) -> float:
        return self.cpu_seconds / max(1, self.pages)

    @property
    def wall_per_page(self) -> float:
        return self.wall_seconds / max(1, self.pages)


def sample_entries(plan: SitePlan, limit: int | None) -> list[Entry]:
    """Every entry the pipeline fetched, or `limit` of them evenly spread (each corpus page then
    appears in proportion, so per-page costs scale to the whole)."""
    entries = list(plan.entries())
    if not limit or limit >= len(entries):
        return entries
    step = len(entries) / limit
    return [entries[int(i * step)] for i in range(limit)]


def page_bytes(plan: SitePlan, base_pages: list[tuple[str, bytes]], entry: Entry) -> bytes:
    """The exact bytes the site serves for this entry."""
    return variant_html(base_pages[plan.base_page(entry)][1], entry.source, entry.canonical)


def extract_in_process(pages: list[tuple[str, bytes]]) -> PeerResult:
    """trafilatura on each (url, html) in turn, in this process."""
    extracted = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for url, html in pages:
        document = trafilatura.extract(html, url=url, output_format="json", with_metadata=True,
                                       include_comments=False)
        extracted += bool(document)
    return PeerResult(len(pages), time.perf_counter() - wall, time.process_time() - cpu, extracted)


def extract_text_only(pages: list[tuple[str, bytes]]) -> PeerResult:
    """trafilatura's default call, `extract(html)` (plain text, no metadata), on each page in turn."""
    extracted = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for url, html in pages:
        extracted += bool(trafilatura.extract(html, url=url))
    return PeerResult(len(pages), time.perf_counter() - wall, time.process_time() - cpu, extracted)


def extract_with_cli(pages: list[tuple[str, bytes]], workdir: Path) -> PeerResult:
    """trafilatura's command-line tool over the pages written to a folder (its default
    parallelism: one process per core). CPU comes from the reaped child's rusage."""
    source, target = workdir / "cli-in", workdir / "cli-out"
    shutil.rmtree(source, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)
    source.mkdir(parents=True)
    for index, (_, html) in enumerate(pages):
        (source / f"page-{index:06d}.html").write_bytes(html)
    command = [_cli_path(), "--input-dir", str(source), "--output-dir", str(target),
               "--output-format", "json", "--with-metadata", "--no-comments"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    extracted = sum(1 for p in target.rglob("*") if p.is_file()) if target.exists() else 0  # it nests folders
    shutil.rmtree(source, ignore_errors=True)
    shutil.rmtree(target, ignore_errors=True)
    return PeerResult(len(pages), wall, cpu, extracted)


def _cli_path() -> str:
    beside = Path(sys.executable).with_name("trafilatura")
    return str(beside) if beside.exists() else (shutil.which("trafilatura") or "trafilatura")


def cli_version() -> str:
    return trafilatura.__version__


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
