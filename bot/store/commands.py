"""Command-line commands of the store: ``migrate``, ``purge``, ``rotate-key``, ``flush-outbox``."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add the store's commands to ``python -m bot``."""
    commands.add_parser("migrate", help="bring the database schema to the newest version")
    commands.choices["migrate"].set_defaults(func=migrate)
    purge_parser = commands.add_parser("purge", help="delete what is past its retention period")
    purge_parser.add_argument(
        "--code-stdin",
        action="store_true",
        help="instead, delete the referral whose reference code is read from standard input",
    )
    purge_parser.set_defaults(func=purge)
    commands.add_parser(
        "rotate-key", help="encrypt stored data again with the first key of TURVA_DATA_KEY"
    ).set_defaults(func=rotate_key)
    commands.add_parser(
        "flush-outbox", help="write referrals queued while the database was away"
    ).set_defaults(func=flush_outbox)


def migrate(args: argparse.Namespace) -> int:
    from bot.referrals import flush_outbox as flush
    from bot.store import open_store
    from bot.store.migrate import current, upgrade

    store = open_store(Settings.from_env())
    try:
        upgrade(store.engine)
        print(f"database at revision {current(store.engine)}")
        # Referrals queued while the database was away or not yet migrated go in now.
        if len(store.outbox):
            print(f"written from the outbox: {flush(store)}, still waiting: {len(store.outbox)}")
    finally:
        store.close()
    return 0


def purge(args: argparse.Namespace) -> int:
    from bot import retention
    from bot.store import open_store

    settings = Settings.from_env()
    store = open_store(settings)
    try:
        if args.code_stdin:
            found = retention.forget(store, sys.stdin.readline())
            print("deleted" if found else "no referral has this code")
            return 0 if found else 1
        counts = retention.purge(store, retention.RetentionPeriods.from_settings(settings))
    finally:
        store.close()
    for name, count in counts.items():
        print(f"{name}: {count}")
    return 0


def rotate_key(args: argparse.Namespace) -> int:
    from bot.store import open_store
    from bot.store.rotation import rotate_keys

    store = open_store(Settings.from_env())
    try:
        counts = rotate_keys(store)
    finally:
        store.close()
    for name, count in counts.items():
        print(f"{name}: {count} re-encrypted")
    return 0


def flush_outbox(args: argparse.Namespace) -> int:
    from bot.referrals import flush_outbox as flush
    from bot.store import open_store

    store = open_store(Settings.from_env())
    try:
        written = flush(store)
        waiting = len(store.outbox)
    finally:
        store.close()
    print(f"written: {written}, still waiting: {waiting}")
    return 0 if waiting == 0 else 1
