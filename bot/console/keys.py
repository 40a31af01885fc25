"""Typed keys for the console's state on the gateway application."""

from __future__ import annotations

from aiohttp import web

from bot.console.config import ConsoleConfig
from bot.console.sessions import SessionStore

CONSOLE_CONFIG = web.AppKey("console_config", ConsoleConfig)
SESSIONS = web.AppKey("console_sessions", SessionStore)
