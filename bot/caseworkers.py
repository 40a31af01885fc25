"""Console accounts: argon2id passwords, roles, and a lockout after repeated failures.

A login that fails for any reason (unknown name, wrong password, locked account) costs the
same password check and tells the caller the same thing, so names cannot be probed.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete as sql_delete
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.store import Store
from bot.store.audit import SYSTEM, caseworker, log_event
from bot.store.base import utcnow
from bot.store.models import Caseworker
from bot.store.vocabulary import Role

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
MAX_FAILED_ATTEMPTS = 5
LOCK_DURATION = timedelta(minutes=15)
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
#: How much each role may do; a role may do everything of the roles below it.
RANKS = {Role.CASEWORKER: 0, Role.SUPERVISOR: 1, Role.ADMIN: 2}
_COMMON = frozenset(
    {
        "password1234",
        "passwordpassword",
        "123456789012",
        "qwertyuiopasdf",
        "qwertyuiop123",
        "letmeinletmein",
        "administrator",
        "iloveyou1234",
        "salasana1234",
    }
)

hasher = PasswordHasher()  # argon2id with the library's current (RFC 9106) parameters


class AccountError(ValueError):
    """An account cannot be created or changed as asked; the message says why."""


class WeakPasswordError(AccountError):
    """The password is too short, too simple or too close to the name."""


class UsernameTakenError(AccountError):
    """Another account has this name."""


class UnknownAccountError(AccountError, LookupError):
    """No account has this name."""


@dataclass(frozen=True)
class Account:
    """A console account, without its password hash."""

    id: int
    username: str
    role: Role
    failed_attempts: int
    locked_until: datetime | None
    created_at: datetime

    def locked(self, now: datetime | None = None) -> bool:
        """Whether the account refuses logins at ``now``."""
        return self.locked_until is not None and self.locked_until > (now or utcnow())

    def may(self, role: Role) -> bool:
        """Whether this account may do what ``role`` may."""
        return RANKS[self.role] >= RANKS[role]

    def as_json(self) -> dict:
        """The account as the admin API shows it."""
        return {
            "username": self.username,
            "role": str(self.role),
            "locked": self.locked(),
            "created_at": self.created_at.isoformat(),
        }


def _account(row: Caseworker) -> Account:
    return Account(
        id=row.id,
        username=row.username,
        role=Role(row.role),
        failed_attempts=row.failed_attempts,
        locked_until=row.locked_until,
        created_at=row.created_at,
    )


def normalise_username(username: str) -> str:
    """Names are compared without case or surrounding blanks."""
    return username.strip().lower()


def check_username(username: str) -> str:
    """The normalised name, or ``AccountError`` saying what a name may hold."""
    name = normalise_username(username)
    if not USERNAME_PATTERN.fullmatch(name):
        raise AccountError(
            "a username is 2-64 characters: letters a-z, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


def check_password(password: str, username: str = "") -> None:
    """Refuse passwords that are empty, short, repetitive, common or hold the username."""
    if not password or not password.strip():
        raise WeakPasswordError("the password is empty")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(
            f"the password is too short: at least {MIN_PASSWORD_LENGTH} characters"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPasswordError(f"the password is too long: at most {MAX_PASSWORD_LENGTH}")
    if len(set(password)) < 5:
        raise WeakPasswordError("the password repeats too few different characters")
    if password.lower() in _COMMON:
        raise WeakPasswordError("the password is a commonly used one")
    name = normalise_username(username)
    if name and name in password.lower():
        raise WeakPasswordError("the password must not contain the username")


def create(store: Store, username: str, role: Role | str, password: str) -> Account:
    """A new account; raises ``AccountError`` (or a subclass) when it cannot be made."""
    name = check_username(username)
    try:
        role = Role(role)
    except ValueError:
        raise AccountError(f"unknown role {role!r}: caseworker, supervisor or admin") from None
    check_password(password, name)
    password_hash = hasher.hash(password)
    try:
        with store.transaction() as session:
            if session.execute(select(Caseworker.id).where(Caseworker.username == name)).first():
                raise UsernameTakenError(f"an account named {name!r} exists already")
            row = Caseworker(username=name, role=role, password_hash=password_hash)
            session.add(row)
            session.flush()
            log_event(session, SYSTEM, "caseworker.created", "caseworker", row.id)
            return _account(row)
    except IntegrityError:
        raise UsernameTakenError(f"an account named {name!r} exists already") from None


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    """A hash to check against when the name is unknown, so that costs as much as a real one."""
    return hasher.hash(secrets.token_urlsafe(16))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(
    store: Store, username: str, password: str, now: datetime | None = None
) -> Account | None:
    """The account if the password is right and the account is not locked, else None.

    The fifth wrong password in a row locks the account for ``LOCK_DURATION``.
    """
    now = now or utcnow()
    name = normalise_username(username)
    too_long = len(password) > MAX_PASSWORD_LENGTH  # no account has one; never hash megabytes
    password = password[:MAX_PASSWORD_LENGTH]
    with store.transaction() as session:
        row = session.execute(
            select(Caseworker).where(Caseworker.username == name).with_for_update()
        ).scalar_one_or_none()
        if row is None:
            _verify(_decoy_hash(), password)
            return None
        if row.locked_until is not None and row.locked_until > now:
            _verify(_decoy_hash(), password)
            log_event(session, caseworker(row.id), "login.refused_locked", "caseworker", row.id)
            return None
        if not _verify(row.password_hash, password) or too_long:
            row.failed_attempts += 1
            if row.failed_attempts >= MAX_FAILED_ATTEMPTS:
                row.locked_until = now + LOCK_DURATION
                row.failed_attempts = 0
                log_event(session, caseworker(row.id), "login.locked", "caseworker", row.id)
            else:
                log_event(session, caseworker(row.id), "login.failed", "caseworker", row.id)
            return None
        row.failed_attempts = 0
        row.locked_until = None
        if hasher.check_needs_rehash(row.password_hash):
            row.password_hash = hasher.hash(password)
        log_event(session, caseworker(row.id), "login", "caseworker", row.id)
        return _account(row)


def by_id(store: Store, caseworker_id: int) -> Account | None:
    """The account with this id, if it still exists."""
    with store.session() as session:
        row = session.get(Caseworker, caseworker_id)
        return None if row is None else _account(row)


def by_username(store: Store, username: str) -> Account | None:
    """The account with this name, if any."""
    with store.session() as session:
        row = session.execute(
            select(Caseworker).where(Caseworker.username == normalise_username(username))
        ).scalar_one_or_none()
        return None if row is None else _account(row)


def listing(store: Store) -> list[Account]:
    """Every account, by name."""
    with store.session() as session:
        rows = session.execute(select(Caseworker).order_by(Caseworker.username)).scalars()
        return [_account(row) for row in rows]


def _row(session, username: str) -> Caseworker:
    row = session.execute(
        select(Caseworker).where(Caseworker.username == normalise_username(username))
    ).scalar_one_or_none()
    if row is None:
        raise UnknownAccountError(f"no account is named {normalise_username(username)!r}")
    return row


def set_password(store: Store, username: str, password: str, actor: str = SYSTEM) -> Account:
    """Give the account a new password (and lift any lock)."""
    check_password(password, username)
    password_hash = hasher.hash(password)
    with store.transaction() as session:
        row = _row(session, username)
        row.password_hash = password_hash
        row.failed_attempts = 0
        row.locked_until = None
        log_event(session, actor, "caseworker.password_set", "caseworker", row.id)
        return _account(row)


def unlock(store: Store, username: str, actor: str = SYSTEM) -> Account:
    """Lift a lockout before it ends."""
    with store.transaction() as session:
        row = _row(session, username)
        row.failed_attempts = 0
        row.locked_until = None
        log_event(session, actor, "caseworker.unlocked", "caseworker", row.id)
        return _account(row)


def remove(store: Store, username: str, actor: str = SYSTEM) -> Account:
    """Delete an account; its notes and handoffs stay, without an author."""
    with store.transaction() as session:
        row = _row(session, username)
        account = _account(row)
        session.execute(sql_delete(Caseworker).where(Caseworker.id == row.id))
        log_event(session, actor, "caseworker.removed", "caseworker", row.id)
        return account


def first_admin(store: Store, username: str = "admin") -> tuple[str, str] | None:
    """Create an admin with a random password when there is no account at all.

    Returns ``(username, password)`` to show once, or None when accounts exist already.
    """
    with store.session() as session:
        if session.execute(select(Caseworker.id).limit(1)).first() is not None:
            return None
    while True:
        password = secrets.token_urlsafe(18)
        try:
            check_password(password, username)
        except WeakPasswordError:
            continue
        create(store, username, Role.ADMIN, password)
        return username, password
