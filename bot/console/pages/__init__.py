"""The console's server-rendered pages (console.js adds the live parts)."""

from __future__ import annotations

from aiohttp import web

from bot.console.pages import handoffs, login, referrals, stats, users


def setup(app: web.Application) -> None:
    """Add every page."""
    login.setup(app)
    handoffs.setup(app)
    referrals.setup(app)
    stats.setup(app)
    users.setup(app)
