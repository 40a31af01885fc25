"""Conversations as the gateway sees them: id, channel, language and mode.

Nothing here identifies a person: the id is random, and no address or device is kept.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from bot.store import Store
from bot.store.base import utcnow
from bot.store.models import Conversation as StoredConversation
from bot.store.models import new_conversation_id
from bot.store.vocabulary import ConversationMode

logger = logging.getLogger(__name__)


@dataclass
class Conversation:
    """One person's conversation on one channel."""

    id: str
    channel: str
    language: str
    language_settled: bool = False
    language_offered: bool = False
    hint: str | None = None
    mode: ConversationMode = ConversationMode.BOT


class ConversationRegistry:
    """The conversations this gateway process holds, each also kept as an anonymous row.

    The row (channel, language, mode, times) is what reports count. A database that is away
    never stops a conversation: the failure is logged and the chat goes on.
    """

    def __init__(self, store: Store | None = None) -> None:
        self._conversations: dict[str, Conversation] = {}
        self._store = store

    async def open(self, channel: str, language: str, hint: str | None = None) -> Conversation:
        """Start a new conversation."""
        conversation = Conversation(
            id=new_conversation_id(), channel=channel, language=language, hint=hint
        )
        self._conversations[conversation.id] = conversation
        await self.save(conversation)
        return conversation

    async def save(self, conversation: Conversation) -> None:
        """Record the conversation's language, mode and last activity."""
        if self._store is None:
            return
        try:
            await asyncio.get_running_loop().run_in_executor(
                None, _persist, self._store, conversation
            )
        except SQLAlchemyError as error:
            logger.error("conversation not recorded: %s", type(error).__name__)

    async def adopt(self, conversation_id: str, channel: str) -> Conversation | None:
        """Take up a stored conversation again (the person came back with its code)."""
        if self._store is None:
            return None
        stored = await asyncio.get_running_loop().run_in_executor(
            None, _load, self._store, conversation_id
        )
        if stored is None:
            return None
        language, mode = stored
        conversation = Conversation(
            id=conversation_id, channel=channel, language=language, language_settled=True, mode=mode
        )
        self._conversations[conversation_id] = conversation
        await self.save(conversation)
        return conversation

    def get(self, conversation_id: str) -> Conversation | None:
        """The conversation with this id, if this process holds it."""
        return self._conversations.get(conversation_id)

    def close(self, conversation_id: str) -> None:
        """Let go of a conversation whose channel has gone (its row stays)."""
        self._conversations.pop(conversation_id, None)


def _load(store: Store, conversation_id: str) -> tuple[str, ConversationMode] | None:
    with store.session() as session:
        stored = session.get(StoredConversation, conversation_id)
        return None if stored is None else (stored.language, ConversationMode(stored.mode))


def _persist(store: Store, conversation: Conversation) -> None:
    with store.transaction() as session:
        session.merge(
            StoredConversation(
                id=conversation.id,
                channel=conversation.channel,
                language=conversation.language,
                mode=conversation.mode,
                last_seen=utcnow(),
            )
        )
