"""Command line: ``python -m bot <command>`` (see ``--help``)."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.console import commands as console_commands
from bot.reports import commands as report_commands
from bot.settings import Settings
from bot.store import commands as store_commands


def _gateway(args: argparse.Namespace) -> int:
    from aiohttp import web

    from bot.gateway.access_log import PrivateAccessLogger
    from bot.gateway.app import create_app

    settings = Settings.from_env()
    web.run_app(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        print=None,
        access_log_class=PrivateAccessLogger,
    )
    return 0


def _run(args: argparse.Namespace) -> int:
    from bot.launcher import run_all

    return run_all(Settings.from_env())


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Turva")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("gateway", help="run the gateway alone").set_defaults(func=_gateway)
    commands.add_parser(
        "run", help="run Rasa, the action server and the gateway together"
    ).set_defaults(func=_run)
    store_commands.add_commands(commands)
    report_commands.add_commands(commands)
    console_commands.add_commands(commands)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
