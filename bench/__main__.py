"""python -m bench run --articles 2000     one size: site, cold + warm runs, peer, profile
python -m bench scale --sizes 500,2000,10000   each size in a fresh process (memory is per run)
python -m bench report                  rewrite bench/RESULTS.md from bench/results/*.json
python -m bench fast                    the fast extraction engine beside trafilatura (bench/FAST.md)
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.report import RESULTS_DIR, load_results, stage_table, summary_table, targets_table, write_results_md

NOTES = Path(__file__).resolve().parent / "NOTES.md"


def _say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description="claimwatch speed, cost and scale benchmark")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="benchmark one size")
    run.add_argument("--articles", type=int, default=2000, help="feed entries the site lists (default 2000)")
    run.add_argument("--feeds", type=int, default=50)
    run.add_argument("--corpus", type=Path, help="folder of HTML pages (default: shared/corpus/html)")
    run.add_argument("--workdir", type=Path, help="where the warehouse and scratch files go (default: a temp dir)")
    run.add_argument("--peer-limit", type=int, default=2000, help="pages the peer extracts; beyond, a spread sample scaled up")
    run.add_argument("--matcher", choices=["auto", "lexical", "semantic"], default="auto",
                     help="auto: as a default install (the sentence model when installed); lexical: without it")
    run.add_argument("--no-cli", action="store_true", help="skip trafilatura's command-line tool")
    run.add_argument("--no-save", action="store_true", help="print only; keep bench/results and RESULTS.md as they are")
    scale = commands.add_parser("scale", help="several sizes, each in a fresh process")
    scale.add_argument("--sizes", default="500,2000,10000")
    commands.add_parser("report", help="rewrite bench/RESULTS.md from bench/results/*.json")
    commands.add_parser("fast", help="the fast extraction engine beside trafilatura (bench/fast_extract.py; its own options)")
    return parser


def _print(result: dict) -> None:
    for line in [*summary_table([result]), "", *targets_table(result), "", *stage_table(result)]:
        print(line)


def _report() -> None:
    results = load_results()
    if results:
        write_results_md(results, NOTES.read_text(encoding="utf-8") if NOTES.exists() else "")
        _say(f"wrote {Path(__file__).resolve().parent / 'RESULTS.md'} from {len(results)} result files")


def _run(args) -> int:
    from bench.run import BenchOptions, prepare_environment, run_benchmark

    prepare_environment(Path(tempfile.mkdtemp(prefix="claimwatch-bench-prefect-")))
    command = "python -m bench " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    options = BenchOptions(articles=args.articles, feeds=args.feeds, corpus=args.corpus, workdir=args.workdir,
                           peer_limit=args.peer_limit, cli=not args.no_cli, matcher=args.matcher,
                           command=command)
    result = run_benchmark(options, say=_say)
    _print(result)
    if not args.no_save:
        RESULTS_DIR.mkdir(exist_ok=True)
        suffix = "" if args.matcher == "auto" else f"-{args.matcher}"
        (RESULTS_DIR / f"articles-{args.articles}{suffix}.json").write_text(json.dumps(result, indent=1, default=str))
        _report()
    return 0


def _scale(args) -> int:
    for size in (int(s) for s in args.sizes.split(",")):
        _say(f"size {size}: a fresh process")
        subprocess.run([sys.executable, "-m", "bench", "run", "--articles", str(size)], check=True)
    _report()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["fast"]:  # its own options (bench/fast_extract.py)
        from bench.fast_extract import main as fast_main

        return fast_main(argv[1:])
    args = _parser().parse_args(argv)
    if args.command == "run":
        return _run(args)
    if args.command == "scale":
        return _scale(args)
    _report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
