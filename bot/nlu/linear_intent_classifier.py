"""A linear support vector machine over the message's sentence features.

On the n-gram and embedding features of twenty languages it is more accurate than Rasa's
LogisticRegressionClassifier and trains in a fraction of the time (docs/nlu-evaluation.md).
Its scores become probabilities through sigmoid calibration on cross-validation folds, so
the FallbackClassifier's threshold keeps its meaning; the final model is fitted on all the data.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers import LABEL_RANKING_LENGTH
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import RANKING_LENGTH
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC

from bot.nlu import model_files

logger = logging.getLogger(__name__)

MODEL_FILE = "classifier.skops"
# What a fitted calibrated LinearSVC holds beyond skops' default trusted types.
TRUSTED_TYPES = [
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
]


def sentence_features(messages: list[Message]) -> scipy.sparse.csr_matrix:
    """One row per message: its sparse and dense sentence features side by side."""
    rows = []
    for message in messages:
        sparse = message.get_sparse_features(TEXT)[1]
        dense = message.get_dense_features(TEXT)[1]
        parts = [scipy.sparse.csr_matrix(f.features) for f in (sparse, dense) if f is not None]
        rows.append(scipy.sparse.hstack(parts, format="csr"))
    return scipy.sparse.vstack(rows, format="csr")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Predicts the intent and a ranking of the likeliest ones with calibrated confidences."""

    @classmethod
    def required_components(cls) -> list[type]:
        """Featurizers must run first."""
        return [Featurizer]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``C`` is the SVM's regularisation; ``calibration_folds`` the folds for confidences."""
        return {"C": 1.0, "calibration_folds": 3, RANKING_LENGTH: LABEL_RANKING_LENGTH}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """C must be positive and there must be at least two calibration folds."""
        c, folds = config.get("C"), config.get("calibration_folds")
        if not isinstance(c, (int, float)) or c <= 0:
            raise InvalidConfigException(f"LinearIntentClassifier: C must be positive, not {c!r}")
        if not isinstance(folds, int) or folds < 2:
            raise InvalidConfigException(
                f"LinearIntentClassifier: calibration_folds must be 2 or more, not {folds!r}"
            )

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: CalibratedClassifierCV | None = None,
    ) -> None:
        """Keep the fitted model, if there is one yet."""
        self.validate_config(config)
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        """Create an untrained classifier."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on every example that has a text and an intent."""
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        if not examples:
            logger.debug("LinearIntentClassifier: no intent examples to learn from.")
            return self._resource
        intents = np.array([m.get(INTENT) for m in examples])
        smallest = min(np.unique(intents, return_counts=True)[1])
        if smallest < self._config["calibration_folds"]:
            raise InvalidConfigException(
                f"LinearIntentClassifier: every intent needs at least "
                f"{self._config['calibration_folds']} examples to calibrate confidences; "
                f"the smallest has {smallest}"
            )
        model = CalibratedClassifierCV(
            LinearSVC(C=self._config["C"], class_weight="balanced"),
            cv=self._config["calibration_folds"],
            ensemble=False,
        )
        model.fit(sentence_features(examples), intents)
        self._model = model
        model_files.save(model, self._model_storage, self._resource, MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        """Load the fitted model; without one (nothing was trained) predict nothing."""
        model = model_files.load(model_storage, resource, MODEL_FILE, TRUSTED_TYPES)
        return cls(config, model_storage, resource, model)

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the intent and the intent ranking of each message that has a text."""
        with_text = [m for m in messages if m.get(TEXT)]
        if self._model is None or not with_text:
            return messages
        probabilities = self._model.predict_proba(sentence_features(with_text))
        length = self._config[RANKING_LENGTH]
        for message, row in zip(with_text, probabilities, strict=True):
            order = np.argsort(-row)
            ranking = [
                {"name": str(self._model.classes_[i]), "confidence": float(row[i])} for i in order
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(
                INTENT_RANKING_KEY, ranking[:length] if length > 0 else ranking, add_to_output=True
            )
        return messages
