"""CPU seconds and peak memory of a process tree, read from /proc (Linux).

The pipeline is several processes: the flow process, the fork server and the extraction workers
(children of the fork server), plus Prefect's temporary API server. `Tree` sums CPU over the
live processes below this one, each counted with the CPU of the children it has already reaped
(cutime/cstime), so workers that ended are not lost. `Sampler` watches memory on a thread and
keeps the peak of the summed resident set sizes: an upper bound, as pages the forked workers
share are counted once per process.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ProcessInfo", "processes_below", "Tree", "Sampler", "machine_description", "load_average"]

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass(frozen=True)
class ProcessInfo:
    pid: int
    ppid: int
    cpu_seconds: float  # own user + system, plus reaped children's
    cmdline: str


def _read_stat(pid: int) -> ProcessInfo | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The command name may hold spaces and parentheses: the fields start after the last ")".
    fields = raw[raw.rindex(")") + 2:].split()
    ppid = int(fields[1])
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return ProcessInfo(pid, ppid, (utime + stime + cutime + cstime) / CLOCK_TICKS, cmdline)


def processes_below(root: int) -> list[ProcessInfo]:
    """`root` and every live descendant."""
    infos = [info for info in (_read_stat(int(p)) for p in os.listdir("/proc") if p.isdigit()) if info]
    children: dict[int, list[ProcessInfo]] = {}
    for info in infos:
        children.setdefault(info.ppid, []).append(info)
    found, stack = [], [i for i in infos if i.pid == root]
    while stack:
        info = stack.pop()
        found.append(info)
        stack.extend(children.get(info.pid, []))
    return found


def _memory_bytes(pid: int) -> int:
    """Resident set size. Cheap to read (PSS would walk the process's page tables and stall its
    page faults meanwhile); an upper bound, since pages shared by forked workers count in each."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
    except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError, IndexError):
        return 0


class Tree:
    """This process and its descendants, split into groups by a classifier on the command line
    (e.g. "pipeline", "prefect server", or None to leave a process out, such as the site)."""

    def __init__(self, classify, root: int | None = None):
        self.classify, self.root = classify, root or os.getpid()

    def groups(self) -> dict[str, list[ProcessInfo]]:
        grouped: dict[str, list[ProcessInfo]] = {}
        excluded: set[int] = set()
        for info in sorted(processes_below(self.root), key=lambda i: i.pid):
            if info.ppid in excluded:
                excluded.add(info.pid)
                continue
            group = self.classify(info)
            if group is None:
                excluded.add(info.pid)
                continue
            grouped.setdefault(group, []).append(info)
        return grouped

    def cpu_seconds(self) -> dict[str, float]:
        return {group: sum(i.cpu_seconds for i in infos) for group, infos in self.groups().items()}


@dataclass
class Sampler:
    """Peak summed memory per group, sampled every `interval` seconds on a daemon thread."""

    tree: Tree
    interval: float = 1.0
    peaks: dict = field(default_factory=dict)
    samples: int = 0

    def __post_init__(self):
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-memory-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        for group, infos in self.tree.groups().items():
            total = sum(_memory_bytes(i.pid) for i in infos)
            self.peaks[group] = max(self.peaks.get(group, 0), total)
        self.samples += 1

    def __enter__(self) -> "Sampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()


def load_average() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:
        return (0.0, 0.0, 0.0)


def machine_description() -> dict:
    """What the figures were measured on."""
    import platform

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        memory = 0
    return {
        "cpu": cpu,
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gb": round(memory / 2**30, 1),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "time": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
    }
