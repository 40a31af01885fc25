"""Conversations as the gateway sees them: id, channel, language and mode.

Nothing here identifies a person: the id is random, and no address or device is kept.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import Enum


class Mode(str, Enum):
    """Who answers: the assistant, nobody yet (queued for a person) or a caseworker."""

    BOT = "bot"
    WAITING = "waiting"
    HUMAN = "human"


@dataclass
class Conversation:
    """One person's conversation on one channel."""

    id: str
    channel: str
    language: str
    language_settled: bool = False
    hint: str | None = None
    mode: Mode = Mode.BOT


def new_conversation_id() -> str:
    """A random, unguessable conversation id (also Rasa's sender id)."""
    return secrets.token_urlsafe(18)


class ConversationRegistry:
    """The conversations this gateway process knows."""

    def __init__(self) -> None:
        self._conversations: dict[str, Conversation] = {}

    def open(self, channel: str, language: str, hint: str | None = None) -> Conversation:
        """Start a new conversation."""
        conversation = Conversation(
            id=new_conversation_id(), channel=channel, language=language, hint=hint
        )
        self._conversations[conversation.id] = conversation
        return conversation

    def get(self, conversation_id: str) -> Conversation | None:
        """The conversation with this id, if this process knows it."""
        return self._conversations.get(conversation_id)

    def close(self, conversation_id: str) -> None:
        """Forget a conversation whose channel has gone."""
        self._conversations.pop(conversation_id, None)
