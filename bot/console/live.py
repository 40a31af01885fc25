"""``/console/ws``: a logged-in console's live feed of the hub's ``console`` topic.

The number of open console sockets (``hub.listeners("console")``) is how the person side
knows whether a caseworker is online, so a socket subscribes when it opens and unsubscribes
however it ends. A socket whose session ends (logout, idle, lifetime) is closed with 4401.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from aiohttp import WSMsgType, web

from bot.console.auth import COOKIE, current_session, same_origin
from bot.console.keys import CONSOLE_CONFIG, SESSIONS
from bot.gateway.hub import CONSOLE
from bot.gateway.keys import HUB

SESSION_ENDED = 4401
MAX_FRAME_BYTES = 4096


async def _forward(
    socket: web.WebSocketResponse,
    events: asyncio.Queue,
    app: web.Application,
    token: str,
    closing: asyncio.Event,
) -> None:
    """Send each event on; every few seconds without one, check the session still lives."""
    interval = app[CONSOLE_CONFIG].socket_check_seconds
    while not socket.closed:
        event: dict[str, Any] | None
        try:
            event = await asyncio.wait_for(events.get(), timeout=interval)
        except asyncio.TimeoutError:
            event = None
        if app[SESSIONS].get(token, touch=False) is None:
            closing.set()
            await socket.close(code=SESSION_ENDED, message=b"session ended")
            return
        if event is not None:
            try:
                await socket.send_str(json.dumps(event, default=str))
            except (ConnectionError, RuntimeError):  # the socket closed meanwhile
                return


def _activity(message_data: str) -> bool:
    """Whether a client frame reports that the caseworker is at the console."""
    try:
        frame = json.loads(message_data)
    except ValueError:
        return False
    return isinstance(frame, dict) and frame.get("type") == "active"


async def console_socket(request: web.Request) -> web.StreamResponse:
    """Forward console events to one logged-in console for as long as it stays open."""
    session = current_session(request)
    if session is None:
        raise web.HTTPUnauthorized(text="log in first")
    if not same_origin(request):
        raise web.HTTPForbidden(text="cross-site socket refused")
    token = request.cookies[COOKIE]
    socket = web.WebSocketResponse(heartbeat=30, max_msg_size=MAX_FRAME_BYTES)
    await socket.prepare(request)
    hub = request.app[HUB]
    events = hub.subscribe(CONSOLE)
    closing = asyncio.Event()
    forwarder = asyncio.create_task(_forward(socket, events, request.app, token, closing))
    try:
        await socket.send_json(
            {"type": "hello", "username": session.username, "consoles": hub.listeners(CONSOLE)}
        )
        async for message in socket:
            # The page reports use now and then, so a console someone works at stays logged in.
            if message.type == WSMsgType.TEXT and _activity(message.data):
                request.app[SESSIONS].get(token, touch=True)
    finally:
        hub.unsubscribe(CONSOLE, events)
        if closing.is_set():  # let it finish sending the close frame with its code
            await asyncio.wait({forwarder}, timeout=5)
        forwarder.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await forwarder
    return socket


def setup(app: web.Application) -> None:
    """Add the console's socket."""
    app.router.add_get("/console/ws", console_socket)
