"""Typed keys for the state the gateway application holds."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from bot.catalog import Catalog
from bot.gateway.conversations import ConversationRegistry
from bot.gateway.hub import Hub
from bot.gateway.rasa import RasaClient
from bot.gateway.router import Router
from bot.settings import Settings
from bot.store import Store

SETTINGS = web.AppKey("settings", Settings)
CATALOG = web.AppKey("catalog", Catalog)
HTTP = web.AppKey("http", aiohttp.ClientSession)
RASA = web.AppKey("rasa", RasaClient)
ROUTER = web.AppKey("router", Router)
CONVERSATIONS = web.AppKey("conversations", ConversationRegistry)
STORE = web.AppKey("store", Store)
HUB = web.AppKey("hub", Hub)
