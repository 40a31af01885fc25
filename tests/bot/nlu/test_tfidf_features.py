"""TF-IDF features: learned from the training texts, stored with the model, sentence level only."""

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.tfidf_features import TfidfFeatures, folded

TEXTS = ["minulla ei ole passia", "is it free", "is it confidential", "ei maksa mitään"]


def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name="tfidf")


def trained(tmp_path: Path, **config) -> tuple[TfidfFeatures, LocalModelStorage, Resource]:
    storage, resource = LocalModelStorage(tmp_path), Resource("tfidf")
    full = {**TfidfFeatures.get_default_config(), **config}
    featurizer = TfidfFeatures.create(full, storage, resource, context())
    featurizer.train(TrainingData([Message(data={"text": t, "intent": "x"}) for t in TEXTS]))
    return featurizer, storage, resource


def sentence_vector(message: Message) -> np.ndarray:
    sequence, sentence = message.get_sparse_features("text")
    assert sequence is None
    return sentence.features.toarray()[0]


def test_words_are_weighted_and_each_message_has_unit_length(tmp_path):
    featurizer, _, _ = trained(tmp_path)
    free, unknown = Message(data={"text": "is it free"}), Message(data={"text": "qwerty"})
    featurizer.process([free, unknown])
    vector = sentence_vector(free)
    assert np.linalg.norm(vector) == pytest.approx(1.0, rel=1e-5)
    assert np.count_nonzero(vector) == 3
    assert not sentence_vector(unknown).any()


def test_a_word_in_fewer_texts_weighs_more(tmp_path):
    featurizer, _, _ = trained(tmp_path)
    message = Message(data={"text": "is free"})
    featurizer.process([message])
    vocabulary = featurizer._vectorizer.vocabulary_
    vector = sentence_vector(message)
    assert vector[vocabulary["free"]] > vector[vocabulary["is"]]


def test_character_ngrams_match_a_misspelt_word(tmp_path):
    featurizer, _, _ = trained(tmp_path, analyzer="char_wb", min_ngram=2, max_ngram=3)
    message = Message(data={"text": "pasia"})
    featurizer.process([message])
    assert sentence_vector(message).any()


@pytest.mark.parametrize(
    ("typed", "as_learnt"),
    [
        ("Päivää, MISSÄ olette?", "paivaa, missa olette?"),
        ("Tôi không có hộ chiếu", "toi khong co ho chieu"),
        ("şikayet", "sikayet"),
        ("أنا خائفة", "انا خايفه"),
        ("مَدْرَسَة", "مدرسه"),
        ("کی یـــــا", "كي يا"),
    ],
)
def test_texts_are_folded_as_people_type_them(typed, as_learnt):
    assert folded(typed) == as_learnt


def test_thai_keeps_its_vowel_and_tone_marks():
    assert folded("ช่วยด้วย") == "ช่วยด้วย"


def test_a_message_typed_without_accents_gets_the_same_features(tmp_path):
    featurizer, _, _ = trained(tmp_path, analyzer="char_wb", max_ngram=3)
    accented, plain = (
        Message(data={"text": "ei maksa mitään"}),
        Message(data={"text": "ei maksa mitaan"}),
    )
    featurizer.process([accented, plain])
    assert np.array_equal(sentence_vector(accented), sentence_vector(plain))


def test_the_loaded_vectorizer_gives_the_same_features(tmp_path):
    featurizer, storage, resource = trained(tmp_path, max_ngram=2)
    loaded = TfidfFeatures.load(featurizer._config, storage, resource, context())
    first, second = Message(data={"text": "is it free"}), Message(data={"text": "is it free"})
    featurizer.process([first])
    loaded.process([second])
    assert np.array_equal(sentence_vector(first), sentence_vector(second))


def test_training_examples_without_text_are_left_alone(tmp_path):
    featurizer, _, _ = trained(tmp_path)
    example = Message(data={"text": "is it free", "intent": "ask_cost"})
    intent_only = Message(data={"intent": "ask_cost"})
    featurizer.process_training_data(TrainingData([example, intent_only]))
    assert sentence_vector(example).any()
    assert intent_only.get_sparse_features("text") == (None, None)


def test_an_untrained_featurizer_adds_nothing(tmp_path):
    loaded = TfidfFeatures.load(
        TfidfFeatures.get_default_config(), LocalModelStorage(tmp_path), Resource("none"), context()
    )
    message = Message(data={"text": "hei"})
    loaded.process([message])
    assert message.get_sparse_features("text") == (None, None)


@pytest.mark.parametrize(
    "config",
    [
        {"analyzer": "char"},
        {"min_ngram": 3, "max_ngram": 2},
        {"min_ngram": 0},
        {"min_df": "2"},
    ],
)
def test_a_bad_config_is_refused(config):
    with pytest.raises(InvalidConfigException):
        TfidfFeatures.validate_config({**TfidfFeatures.get_default_config(), **config})
