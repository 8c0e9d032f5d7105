"""Progress of long stages: a bar on a terminal, plain log lines (every quarter) otherwise."""

from __future__ import annotations

import sys
from concurrent.futures import Future
from typing import Callable, Iterable, Iterator

__all__ = ["track"]


def _as_completed(futures: list) -> Iterator:
    """Prefect futures in completion order (falls back to submission order)."""
    try:
        from prefect.futures import as_completed

        yield from as_completed(futures)
    except (ImportError, TypeError):
        yield from futures


def _results(futures: list, on_error: Callable[[Exception], None] | None) -> Iterator:
    """Each future's result as it completes; a failed one goes to `on_error` (when given) and is skipped."""
    for future in _as_completed(futures):
        try:
            result = future.result()
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            continue
        yield result


def track(futures: list, label: str, total: int, logger, size: Callable[[object], int] = len,
          on_error: Callable[[Exception], None] | None = None) -> Iterable:
    """Yield each future's result as it completes, showing how many items are done."""
    if sys.stderr.isatty() and total:
        yield from _with_bar(futures, label, total, size, on_error)
        return
    done, next_report = 0, 0.25
    for result in _results(futures, on_error):
        done += size(result)
        if total and done / total >= next_report:
            logger.info("%s: %d/%d (%.0f%%)", label, done, total, 100 * done / total)
            while done / total >= next_report:
                next_report += 0.25
        yield result


def _with_bar(futures: list, label: str, total: int, size, on_error) -> Iterable:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(label, total=total)
        for result in _results(futures, on_error):
            bar.advance(task, size(result))
            yield result
