"""The gateway's internal API for the action server (``/internal``, bearer token).

``POST /internal/handoffs`` queues a conversation for a caseworker and says whether anyone
is online to take it; when nobody is, the person gets a reference code to come back with.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import Any

from aiohttp import web

from bot import handoffs
from bot.gateway.hub import CONSOLE, conversation_topic
from bot.gateway.keys import CONVERSATIONS, HUB, SETTINGS, STORE
from bot.store.vocabulary import ConversationMode

logger = logging.getLogger(__name__)

MAX_SUMMARY = 4000


def _authorised(request: web.Request) -> bool:
    token = request.app[SETTINGS].internal_token
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


def _handoff_request(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict) or not isinstance(body.get("conversation_id"), str):
        raise web.HTTPBadRequest(text="conversation_id is required")
    summary = body.get("summary")
    return {
        "conversation_id": body["conversation_id"][:64],
        "channel": str(body.get("channel") or "rest")[:32],
        "language": str(body.get("language") or "en")[:16],
        "urgent": bool(body.get("urgent")),
        "summary": str(summary)[:MAX_SUMMARY] if summary else None,
    }


async def queue_handoff(request: web.Request) -> web.Response:
    """Queue a handoff; tell the person's channel and the consoles."""
    if not _authorised(request):
        raise web.HTTPUnauthorized()
    try:
        wanted = _handoff_request(await request.json())
    except ValueError:
        raise web.HTTPBadRequest(text="the body must be JSON") from None
    hub = request.app[HUB]
    store = request.app[STORE]
    online = hub.listeners(CONSOLE) > 0
    loop = asyncio.get_running_loop()
    view, created = await loop.run_in_executor(
        None, lambda: handoffs.queue(store, waiting=online, **wanted)
    )
    answer: dict[str, Any] = {"handoff": view.as_json(), "online": online}
    if created:
        await hub.publish(CONSOLE, {"type": "handoff_queued", "handoff": view.as_json()})
    if online:
        conversation = request.app[CONVERSATIONS].get(wanted["conversation_id"])
        if conversation is not None:
            conversation.mode = ConversationMode.WAITING
        await hub.publish(conversation_topic(wanted["conversation_id"]), {"type": "queued"})
    else:
        answer["code"] = await loop.run_in_executor(
            None, handoffs.issue_code, store, wanted["conversation_id"]
        )
    logger.info("handoff %s queued (urgent=%s, online=%s)", view.id, view.urgent, online)
    return web.json_response(answer)


def setup(app: web.Application) -> None:
    """Add the internal routes."""
    app.router.add_post("/internal/handoffs", queue_handoff)
