"""`claimwatch catalogue ...`: check, export, fix-offsets, bootstrap, bootstrap-recall.

Exit codes follow flows/cli.py: 0 done, 1 the catalogue has problems (check) or a step failed,
2 the catalogue cannot be loaded at all (raised as CatalogueError and reported by cli.main).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from extractors.catalogue import (
    DEFAULT_CATALOGUE,
    catalogue_to_dict,
    check_catalogue,
    coverage_rows,
    language_gaps,
    load_catalogue,
    name_warnings,
    read_catalogue_toml,
    read_seed_texts,
    source_problems,
)
from extractors.catalogue_offsets import fix_offsets

__all__ = ["register"]


def register(subparsers) -> None:
    parser = subparsers.add_parser("catalogue", help="check, export or draft the catalogue of actors and claims")
    commands = parser.add_subparsers(dest="catalogue_command", metavar="SUBCOMMAND", required=True)

    check = _command(commands, "check", _check, "validate the catalogue and print a coverage table per seed document")
    _catalogue_option(check)
    check.add_argument("--fix", action="store_true", help="fill missing offsets from quotes first")

    export = _command(commands, "export", _export, "print the whole catalogue (actors, claims, evidence) as JSON")
    _catalogue_option(export)
    export.add_argument("--json", action="store_true", help="JSON output (the only format; accepted for clarity)")

    listing = _command(commands, "list", _list, "list actors and claims one per line, for reading and review")
    _catalogue_option(listing)

    fix = _command(commands, "fix-offsets", _fix_offsets, "fill evidence start/end offsets from the quotes, in place")
    _catalogue_option(fix)

    bootstrap = _command(commands, "bootstrap", _bootstrap, "draft a catalogue from a folder of articles")
    bootstrap.add_argument("dir", type=Path, help="folder of .txt / .html articles")
    bootstrap.add_argument("--out", type=Path, required=True,
                           help="TOML file to write (with a corpus folder beside it if needed)")

    recall = _command(commands, "bootstrap-recall", _bootstrap_recall,
                      "draft a catalogue from the seed corpus and print its recall against the curated one")
    _catalogue_option(recall)
    recall.add_argument("--json", action="store_true", help="print the figures as JSON")


def _command(commands, name: str, func, help_text: str) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(func=func)
    return parser


def _catalogue_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalogue", type=Path, default=DEFAULT_CATALOGUE,
                        help="catalogue TOML file (default: seeds/catalogue.toml)")


def _check(args) -> int:
    if args.fix and _fix_offsets(args):
        return 1
    catalogue = load_catalogue(args.catalogue)
    print(_coverage_table(coverage_rows(catalogue)))
    print(f"version {catalogue.version}: {len(catalogue.actors)} actors, {len(catalogue.claims)} claims")
    problems = check_catalogue(catalogue) + source_problems(args.catalogue)
    for warning in name_warnings(catalogue) + language_gaps(catalogue):
        print(f"warning: {warning}", file=sys.stderr)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    print(f"{len(problems)} problem(s)" if problems else "catalogue OK")
    return 1 if problems else 0


def _coverage_table(rows: list[dict]) -> str:
    """claims/spans: claims with evidence in the document and their spans there; actors: actors
    of those claims; named: catalogue actors the document names."""
    header = f"{'seed document':<28} {'claims':>6} {'spans':>6} {'actors':>6} {'named':>6}"
    lines = [header] + [
        f"{r['seed']:<28} {r['claims']:>6} {r['spans']:>6} {r['actors']:>6} {r['named']:>6}" for r in rows
    ]
    return "\n".join(lines)


def _export(args) -> int:
    json.dump(catalogue_to_dict(load_catalogue(args.catalogue)), sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0


def _list(args) -> int:
    catalogue = load_catalogue(args.catalogue)
    print(f"{len(catalogue.actors)} actors")
    for actor in catalogue.actors:
        speaks_for = f"  ({actor.role} of {actor.parent})" if actor.parent else ""
        print(f"  {actor.id:<34} {actor.kind:<16} {actor.name}{speaks_for}  [{len(actor.names)} names]")
    print(f"{len(catalogue.claims)} claims")
    for claim in catalogue.claims:
        denial = f"  (denies {claim.denies})" if claim.denies else ""
        print(f"  {claim.id:<52} {len(claim.evidence):>2} spans  {claim.statement}{denial}")
    return 0


def _fix_offsets(args) -> int:
    """Rewrite the evidence lines in place; comments and layout stay as they are."""
    path = Path(args.catalogue)
    seeds = read_seed_texts(path, read_catalogue_toml(path))
    text = path.read_text(encoding="utf-8")
    fixed, problems = fix_offsets(text, seeds)
    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    if fixed != text:
        path.write_text(fixed, encoding="utf-8")
        print(f"{path}: offsets updated")
    return 1 if problems else 0


def _bootstrap(args) -> int:
    from extractors.bootstrap import bootstrap_catalogue

    summary = bootstrap_catalogue(args.dir, args.out)
    print(f"{args.out}: drafted {summary['actors']} actors and {summary['claims']} claims from {summary['documents']} documents")
    print("review it, then run: claimwatch catalogue check --catalogue", args.out)
    return 0


def _bootstrap_recall(args) -> int:
    from extractors.catalogue_draft_recall import measure_bootstrap_recall

    figures = measure_bootstrap_recall(load_catalogue(args.catalogue))
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"actors proposed: {figures['actors_proposed']}/{figures['actors_curated']} = {figures['actor_recall']:.1%}")
        print(f"claims proposed: {figures['claims_proposed']}/{figures['claims_curated']} = {figures['claim_recall']:.1%}")
        print(f"draft size: {figures['draft_actors']} actors, {figures['draft_claims']} claims"
              f" from {figures['seed_sentences']} seed sentences and lines")
        print(f"draft actors matching a curated actor: {figures['draft_actors_matching_curated']}/{figures['draft_actors']};"
              f" draft claims overlapping a curated span: {figures['draft_claims_overlapping_curated']}/{figures['draft_claims']}")
        for missed in figures["actors_missed"]:
            print(f"  actor missed: {missed}")
        for missed in figures["claims_missed"]:
            print(f"  claim missed: {missed}")
    return 0
