"""Rasa NLU component that sets the ``language`` entity (and through it the slot).

A message that asks for a language by name ("suomeksi") sets that language. Otherwise the
gateway, which owns each conversation's language, sends it as message metadata and this
component passes it on. For clients that talk to Rasa directly (``rasa shell``, the REST webhook) it
detects the language itself and sets it only when sure, so the slot stays put otherwise.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import service
from bot.language.choice import choose
from bot.language.detector import normalise

ENTITY = "language"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageEntity(GraphComponent, EntityExtractorMixin):
    """Adds a ``language`` entity to every user message whose language is known."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No options."""
        return {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageEntity:
        """Create the component (the detector itself loads on first use)."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples carry no language entity."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Tag each message with its language where known."""
        for message in messages:
            language = self._language_of(message)
            if language:
                text = message.get(TEXT) or ""
                entity = {
                    "entity": ENTITY,
                    "value": language,
                    "start": 0,
                    "end": len(text),
                    "extractor": self.__class__.__name__,
                }
                message.set(ENTITIES, [*message.get(ENTITIES, []), entity], add_to_output=True)
        return messages

    @staticmethod
    def _language_of(message: Message) -> str | None:
        text = message.get(TEXT) or ""
        if text.startswith("/"):
            return None
        requested = service.language_requests().get(normalise(text))
        if requested:
            return requested
        catalog = service.catalog()
        given = (message.get("metadata") or {}).get("language")
        if given in catalog.locales:
            return given
        decision = choose(
            text,
            service.detector().rank(text),
            current=None,
            default=catalog.organisation.default_language,
        )
        return catalog.supported(decision.language) if decision.certain else None
