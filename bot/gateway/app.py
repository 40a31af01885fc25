"""Build the gateway application from the settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Sequence

import aiohttp
from aiohttp import web

from bot import console
from bot.catalog import Catalog
from bot.channels import webchat
from bot.gateway import health, internal, page
from bot.gateway.conversations import ConversationRegistry
from bot.gateway.hub import Hub
from bot.gateway.human import HumanChat
from bot.gateway.keys import CATALOG, CONVERSATIONS, HTTP, HUB, RASA, ROUTER, SETTINGS, STORE
from bot.gateway.rasa import RasaClient
from bot.gateway.router import Router
from bot.language import service
from bot.language.detector import Guess
from bot.settings import Settings
from bot.store import open_store

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
    app[HUB] = Hub()

    async def connections(app: web.Application) -> AsyncIterator[None]:
        app[STORE] = open_store(settings)
        app[CONVERSATIONS] = ConversationRegistry(app[STORE])
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
                HumanChat(app[STORE], app[HUB], app[RASA], app[CATALOG]),
            )
            yield
        app[STORE].close()

    app.cleanup_ctx.append(connections)
    health.setup(app)
    page.setup(app)
    webchat.setup(app)
    internal.setup(app)
    console.setup(app)
    return app
