"""The `claimwatch` command.

Each command group lives in its own module under flows/commands/ and exposes
``register(subparsers)``, which adds its parser(s) and sets ``func(args) -> int`` as the handler.
Exit codes: 0 the command completed, 1 it could not complete, 2 usage or configuration error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from extractors.errors import CatalogueError, ConfigError

__all__ = ["main", "build_parser"]

# Order here is the order of `claimwatch --help`.
COMMAND_MODULES = [
    "flows.commands.run",
    "flows.commands.serve",
    "flows.commands.warehouse",
    "flows.commands.catalogue",
    "flows.commands.match",
    "flows.commands.report",
    "flows.commands.alerts",
]

log = logging.getLogger("claimwatch")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimwatch",
        description="Monitor news feeds for known claims and actors; store matches in DuckDB; alert on new ones.",
        epilog="Example: claimwatch demo    (runs the whole pipeline against a built-in offline news site)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # Prefect's API client logs every request through httpx at INFO; that is noise for users.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"claimwatch: config error: {exc}", file=sys.stderr)
        return 2
    except CatalogueError as exc:
        print(f"claimwatch: catalogue error: {exc}", file=sys.stderr)
        for problem in exc.problems[1:]:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("claimwatch: interrupted", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
