"""Console sessions, held server-side in memory and found by a random cookie token.

Only a hash of each token is kept, so the table itself opens no session. A session ends after
``idle`` without use, after ``lifetime`` in any case, at logout, or when its account changes.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from bot.caseworkers import RANKS, Account
from bot.store.vocabulary import Role


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class ConsoleSession:
    """Who is logged in, their CSRF token, and when the session began and was last used."""

    caseworker_id: int
    username: str
    role: Role
    csrf_token: str
    started: float
    last_used: float = field(default=0.0)

    def may(self, role: Role) -> bool:
        """Whether the session's role may do what ``role`` may."""
        return RANKS[self.role] >= RANKS[role]

    def csrf_ok(self, token: str | None) -> bool:
        """Whether ``token`` is this session's CSRF token (compared in constant time)."""
        return token is not None and secrets.compare_digest(
            token.encode("utf-8"), self.csrf_token.encode("utf-8")
        )


class SessionStore:
    """Sessions of this gateway process (see docs/console.md for several replicas)."""

    def __init__(
        self,
        idle: timedelta,
        lifetime: timedelta,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._idle = idle.total_seconds()
        self._lifetime = lifetime.total_seconds()
        self._clock = clock
        self._sessions: dict[str, ConsoleSession] = {}

    def create(self, account: Account) -> tuple[str, ConsoleSession]:
        """A new session for ``account``: ``(cookie token, session)``."""
        self._sweep()
        now = self._clock()
        token = secrets.token_urlsafe(32)
        session = ConsoleSession(
            caseworker_id=account.id,
            username=account.username,
            role=account.role,
            csrf_token=secrets.token_urlsafe(32),
            started=now,
            last_used=now,
        )
        self._sessions[_digest(token)] = session
        return token, session

    def get(self, token: str | None, touch: bool = True) -> ConsoleSession | None:
        """The live session a token opens; ``touch`` counts this as use."""
        if not token:
            return None
        key = _digest(token)
        session = self._sessions.get(key)
        if session is None:
            return None
        now = self._clock()
        if now - session.last_used > self._idle or now - session.started > self._lifetime:
            del self._sessions[key]
            return None
        if touch:
            session.last_used = now
        return session

    def drop(self, token: str | None) -> None:
        """End the session (logout)."""
        if token:
            self._sessions.pop(_digest(token), None)

    def drop_account(self, caseworker_id: int) -> int:
        """End every session of an account whose password, role or existence changed."""
        keys = [k for k, s in self._sessions.items() if s.caseworker_id == caseworker_id]
        for key in keys:
            del self._sessions[key]
        return len(keys)

    def __len__(self) -> int:
        return len(self._sessions)

    def _sweep(self) -> None:
        now = self._clock()
        expired = [
            key
            for key, s in self._sessions.items()
            if now - s.last_used > self._idle or now - s.started > self._lifetime
        ]
        for key in expired:
            del self._sessions[key]
