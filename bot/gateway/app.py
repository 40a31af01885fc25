"""Build the gateway application from the settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence

import aiohttp
from aiohttp import web

from bot import console
from bot.catalog import Catalog
from bot.channels import webchat
from bot.gateway import health, page
from bot.gateway.conversations import ConversationRegistry
from bot.gateway.keys import CATALOG, CONVERSATIONS, HTTP, RASA, ROUTER, SETTINGS
from bot.gateway.rasa import RasaClient
from bot.gateway.router import Router
from bot.language import service
from bot.language.detector import Guess
from bot.settings import Settings

Ranker = Callable[[str], Sequence[Guess]]


async def _default_ranker() -> Ranker:
    detector = await asyncio.get_running_loop().run_in_executor(None, service.detector)
    return detector.rank


def create_app(
    settings: Settings,
    catalog: Catalog | None = None,
    ranker: Ranker | None = None,
) -> web.Application:
    """The gateway; ``catalog`` and ``ranker`` default to the real ones, built at start-up."""
    app = web.Application(client_max_size=64 * 1024)
    app[SETTINGS] = settings
    app[CATALOG] = catalog or service.catalog()
    app[CONVERSATIONS] = ConversationRegistry()

    async def connections(app: web.Application) -> AsyncIterator[None]:
        async with aiohttp.ClientSession() as session:
            app[HTTP] = session
            app[RASA] = RasaClient(
                session, settings.rasa_url, settings.rasa_token, settings.rasa_timeout
            )
            app[ROUTER] = Router(
                app[RASA],
                app[CATALOG],
                ranker or await _default_ranker(),
                service.language_requests(),
            )
            yield

    app.cleanup_ctx.append(connections)
    health.setup(app)
    page.setup(app)
    webchat.setup(app)
    console.setup(app)
    return app
