"""``python -m bot report --from YYYY-MM-DD --to YYYY-MM-DD [--format ...] [--chart FILE.png]``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from bot.settings import Settings


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from error


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add ``report`` to ``python -m bot``."""
    parser = commands.add_parser("report", help="statistics of a period")
    parser.add_argument("--from", dest="start", type=_day, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", type=_day, required=True, metavar="YYYY-MM-DD")
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text")
    parser.add_argument("--chart", type=Path, metavar="FILE.png", help="also draw a PNG chart")
    parser.set_defaults(func=report)


def report(args: argparse.Namespace) -> int:
    from bot.reports.figures import figures
    from bot.reports.render import chart, render
    from bot.store import open_store

    if args.end < args.start:
        print("--to is before --from", file=sys.stderr)
        return 2
    store = open_store(Settings.from_env())
    try:
        result = figures(store, args.start, args.end)
    finally:
        store.close()
    sys.stdout.write(render(result, args.format))
    if args.chart:
        chart(result, args.chart)
    return 0
