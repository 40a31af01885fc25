"""``python -m bot users add|list|unlock|password``: console accounts from the command line."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.settings import Settings
from bot.store.vocabulary import Role

if TYPE_CHECKING:
    from bot.store import Store


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Add the ``users`` command group to ``python -m bot``."""
    users = commands.add_parser("users", help="console accounts")
    actions = users.add_subparsers(dest="users_command", required=True)
    add = actions.add_parser("add", help="create an account")
    add.add_argument("username")
    add.add_argument("--role", choices=[role.value for role in Role], default=Role.CASEWORKER.value)
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.set_defaults(func=add_user)
    actions.add_parser("list", help="list the accounts").set_defaults(func=list_users)
    unlock = actions.add_parser("unlock", help="lift a lockout after failed logins")
    unlock.add_argument("username")
    unlock.set_defaults(func=unlock_user)
    password = actions.add_parser("password", help="set a new password")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true")
    password.set_defaults(func=set_password)


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise ValueError("the passwords differ")
    return first


def _with_store(work: Callable[[Store], int]) -> int:
    """Run ``work(store)``; a clear message and exit status 1 when it fails."""
    from sqlalchemy.exc import SQLAlchemyError

    from bot.caseworkers import AccountError
    from bot.store import open_store

    store = open_store(Settings.from_env())
    try:
        return work(store)
    except (AccountError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except SQLAlchemyError as error:
        print(
            f"error: the database refused ({type(error).__name__}); "
            "is it running and migrated (python -m bot migrate)?",
            file=sys.stderr,
        )
        return 1
    finally:
        store.close()


def add_user(args: argparse.Namespace) -> int:
    from bot import caseworkers

    try:
        password = _read_password(args.password_stdin)
        caseworkers.check_password(password, args.username)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    def work(store: Store) -> int:
        account = caseworkers.create(store, args.username, args.role, password)
        print(f"created {account.role} {account.username}")
        return 0

    return _with_store(work)


def list_users(args: argparse.Namespace) -> int:
    from bot import caseworkers

    def work(store: Store) -> int:
        for account in caseworkers.listing(store):
            locked = "  locked" if account.locked() else ""
            print(f"{account.username}\t{account.role}{locked}")
        return 0

    return _with_store(work)


def unlock_user(args: argparse.Namespace) -> int:
    from bot import caseworkers

    def work(store: Store) -> int:
        caseworkers.unlock(store, args.username)
        print(f"unlocked {args.username}")
        return 0

    return _with_store(work)


def set_password(args: argparse.Namespace) -> int:
    from bot import caseworkers

    try:
        password = _read_password(args.password_stdin)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    def work(store: Store) -> int:
        caseworkers.set_password(store, args.username, password)
        print(f"new password set for {args.username}")
        return 0

    return _with_store(work)
