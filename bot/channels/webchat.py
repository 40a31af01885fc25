"""The website chat: JSON frames over a WebSocket (``/chat/ws``, see CONTRACT.md)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from typing import Any

from aiohttp import WSMsgType, web

from bot.gateway.conversations import Conversation
from bot.gateway.hub import conversation_topic
from bot.gateway.human import Outbound
from bot.gateway.keys import CATALOG, CONVERSATIONS, HUB, ROUTER, STORE
from bot.gateway.locale_hint import hint_from_accept_language
from bot.gateway.rasa import BotMessage
from bot.gateway.router import UserFacingError
from bot.handoffs import conversation_for_code
from bot.store.vocabulary import ConversationMode

logger = logging.getLogger(__name__)

CHANNEL = "web"
MAX_FRAME_BYTES = 16 * 1024
MAX_CODE_ATTEMPTS = 5
# A message that is only a reference code ("KX7PD-3MNRT") reopens that conversation.
TYPED_CODE = re.compile(r"^\s*[A-Za-z0-9]{5}[\s-]?[A-Za-z0-9]{5}\s*$")


class WebChat:
    """One open socket: the conversation it carries and the frames it sends."""

    def __init__(self, request: web.Request, socket: web.WebSocketResponse) -> None:
        self.request = request
        self.app = request.app
        self.socket = socket
        self.conversation: Conversation | None = None
        self.code_attempts = 0
        self._send_lock = asyncio.Lock()
        self._relay: asyncio.Task | None = None

    async def send(self, frames: list[dict[str, Any]]) -> None:
        """Send frames together, never interleaved with another turn's."""
        async with self._send_lock:
            for frame in frames:
                await self.socket.send_json(frame)

    def message_frame(self, message: BotMessage, sender: str = "bot") -> dict[str, Any]:
        assert self.conversation is not None
        return {
            "type": "message",
            "from": sender,
            "text": message.text,
            "buttons": message.buttons,
            "language": self.conversation.language,
        }

    def outbound_frames(self, outbound: list[Outbound]) -> list[dict[str, Any]]:
        frames = []
        for item in outbound:
            if item.mode is not None:
                frames.append({"type": "status", "mode": str(item.mode)})
            if item.message is not None:
                frames.append(self.message_frame(item.message, item.sender))
        return frames

    async def attach(self, conversation: Conversation) -> None:
        """Carry ``conversation`` on this socket and relay its live events."""
        await self.detach()
        self.conversation = conversation
        self._relay = asyncio.create_task(self._relay_events(conversation))
        frames: list[dict[str, Any]] = [
            {
                "type": "session",
                "conversation_id": conversation.id,
                "language": conversation.language,
            }
        ]
        if conversation.mode != ConversationMode.BOT:
            frames.append({"type": "status", "mode": str(conversation.mode)})
        await self.send(frames)

    async def detach(self) -> None:
        if self._relay is not None:
            self._relay.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._relay
            self._relay = None
        if self.conversation is not None:
            self.app[CONVERSATIONS].close(self.conversation.id)

    async def _relay_events(self, conversation: Conversation) -> None:
        hub = self.app[HUB]
        topic = conversation_topic(conversation.id)
        events = hub.subscribe(topic)
        try:
            while True:
                event = await events.get()
                outbound = await self.app[ROUTER].human.apply(conversation, event)
                await self.send(self.outbound_frames(outbound))
                await self.app[CONVERSATIONS].save(conversation)
        finally:
            hub.unsubscribe(topic, events)

    async def resume(self, code: str) -> list[dict[str, Any]]:
        """Take up the conversation a reference code opens, with replies that waited."""
        if self.code_attempts >= MAX_CODE_ATTEMPTS:
            raise UserFacingError("too_many_attempts", "resume_unknown_code")
        self.code_attempts += 1
        store = self.app[STORE]
        found = await asyncio.get_running_loop().run_in_executor(
            None, conversation_for_code, store, code
        )
        adopted = await self.app[CONVERSATIONS].adopt(found, CHANNEL) if found else None
        if adopted is None:
            raise UserFacingError("unknown_code", "resume_unknown_code")
        await self.attach(adopted)
        welcome = BotMessage(text=self.app[CATALOG].ui("resume_ok", adopted.language))
        waiting = await self.app[ROUTER].human.waiting_replies(adopted)
        return [self.message_frame(welcome), *self.outbound_frames(waiting)]

    async def dispatch(self, frame: Any) -> list[dict[str, Any]]:
        router = self.app[ROUTER]
        conversation = self.conversation
        assert conversation is not None
        if not isinstance(frame, dict):
            raise UserFacingError("bad_frame", "error_bad_frame")
        kind = frame.get("type")
        if kind == "resume" and isinstance(frame.get("code"), str):
            return await self.resume(frame["code"])
        if kind == "message" and isinstance(frame.get("text"), str):
            if TYPED_CODE.match(frame["text"]):
                with contextlib.suppress(UserFacingError):
                    return await self.resume(frame["text"])
            replies = await router.text(conversation, frame["text"])
        elif kind == "payload" and isinstance(frame.get("payload"), str):
            title = frame.get("title") if isinstance(frame.get("title"), str) else None
            replies = await router.payload(conversation, frame["payload"], title)
        elif kind == "language" and isinstance(frame.get("code"), str):
            replies = await router.choose_language(conversation, frame["code"])
        else:
            raise UserFacingError("bad_frame", "error_bad_frame")
        return [self.message_frame(reply) for reply in replies]

    def error_frame(self, error: UserFacingError) -> dict[str, Any]:
        language = self.conversation.language if self.conversation else None
        return {
            "type": "error",
            "code": error.code,
            "message": self.app[CATALOG].ui(error.ui_key, language),
        }


async def chat_socket(request: web.Request) -> web.WebSocketResponse:
    """Hold one person's conversation for as long as the socket is open."""
    socket = web.WebSocketResponse(heartbeat=30, max_msg_size=MAX_FRAME_BYTES)
    await socket.prepare(request)
    catalog = request.app[CATALOG]
    hint = hint_from_accept_language(request.headers.get("Accept-Language"), catalog.locales)
    chat = WebChat(request, socket)
    conversation = await request.app[CONVERSATIONS].open(
        CHANNEL, catalog.supported(hint), hint=hint
    )
    await chat.attach(conversation)
    try:
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                try:
                    frame = json.loads(message.data)
                except ValueError:
                    raise UserFacingError("bad_frame", "error_bad_frame") from None
                frames = await chat.dispatch(frame)
            except UserFacingError as error:
                await chat.send([chat.error_frame(error)])
                continue
            await chat.send(frames)
            if chat.conversation is not None:
                await request.app[CONVERSATIONS].save(chat.conversation)
    finally:
        await chat.detach()
    return socket


def setup(app: web.Application) -> None:
    """Add the web chat's route."""
    app.router.add_get("/chat/ws", chat_socket)
