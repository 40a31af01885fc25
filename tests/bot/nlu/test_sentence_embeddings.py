"""Sentence embeddings: one vector per message, close for the same meaning across languages."""

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import sentence_embeddings
from bot.nlu.sentence_embeddings import SentenceEmbeddings, embed


def featurizer(tmp_path: Path, **config) -> SentenceEmbeddings:
    return SentenceEmbeddings.create(
        {**SentenceEmbeddings.get_default_config(), **config},
        LocalModelStorage(tmp_path),
        Resource("embeddings"),
        ExecutionContext(GraphSchema({}), node_name="embeddings"),
    )


def vector_of(message: Message) -> np.ndarray:
    sequence, sentence = message.get_dense_features("text")
    assert sequence is None
    return sentence.features[0]


def test_each_message_gets_one_scaled_sentence_vector(tmp_path):
    messages = [Message(data={"text": "minulla ei ole passia"}), Message(data={"text": "hei"})]
    featurizer(tmp_path, scale=2.0).process(messages)
    for message in messages:
        vector = vector_of(message)
        assert vector.shape == (384,)
        assert np.linalg.norm(vector) == pytest.approx(2.0, rel=1e-3)


def test_training_examples_are_featurised_and_others_left_alone(tmp_path):
    example = Message(data={"text": "is it free", "intent": "ask_cost"})
    intent_only = Message(data={"intent": "ask_cost"})
    featurizer(tmp_path).process_training_data(TrainingData([example, intent_only]))
    assert vector_of(example).shape == (384,)
    assert intent_only.get_dense_features("text") == (None, None)


def test_training_texts_are_embedded_once_and_a_persons_message_is_not_kept(tmp_path):
    example = Message(data={"text": "onko tämä maksutonta", "intent": "ask_cost"})
    featurizer(tmp_path).process_training_data(TrainingData([example]))
    assert "onko tämä maksutonta" in sentence_embeddings._training_vectors
    message = Message(data={"text": "minut on lukittu tänne"})
    featurizer(tmp_path).process([message])
    assert vector_of(message).shape == (384,)
    assert "minut on lukittu tänne" not in sentence_embeddings._training_vectors
    again = Message(data={"text": "onko tämä maksutonta"})
    featurizer(tmp_path).process([again])
    assert np.array_equal(vector_of(again), vector_of(example))


def test_the_same_question_is_closer_across_languages_than_another_question():
    no_papers_en, no_papers_fi, no_papers_ar, weather = embed(
        [
            "I have no passport, can you still help me",
            "minulla ei ole passia, voitteko silti auttaa",
            "ما عندي جواز سفر، بتقدروا تساعدوني",
            "what is the weather tomorrow",
        ]
    )
    assert no_papers_en @ no_papers_fi > no_papers_en @ weather
    assert no_papers_en @ no_papers_ar > no_papers_en @ weather


def test_batches_keep_the_order_of_texts():
    texts = [f"message number {n}" for n in range(300)]
    together = embed(texts)
    assert together.shape == (300, 384)
    assert np.allclose(together[299], embed([texts[299]])[0], atol=1e-5)


@pytest.mark.parametrize("scale", [0, -1, "10"])
def test_a_scale_that_is_not_positive_is_refused(tmp_path, scale):
    with pytest.raises(InvalidConfigException):
        featurizer(tmp_path, scale=scale)
