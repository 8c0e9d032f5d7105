"""`claimwatch match` and `claimwatch eval`: run the matcher on text, or score it on labelled data.

    claimwatch match [FILE|-] [--lang xx] [--json]      one text (a file, or stdin)
    claimwatch match --jsonl FILE                      {"id", "text", "lang"?} per line -> one line each
    claimwatch eval FILE [--json] [--floors FLOORS]    precision/recall/stance vs a BM25 baseline

Exit codes: 0 done, 1 a floor was not met (eval) or input unreadable, 2 usage/catalogue error.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from extractors.errors import ConfigError
from flows.config import default_catalogue_path

__all__ = ["register"]

_MAX_INPUT_BYTES = 20_000_000


def register(subparsers) -> None:
    m = subparsers.add_parser("match", help="find catalogue actors and claims in a text")
    m.add_argument("file", nargs="?", default="-", help="text file, or - for stdin (default)")
    m.add_argument("--lang", default=None, help="ISO language code of the text")
    m.add_argument("--title", default="", help="article title, matched as an extra sentence")
    m.add_argument("--json", action="store_true", help="print JSON")
    m.add_argument("--jsonl", metavar="FILE", help='read {"id","text","lang"} lines, print one result line each')
    _common(m)
    m.set_defaults(func=_run_match)
    e = subparsers.add_parser("eval", help="score the matcher on a labelled JSONL file")
    e.add_argument("file", help="labelled file (see shared eval README)")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.add_argument("--floors", metavar="FLOORS", help="JSON file of minimum figures; exit 1 below any")
    e.add_argument("--half", choices=["A", "B"], help="score only one half of a fixed split by id hash")
    _common(e)
    e.set_defaults(func=_run_eval)


def _common(parser) -> None:
    parser.add_argument("--catalogue", metavar="PATH", default=None, help="catalogue TOML (default: seeds/catalogue.toml)")
    parser.add_argument("--no-semantic", action="store_true", help="lexical matching only (no embedding model)")
    parser.add_argument("--config", metavar="FILE", help="TOML config, for [matcher] cache_dir (default: ./claimwatch.toml if present)")


def _load(args):
    from extractors.catalogue import load_catalogue
    from extractors.matcher import Matcher

    path = Path(args.catalogue) if args.catalogue else default_catalogue_path()
    if not path.exists():
        raise ConfigError(f"catalogue not found: {path} (use --catalogue PATH)")
    catalogue = load_catalogue(path)
    return catalogue, Matcher(catalogue, semantic=False if args.no_semantic else None, cache_dir=_cache_dir(args))


def _cache_dir(args) -> Path:
    """Claim embeddings are cached per catalogue version in [matcher] cache_dir."""
    from flows.config import load_settings

    return load_settings(args.config).matcher.cache_dir


def _read_text(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read(_MAX_INPUT_BYTES)
    else:
        with open(name, "rb") as handle:
            data = handle.read(_MAX_INPUT_BYTES)
    return data.decode("utf-8", errors="replace")


def _run_match(args) -> int:
    catalogue, matcher = _load(args)
    if args.jsonl:
        return _run_jsonl(args.jsonl, matcher)
    try:
        text = _read_text(args.file)
    except OSError as exc:
        print(f"claimwatch: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    result = matcher.match(text, args.lang, args.title)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return 0
    for a in result.actors:
        print(f"actor  {a.actor_id:<28} {a.surface!r} [{a.start}:{a.end}]")
    for c in result.claims:
        who = f" (by {c.denier})" if c.denier else ""
        print(f"claim  {c.claim_id:<28} {c.stance}{who} {c.score:.3f}  {c.sentence[:100]!r}")
    return 0


def _run_jsonl(path: str, matcher) -> int:
    try:
        handle = sys.stdin if path == "-" else open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        print(f"claimwatch: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 1
    failed = 0
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                result = matcher.match(str(item.get("text") or ""), item.get("lang"), str(item.get("title") or ""))
                out = {"id": item.get("id"), **result.as_dict()}
            except (json.JSONDecodeError, AttributeError) as exc:
                failed += 1
                out = {"id": None, "line": number, "error": f"bad input line: {exc}"}
            print(json.dumps(out, ensure_ascii=False), flush=True)
    return 1 if failed else 0


def _run_eval(args) -> int:
    from extractors.evaluation import BM25Baseline, check_floors, load_items, predictions_from, score, split_half

    catalogue, matcher = _load(args)
    try:
        items = load_items(args.file)
    except (OSError, ValueError) as exc:
        print(f"claimwatch: cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    if args.half:
        items = [i for i in items if split_half(str(i.get("id"))) == args.half]
    started = time.perf_counter()
    ours = [predictions_from(matcher.match(i["text"], i.get("lang")).claims) for i in items]
    elapsed = time.perf_counter() - started
    baseline = BM25Baseline(catalogue)
    base = [baseline.predict(i["text"]) for i in items]
    report = {
        "file": args.file, "items": len(items), "half": args.half, "matcher": matcher.version,
        "catalogue": catalogue.version, "seconds": round(elapsed, 3),
        "matcher_figures": score(items, ours, catalogue),
        "baseline_bm25": score(items, base, catalogue),
    }
    problems = check_floors(report["matcher_figures"], _floors(args.floors)) if args.floors else []
    report["floors_failed"] = problems
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else _table(report))
    for problem in problems:
        print(f"claimwatch eval: below floor: {problem}", file=sys.stderr)
    return 1 if problems else 0


def _floors(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"floors file {path}: {exc}") from None


_ROWS = ("precision", "recall", "f1", "stance_accuracy", "denies_f1", "non_english_recall")


def _table(report: dict) -> str:
    ours, base = report["matcher_figures"], report["baseline_bm25"]
    lines = [f"{report['items']} items  matcher {report['matcher']}  ({report['seconds']} s)",
             f"{'figure':<20} {'matcher':>8} {'bm25':>8}"]
    lines += [f"{k:<20} {ours[k]:>8.3f} {base[k]:>8.3f}" for k in _ROWS]
    lines.append(f"{'predicted/correct':<20} {ours['predicted']:>4}/{ours['correct']:<4} {base['predicted']:>4}/{base['correct']:<4}")
    lines.append(f"{'expected/found':<20} {ours['expected']:>4}/{ours['found']:<4} {base['expected']:>4}/{base['found']:<4}")
    lines.append("\nper language  items  pred correct  exp found")
    for lang, row in ours["per_language"].items():
        lines.append(f"  {lang:<10} {row['items']:>5} {row['predicted']:>5} {row['correct']:>7} {row['expected']:>4} {row['found']:>5}")
    lines.append("\nper claim                                pred correct  exp found")
    for key, row in ours["per_claim"].items():
        lines.append(f"  {key[:40]:<40} {row['predicted']:>3} {row['correct']:>4} {row['expected']:>5} {row['found']:>4}")
    return "\n".join(lines)

