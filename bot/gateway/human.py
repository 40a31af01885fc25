"""The person's side of a human chat: what they write goes to the caseworker, and back.

While a conversation waits for or talks with a caseworker, the assistant stays silent, except
that a message that reads as danger still gets 112 and the helpline at once (and is flagged
urgent for the caseworker).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from bot import handoffs
from bot.catalog import Catalog
from bot.gateway.conversations import Conversation
from bot.gateway.hub import CONSOLE, Hub
from bot.gateway.rasa import BotMessage, RasaClient, RasaUnavailableError
from bot.store import Store
from bot.store.vocabulary import ConversationMode, Sender

logger = logging.getLogger(__name__)

DANGER_INTENT = "danger"
T = TypeVar("T")


@dataclass(frozen=True)
class Outbound:
    """Something the person's channel shows: a message (from the bot or the caseworker), a
    change of mode, or both."""

    message: BotMessage | None = None
    sender: str = "bot"
    mode: ConversationMode | None = None


class HumanChat:
    """Carries a person's messages to the caseworker and tells the console."""

    def __init__(self, store: Store, hub: Hub, rasa: RasaClient, catalog: Catalog) -> None:
        self.store = store
        self.hub = hub
        self.rasa = rasa
        self.catalog = catalog

    async def _db(self, call: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(None, call, *args)

    async def _reads_as_danger(self, text: str) -> bool:
        try:
            return await self.rasa.intent(text) == DANGER_INTENT
        except RasaUnavailableError:
            return False

    async def person_wrote(self, conversation: Conversation, text: str) -> list[BotMessage]:
        """Store the message for the caseworker; answer only a message about danger."""
        handoff = await self._db(handoffs.open_for, self.store, conversation.id)
        if handoff is None:  # closed meanwhile, e.g. by another gateway
            conversation.mode = ConversationMode.BOT
            return []
        message = await self._db(handoffs.add_message, self.store, handoff.id, Sender.PERSON, text)
        danger = await self._reads_as_danger(text)
        if danger and not handoff.urgent:
            await self._db(handoffs.mark_urgent, self.store, handoff.id)
        await self.hub.publish(
            CONSOLE,
            {
                "type": "person_message",
                "handoff_id": handoff.id,
                "urgent": danger or handoff.urgent,
                "message": message.as_json(),
            },
        )
        if not danger:
            return []
        danger_reply = self.catalog.response("utter_danger", conversation.language)
        return [BotMessage(text=danger_reply["text"], buttons=danger_reply["buttons"])]

    def _say(self, conversation: Conversation, name: str, **values: Any) -> BotMessage:
        response = self.catalog.response(name, conversation.language, **values)
        return BotMessage(text=response["text"], buttons=response["buttons"])

    def _ui(self, conversation: Conversation, key: str) -> BotMessage:
        return BotMessage(text=self.catalog.ui(key, conversation.language))

    async def apply(self, conversation: Conversation, event: dict[str, Any]) -> list[Outbound]:
        """What an event of the conversation's topic means for the person's channel."""
        kind = event.get("type")
        if kind == "queued":
            conversation.mode = ConversationMode.WAITING
            return [Outbound(mode=ConversationMode.WAITING)]
        if kind == "claimed":
            conversation.mode = ConversationMode.HUMAN
            joined = self._ui(conversation, "caseworker_joined")
            return [Outbound(mode=ConversationMode.HUMAN, message=joined)]
        if kind == "caseworker_message":
            await self._db(handoffs.mark_delivered, self.store, [event["message_id"]])
            reply = BotMessage(text=str(event["text"]))
            return [Outbound(message=reply, sender="caseworker")]
        if kind == "closed":
            conversation.mode = ConversationMode.BOT
            try:
                await self.rasa.resume(conversation.id)
            except RasaUnavailableError as error:
                logger.error("could not resume the assistant: %s", error)
            closed = self._say(conversation, "utter_handoff_closed")
            return [Outbound(mode=ConversationMode.BOT, message=closed)]
        return []

    async def waiting_replies(self, conversation: Conversation) -> list[Outbound]:
        """Caseworkers' replies written while the person was away (then marked delivered)."""
        replies = await self._db(handoffs.undelivered_replies, self.store, conversation.id)
        await self._db(handoffs.mark_delivered, self.store, [reply.id for reply in replies])
        return [
            Outbound(message=BotMessage(text=reply.text), sender="caseworker") for reply in replies
        ]
