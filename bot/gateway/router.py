"""The one routing point every inbound message passes through.

In ``bot`` mode a message goes to Rasa with the conversation's language as metadata, and
Rasa's answers come back; while a caseworker is awaited or chatting, it goes to them.
The language is decided here, where the conversation's history, the channel's hint and the
person's explicit choice are all known.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Mapping, Sequence

from bot.catalog import Catalog
from bot.gateway.conversations import Conversation
from bot.gateway.human import HumanChat
from bot.gateway.rasa import BotMessage, RasaClient, RasaUnavailableError
from bot.language.choice import Decision, choose
from bot.language.detector import Guess, normalise
from bot.store.vocabulary import ConversationMode

logger = logging.getLogger(__name__)

MAX_TEXT_LENGTH = 2000
_PAYLOAD = re.compile(r"^/[a-z_]+(\{.*\})?$", re.DOTALL)
_LANGUAGE_PAYLOAD = re.compile(r'^/choose_language\{\s*"language"\s*:\s*"([a-z]{2})"\s*\}$')


class UserFacingError(Exception):
    """A failure the person is told about, in their language (``ui_key`` in the catalog)."""

    def __init__(self, code: str, ui_key: str) -> None:
        super().__init__(code)
        self.code = code
        self.ui_key = ui_key


class Router:
    """Route a conversation's messages to the assistant."""

    def __init__(
        self,
        rasa: RasaClient,
        catalog: Catalog,
        rank: Callable[[str], Sequence[Guess]],
        requests: Mapping[str, str],
        human: HumanChat,
    ) -> None:
        self.rasa = rasa
        self.catalog = catalog
        self.human = human
        self._rank = rank
        self._requests = requests

    def _settle_language(self, conversation: Conversation, text: str) -> Decision | None:
        requested = self._requests.get(normalise(text))
        if requested:
            conversation.language, conversation.language_settled = requested, True
            return None
        decision = choose(
            text,
            self._rank(text),
            current=conversation.language if conversation.language_settled else None,
            default=self.catalog.organisation.default_language,
            hint=conversation.hint,
        )
        conversation.language = self.catalog.supported(decision.language)
        conversation.language_settled = conversation.language_settled or decision.certain
        return decision

    def _offer_languages(
        self, conversation: Conversation, decision: Decision | None
    ) -> list[BotMessage]:
        """Once, when the first words leave the language open: "Continue in <language>?"."""
        if decision is None or decision.certain or conversation.language_offered:
            return []
        others = [code for code in decision.alternatives if code in self.catalog.locales]
        others = [code for code in dict.fromkeys(others) if code != conversation.language]
        if not others:
            return []
        conversation.language_offered = True
        names = self.catalog.language_names()
        buttons = [
            {"title": names[code], "payload": f'/choose_language{{"language": "{code}"}}'}
            for code in [conversation.language, *others]
        ]
        text = self.catalog.ui("confirm_language", conversation.language)
        return [BotMessage(text=text, buttons=buttons)]

    async def _forward(self, conversation: Conversation, text: str) -> list[BotMessage]:
        metadata = {"language": conversation.language, "channel": conversation.channel}
        try:
            return await self.rasa.send(conversation.id, text, metadata)
        except RasaUnavailableError as error:
            logger.error("rasa unavailable for a %s conversation: %s", conversation.channel, error)
            raise UserFacingError("unavailable", "error_unavailable") from error

    async def text(self, conversation: Conversation, text: str) -> list[BotMessage]:
        """A message the person typed."""
        text = text.strip()
        if not text:
            raise UserFacingError("empty", "error_bad_frame")
        if len(text) > MAX_TEXT_LENGTH:
            raise UserFacingError("too_long", "error_too_long")
        decision = self._settle_language(conversation, text)
        if conversation.mode != ConversationMode.BOT:
            return await self.human.person_wrote(conversation, text)
        replies = await self._forward(conversation, text)
        return replies + self._offer_languages(conversation, decision)

    async def payload(
        self, conversation: Conversation, payload: str, title: str | None = None
    ) -> list[BotMessage]:
        """A button the person pressed (an intent payload such as ``/ask_cost``).

        With a caseworker, the button's title is passed on as if typed.
        """
        if not _PAYLOAD.match(payload) or len(payload) > 500:
            raise UserFacingError("bad_payload", "error_bad_frame")
        chosen = _LANGUAGE_PAYLOAD.match(payload)
        if chosen:
            return await self.choose_language(conversation, chosen.group(1))
        if conversation.mode != ConversationMode.BOT:
            return await self.human.person_wrote(conversation, (title or payload)[:MAX_TEXT_LENGTH])
        return await self._forward(conversation, payload)

    async def choose_language(self, conversation: Conversation, code: str) -> list[BotMessage]:
        """The person picked a language: it wins over anything detected."""
        if code not in self.catalog.locales:
            raise UserFacingError("unsupported_language", "error_bad_frame")
        conversation.language = code
        conversation.language_settled = True
        if conversation.mode != ConversationMode.BOT:
            return []
        entities = json.dumps({"language": code})
        return await self._forward(conversation, f"/choose_language{entities}")
