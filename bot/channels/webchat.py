"""The website chat: JSON frames over a WebSocket (``/chat/ws``, see CONTRACT.md)."""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import WSMsgType, web

from bot.gateway.conversations import Conversation
from bot.gateway.keys import CATALOG, CONVERSATIONS, ROUTER
from bot.gateway.locale_hint import hint_from_accept_language
from bot.gateway.rasa import BotMessage
from bot.gateway.router import UserFacingError

logger = logging.getLogger(__name__)

CHANNEL = "web"
MAX_FRAME_BYTES = 16 * 1024


def _message_frame(message: BotMessage, language: str, sender: str = "bot") -> dict[str, Any]:
    return {
        "type": "message",
        "from": sender,
        "text": message.text,
        "buttons": message.buttons,
        "language": language,
    }


async def _dispatch(
    request: web.Request, conversation: Conversation, frame: Any
) -> list[BotMessage]:
    router = request.app[ROUTER]
    if not isinstance(frame, dict):
        raise UserFacingError("bad_frame", "error_bad_frame")
    kind = frame.get("type")
    if kind == "message" and isinstance(frame.get("text"), str):
        return await router.text(conversation, frame["text"])
    if kind == "payload" and isinstance(frame.get("payload"), str):
        return await router.payload(conversation, frame["payload"])
    if kind == "language" and isinstance(frame.get("code"), str):
        return await router.choose_language(conversation, frame["code"])
    raise UserFacingError("bad_frame", "error_bad_frame")


async def chat_socket(request: web.Request) -> web.WebSocketResponse:
    """Hold one person's conversation for as long as the socket is open."""
    socket = web.WebSocketResponse(heartbeat=30, max_msg_size=MAX_FRAME_BYTES)
    await socket.prepare(request)
    catalog = request.app[CATALOG]
    hint = hint_from_accept_language(request.headers.get("Accept-Language"), catalog.locales)
    registry = request.app[CONVERSATIONS]
    conversation = registry.open(CHANNEL, catalog.supported(hint), hint=hint)
    await socket.send_json(
        {"type": "session", "conversation_id": conversation.id, "language": conversation.language}
    )
    try:
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                try:
                    frame = json.loads(message.data)
                except ValueError:
                    raise UserFacingError("bad_frame", "error_bad_frame") from None
                replies = await _dispatch(request, conversation, frame)
            except UserFacingError as error:
                await socket.send_json(
                    {
                        "type": "error",
                        "code": error.code,
                        "message": catalog.ui(error.ui_key, conversation.language),
                    }
                )
                continue
            for reply in replies:
                await socket.send_json(_message_frame(reply, conversation.language))
    finally:
        registry.close(conversation.id)
    return socket


def setup(app: web.Application) -> None:
    """Add the web chat's route."""
    app.router.add_get("/chat/ws", chat_socket)
