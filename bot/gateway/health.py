"""Liveness (``/healthz``) and readiness (``/readyz``) for operators and load balancers."""

from __future__ import annotations

import asyncio

import aiohttp
from aiohttp import web
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.gateway.keys import HTTP, RASA, SETTINGS, STORE
from bot.store import Store


async def healthz(request: web.Request) -> web.Response:
    """200 while the process lives."""
    return web.json_response({"status": "ok"})


async def _actions_ok(request: web.Request) -> bool:
    url = f"{request.app[SETTINGS].actions_url.rstrip('/')}/health"
    try:
        async with request.app[HTTP].get(url, timeout=aiohttp.ClientTimeout(total=5)) as response:
            return response.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError):
        return False


def _database_ok(store: Store) -> bool:
    try:
        with store.session() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


async def readyz(request: web.Request) -> web.Response:
    """200 only when every part a conversation needs answers; the body names each."""
    database = asyncio.get_running_loop().run_in_executor(None, _database_ok, request.app[STORE])
    rasa_ok, actions_ok, database_ok = await asyncio.gather(
        request.app[RASA].model_loaded(), _actions_ok(request), database
    )
    parts = {
        "rasa": "ready" if rasa_ok else "unavailable",
        "actions": "ready" if actions_ok else "unavailable",
        "database": "ready" if database_ok else "unavailable",
    }
    ready = all(state == "ready" for state in parts.values())
    return web.json_response(
        {"status": "ready" if ready else "not ready", "parts": parts}, status=200 if ready else 503
    )


def setup(app: web.Application) -> None:
    """Add the health routes."""
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
