"""The console's JSON API under ``/console/api`` (see docs/console.md and CONTRACT.md)."""

from __future__ import annotations

from aiohttp import web

from bot.console.api import handoffs, referrals, stats, users


def setup(app: web.Application) -> None:
    """Add every API route."""
    handoffs.setup(app)
    referrals.setup(app)
    stats.setup(app)
    users.setup(app)
