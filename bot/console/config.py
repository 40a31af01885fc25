"""The console's own settings, read from ``TURVA_CONSOLE_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

SECURE_COOKIE_MODES = ("auto", "always", "never")


@dataclass(frozen=True)
class ConsoleConfig:
    """How long sessions live and when the session cookie is marked ``Secure``.

    ``secure_cookie``: ``auto`` marks it when the request came over https (set ``always``
    behind a TLS-terminating proxy), ``never`` only for plain-http development.
    """

    secure_cookie: str = "auto"
    idle_timeout: timedelta = timedelta(minutes=30)
    lifetime: timedelta = timedelta(hours=12)
    socket_check_seconds: float = 15.0  # how often an open console socket rechecks its session

    def __post_init__(self) -> None:
        if self.secure_cookie not in SECURE_COOKIE_MODES:
            raise ValueError(
                f"TURVA_CONSOLE_SECURE_COOKIE must be one of {', '.join(SECURE_COOKIE_MODES)}"
            )

    @classmethod
    def from_env(cls) -> ConsoleConfig:
        """``TURVA_CONSOLE_SECURE_COOKIE``, ``..._IDLE_MINUTES``, ``..._SESSION_HOURS``."""
        env = os.environ
        try:
            idle = int(env.get("TURVA_CONSOLE_IDLE_MINUTES", "30"))
            hours = int(env.get("TURVA_CONSOLE_SESSION_HOURS", "12"))
        except ValueError as error:
            raise ValueError(f"console session times must be whole numbers: {error}") from None
        return cls(
            secure_cookie=env.get("TURVA_CONSOLE_SECURE_COOKIE", "auto"),
            idle_timeout=timedelta(minutes=idle),
            lifetime=timedelta(hours=hours),
        )
