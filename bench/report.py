"""Tables from benchmark results: printed after a run, and bench/RESULTS.md from every result
file kept in bench/results/ (one JSON file per size)."""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["load_results", "summary_table", "stage_table", "write_results_md", "TARGETS"]

RESULTS_DIR = Path(__file__).resolve().parent / "results"
RESULTS_MD = Path(__file__).resolve().parent / "RESULTS.md"

# ratio key -> (target, comparison, what it means)
TARGETS = {
    "pipeline_wall_vs_peer_wall": (0.75, "<=", "whole pipeline wall / trafilatura in one process, same pages"),
    "warm_vs_cold": (0.05, "<=", "warm run (nothing new) / cold run, wall"),
    "match_cpu_vs_extract_cpu": (0.25, "<=", "matching CPU / extraction CPU"),
}
MEMORY_TARGET_MB = 1536


def load_results(folder: Path = RESULTS_DIR) -> list[dict]:
    found = (json.loads(p.read_text()) for p in folder.glob("articles-*.json"))
    return sorted(found, key=lambda r: (r.get("matcher_mode", "auto") != "auto", r["articles"]))


def _row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]


def _memory(run: dict) -> float:
    return run["peak_memory_mb"].get("pipeline", 0.0)


def summary_table(results: list[dict]) -> list[str]:
    header = ["articles", "matcher", "cold wall s", "articles/s", "pipeline CPU s", "Prefect server CPU s", "site CPU s",
              "peak memory MB", "warm wall s", "peer wall s (1 process)", "peer CPU ms/page",
              "text-only peer wall s", "CLI wall s (all cores)", "pipeline/peer", "pipeline/text-only peer",
              "pipeline/CLI", "warm/cold", "match/extract"]
    rows = []
    for r in results:
        cold, warm, peer, ratios = r["cold"], r["warm"], r["peer"], r["ratios"]
        cli = peer.get("cli", {})
        rows.append([
            r["articles"], cold["matcher"], cold["wall_seconds"], round(r["articles"] / cold["wall_seconds"], 1),
            cold["cpu_seconds"].get("pipeline", 0.0), cold["cpu_seconds"].get("prefect_server", 0.0),
            cold["site_cpu_seconds"], _memory(cold), warm["wall_seconds"],
            peer["in_process"]["wall_for_all"], peer["in_process"]["cpu_ms_per_page"],
            peer.get("text_only", {}).get("wall_for_all", "-"), cli.get("wall_for_all", "-"),
            ratios["pipeline_wall_vs_peer_wall"], ratios.get("pipeline_wall_vs_text_only_wall", "-"),
            ratios.get("pipeline_wall_vs_cli_wall", "-"), ratios["warm_vs_cold"], ratios["match_cpu_vs_extract_cpu"],
        ])
    return _table(header, rows)


STAGES = [
    ("fetch_feeds", "fetch + parse 50 feeds (wall, before pages start)"),
    ("parse_feeds", "of which feed parsing (CPU, measured apart)"),
    ("fetch_pages_busy", "fetch + decode pages (wall summed over chunk tasks)"),
    ("extract_cpu", "extract (CPU summed over workers)"),
    ("match_cpu", "match (CPU summed over workers)"),
    ("dedupe", "dedupe (flow process, wall)"),
    ("plan_alerts", "plan alerts (flow process, wall)"),
    ("store", "store batches incl. dedupe + plan (flow process, wall)"),
    ("pages", "page stage: fetch -> extract -> match -> store, overlapped (wall)"),
    ("alerts", "deliver alerts (wall)"),
    ("catalogue", "load catalogue + matcher (wall)"),
    ("prepare", "prepare warehouse (wall)"),
]


def stage_table(result: dict) -> list[str]:
    cold, warm = result["cold"], result["warm"]
    rows = []
    for key, label in STAGES:
        if key == "parse_feeds":
            rows.append([label, result["parse_feeds_cpu_seconds"], "-"])
            continue
        rows.append([label, cold["stages"].get(key, "-"), warm["stages"].get(key, "-")])
    rows.append(["whole run (wall)", cold["wall_seconds"], warm["wall_seconds"]])
    return _table(["stage", f"cold, {result['articles']} articles (s)", "warm (s)"], rows)


def targets_table(result: dict) -> list[str]:
    rows = []
    for key, (target, op, meaning) in TARGETS.items():
        value = result["ratios"].get(key)
        met = value is not None and value <= target
        rows.append([meaning, value, f"{op} {target}", "met" if met else "**not met**"])
    memory = _memory(result["cold"])
    rows.append(["peak memory of the pipeline processes (MB)", memory, f"< {MEMORY_TARGET_MB}",
                 "met" if memory < MEMORY_TARGET_MB else "**not met**"])
    return _table(["target", "measured", "target", ""], rows)


def _cpu_line(cpu: dict, scale: float, unit: str = "s") -> str:
    return ", ".join(f"{group} {value * scale:.2f} {unit}" for group, value in sorted(cpu.items())) or "-"


def profile_lines(profile: dict) -> list[str]:
    lines = [f"Stage profiled: **{profile['stage']}**, {profile['items']} items, "
             f"{profile['profiled_seconds']} s under cProfile.", "", "Own time by package:", ""]
    lines += _table(["package", "% own time"], [list(p) for p in profile["by_package"]])
    lines += ["", "Top functions by own time:", ""]
    lines += _table(["function", "% own", "% cumulative", "calls"], [list(f) for f in profile["functions"]])
    return lines


def write_results_md(results: list[dict], notes: str, path: Path = RESULTS_MD) -> None:
    default = [r for r in results if r.get("matcher_mode", "auto") == "auto"] or results
    biggest = max(default, key=lambda r: r["articles"])
    lines = ["# claimwatch benchmark results", "",
             "Generated by `python -m bench report` from bench/results/*.json. Written notes: the",
             "top section of bench/NOTES.md is copied below the figures.", ""]
    lines += ["## Machine", ""]
    for r in results:
        m = r["machine"]
        lines.append(f"- {r['articles']} articles, {r['cold']['matcher']} matcher: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, "
                     f"Python {m['python']}, {m['system']}, measured {m['time']}; load average during the cold "
                     f"run {r['cold']['load_average'][0]} -> {r['cold']['load_average'][3]}; "
                     f"command `{r['command']}`")
    lines += ["", "## How cost grows", ""] + summary_table(results)
    for r in results:
        lines += ["", f"## Targets at {r['articles']} articles ({r['cold']['matcher']} matcher)", ""]
        lines += targets_table(r)
    lines += ["", f"## Stages at {biggest['articles']} articles", ""] + stage_table(biggest)
    p = biggest["prefect"]
    lines += ["", "## Prefect's own cost", "",
              f"- temporary server start + first flow run: {p['server_start_seconds']:.1f} s (once per process; "
              "not in the run figures)",
              f"- the first nightly run in a process, no feeds (imports, the matcher's model, flow "
              f"registration; once per process, not in the run figures): {p.get('first_nightly_run_seconds', '-')} s",
              f"- one flow run, empty: {p['flow_run_seconds']:.2f} s",
              f"- one task (no-op, {p['tasks_measured']} submitted then awaited): {1000 * p['task_seconds']:.1f} ms of wall",
              f"- CPU of an empty flow run: {_cpu_line(p.get('flow_run_cpu_seconds', {}), 1)}",
              f"- CPU of one task: {_cpu_line(p.get('task_cpu_seconds', {}), 1000, 'ms')}",
              ""]
    lines += ["## Profile of the slowest stage", ""] + profile_lines(biggest["profile"])
    lines += ["", notes.strip(), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
