"""Rasa natural language generator that answers from the per-language catalogs.

Rasa loads it in-process (``endpoints.yml``: ``nlg: type: bot.nlg.CatalogGenerator``), so
answering never depends on another server being up.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

from bot.language import service

logger = logging.getLogger(__name__)


def conversation_language(tracker: DialogueStateTracker) -> str | None:
    """The language slot, else the language the gateway sent with the latest message."""
    slot = tracker.get_slot("language")
    if slot:
        return str(slot)
    metadata = tracker.latest_message.metadata if tracker.latest_message else None
    return (metadata or {}).get("language")


class CatalogGenerator(NaturalLanguageGenerator):
    """Generate each response in the conversation's language."""

    def __init__(self, endpoint_config: Any = None, domain: Any = None) -> None:
        self.catalog = service.catalog()

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        """The catalog's message for ``utter_action``; None (Rasa logs it) when unknown."""
        language = self.catalog.supported(conversation_language(tracker))
        try:
            return self.catalog.response(utter_action, language, **kwargs)
        except KeyError:
            logger.error("no catalog entry for response %s", utter_action)
            return None
