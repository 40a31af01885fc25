"""The caseworkers' console: pages, a JSON API and a live socket under ``/console``.

``setup(app)`` adds it to the gateway; see docs/console.md.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

from bot.console import api, auth, live, pages, security
from bot.console.config import ConsoleConfig
from bot.console.keys import CONSOLE_CONFIG, SESSIONS
from bot.console.sessions import SessionStore

STATIC_DIR = Path(__file__).resolve().parent / "static"


def setup(app: web.Application, config: ConsoleConfig | None = None) -> None:
    """Add the console's routes, session store and security headers to the gateway."""
    config = config or ConsoleConfig.from_env()
    app[CONSOLE_CONFIG] = config
    app[SESSIONS] = SessionStore(config.idle_timeout, config.lifetime)
    security.setup(app)
    auth.setup(app)
    api.setup(app)
    live.setup(app)
    pages.setup(app)
    app.router.add_static("/console/static/", STATIC_DIR)
