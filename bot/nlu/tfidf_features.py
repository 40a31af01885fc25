"""TF-IDF weighted word or character n-grams as sentence features.

Rasa's CountVectorsFeaturizer gives raw counts, so a common word such as "I" or a frequent
character pair weighs as much as the word that decides the intent. TF-IDF with sublinear term
frequency and unit length turns the counts into weights that a linear classifier separates
better (docs/nlu-evaluation.md). Texts are folded first, as people type them: without
accents, with one spelling of the Arabic letters that chat writes interchangeably. Only sentence
features are made: nothing in the pipeline reads token sequences.
"""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.nlu import model_files

logger = logging.getLogger(__name__)

ANALYZERS = ("word", "char_wb")
# Arabic letters that chat writes interchangeably: hamza forms of alef, taa marbuta, alef
# maqsura, tatweel, and the Persian kaf and yeh.
ARABIC_VARIANTS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": "", "ک": "ك", "ی": "ي"}
)
THAI = range(0x0E00, 0x0E80)


def folded(text: str) -> str:
    """Casefolded, without accents and Arabic vowel marks; Thai keeps its marks, its vowels."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(ARABIC_VARIANTS))
    kept = (c for c in decomposed if not unicodedata.combining(c) or ord(c) in THAI)
    return unicodedata.normalize("NFC", "".join(kept))


VECTORIZER_FILE = "vectorizer.skops"
# What a fitted TfidfVectorizer holds beyond skops' default trusted types.
TRUSTED_TYPES = ["scipy.sparse._csr.csr_matrix"]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class TfidfFeatures(SparseFeaturizer, GraphComponent):
    """Adds one TF-IDF vector of the message's word or character n-grams."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Word unigrams by default; ``char_wb`` n-grams stay inside word boundaries."""
        return {
            **SparseFeaturizer.get_default_config(),
            "analyzer": "word",
            "min_ngram": 1,
            "max_ngram": 1,
            "min_df": 1,
        }

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """The analyzer must be known and the n-gram range sensible."""
        analyzer = config.get("analyzer")
        if analyzer not in ANALYZERS:
            raise InvalidConfigException(
                f"TfidfFeatures: analyzer must be one of {ANALYZERS}, not {analyzer!r}"
            )
        low, high, min_df = config.get("min_ngram"), config.get("max_ngram"), config.get("min_df")
        if not all(isinstance(n, int) and n >= 1 for n in (low, high, min_df)) or low > high:
            raise InvalidConfigException(
                "TfidfFeatures: min_ngram, max_ngram and min_df must be whole numbers of at "
                f"least 1 with min_ngram <= max_ngram, not {low!r}, {high!r}, {min_df!r}"
            )

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        name: str,
        vectorizer: TfidfVectorizer | None = None,
    ) -> None:
        """Keep the fitted vectorizer, if there is one yet."""
        super().__init__(name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._vectorizer = vectorizer

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TfidfFeatures:
        """Create an untrained component."""
        return cls(config, model_storage, resource, execution_context.node_name)

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the vocabulary and document frequencies from the training examples."""
        texts = [folded(m.get(TEXT)) for m in training_data.training_examples if m.get(TEXT)]
        if not texts:
            logger.debug("TfidfFeatures: no texts to learn from.")
            return self._resource
        vectorizer = TfidfVectorizer(
            analyzer=self._config["analyzer"],
            ngram_range=(self._config["min_ngram"], self._config["max_ngram"]),
            min_df=self._config["min_df"],
            sublinear_tf=True,
            dtype=np.float32,
        )
        vectorizer.fit(texts)
        self._vectorizer = vectorizer
        model_files.save(vectorizer, self._model_storage, self._resource, VECTORIZER_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfFeatures:
        """Load the fitted vectorizer; without one (nothing was trained) add no features."""
        vectorizer = model_files.load(model_storage, resource, VECTORIZER_FILE, TRUSTED_TYPES)
        return cls(config, model_storage, resource, execution_context.node_name, vectorizer)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurise every training example that has a text."""
        self._featurise([m for m in training_data.training_examples if m.get(TEXT)])
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurise incoming messages."""
        self._featurise([m for m in messages if m.get(TEXT)])
        return messages

    def _featurise(self, messages: list[Message]) -> None:
        if self._vectorizer is None or not messages:
            return
        rows = scipy.sparse.csr_matrix(
            self._vectorizer.transform([folded(m.get(TEXT)) for m in messages])
        )
        for message, row in zip(messages, rows, strict=True):
            self.add_features_to_message(None, row.tocoo(), TEXT, message)
