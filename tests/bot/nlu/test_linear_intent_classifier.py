"""The linear intent classifier: calibrated confidences, ranking, persistence."""

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.linear_intent_classifier import LinearIntentClassifier
from bot.nlu.tfidf_features import TfidfFeatures

EXAMPLES = {
    "ask_cost": [
        "is it free",
        "does it cost money",
        "do i have to pay",
        "how much is it",
        "onko tämä ilmainen",
        "maksaako tämä",
        "is there a fee",
        "is help free",
    ],
    "ask_no_papers": [
        "i have no passport",
        "no papers can you help",
        "my visa expired",
        "minulla ei ole passia",
        "ei papereita",
        "no documents",
        "help without a permit",
        "i lost my id",
    ],
    "greet": ["hello", "hi", "hei", "moi", "good morning", "hey there", "huomenta", "hello?"],
}


def context(name: str) -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name=name)


def featurised(featurizer: TfidfFeatures, texts: list[str]) -> list[Message]:
    messages = [Message(data={"text": text}) for text in texts]
    return featurizer.process(messages)


@pytest.fixture
def trained(tmp_path: Path):
    storage = LocalModelStorage(tmp_path)
    featurizer = TfidfFeatures.create(
        {**TfidfFeatures.get_default_config(), "analyzer": "char_wb", "max_ngram": 3},
        storage,
        Resource("tfidf"),
        context("tfidf"),
    )
    data = TrainingData(
        [Message(data={"text": t, "intent": i}) for i, texts in EXAMPLES.items() for t in texts]
    )
    featurizer.train(data)
    featurizer.process_training_data(data)
    resource = Resource("classifier")
    config = LinearIntentClassifier.get_default_config()
    classifier = LinearIntentClassifier.create(config, storage, resource, context("classifier"))
    classifier.train(data)
    return featurizer, classifier, storage, resource


def test_messages_get_their_intent_with_a_ranking_that_sums_to_one(trained):
    featurizer, classifier, _, _ = trained
    free, passport = classifier.process(featurised(featurizer, ["is it free?", "no passport"]))
    assert free.get("intent")["name"] == "ask_cost"
    assert passport.get("intent")["name"] == "ask_no_papers"
    ranking = free.get("intent_ranking")
    assert ranking[0]["name"] == "ask_cost"
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
    assert ranking == sorted(ranking, key=lambda r: -r["confidence"])


def test_the_ranking_is_cut_to_its_configured_length(trained):
    featurizer, _, storage, resource = trained
    config = {**LinearIntentClassifier.get_default_config(), "ranking_length": 2}
    short = LinearIntentClassifier.load(config, storage, resource, context("classifier"))
    (message,) = short.process(featurised(featurizer, ["hello"]))
    assert len(message.get("intent_ranking")) == 2


def test_the_loaded_model_predicts_the_same(trained):
    featurizer, classifier, storage, resource = trained
    loaded = LinearIntentClassifier.load(
        LinearIntentClassifier.get_default_config(), storage, resource, context("classifier")
    )
    texts = ["maksaako", "moi moi", "visa"]
    before = [m.get("intent") for m in classifier.process(featurised(featurizer, texts))]
    after = [m.get("intent") for m in loaded.process(featurised(featurizer, texts))]
    assert before == after


def test_messages_without_text_and_an_untrained_model_are_left_alone(tmp_path, trained):
    featurizer, classifier, _, _ = trained
    empty = Message(data={})
    classifier.process([empty])
    assert empty.get("intent") is None
    untrained = LinearIntentClassifier.load(
        LinearIntentClassifier.get_default_config(),
        LocalModelStorage(tmp_path / "empty"),
        Resource("none"),
        context("classifier"),
    )
    (message,) = untrained.process(featurised(featurizer, ["hello"]))
    assert message.get("intent") is None


def test_an_intent_with_fewer_examples_than_folds_is_refused(tmp_path, trained):
    featurizer, _, storage, _ = trained
    data = TrainingData(
        [
            Message(data={"text": "hello", "intent": "greet"}),
            Message(data={"text": "is it free", "intent": "ask_cost"}),
            Message(data={"text": "does it cost", "intent": "ask_cost"}),
        ]
    )
    featurizer.process_training_data(data)
    classifier = LinearIntentClassifier.create(
        LinearIntentClassifier.get_default_config(), storage, Resource("small"), context("small")
    )
    with pytest.raises(InvalidConfigException, match="smallest has 1"):
        classifier.train(data)


@pytest.mark.parametrize("config", [{"C": 0}, {"C": "1"}, {"calibration_folds": 1}])
def test_a_bad_config_is_refused(config):
    with pytest.raises(InvalidConfigException):
        LinearIntentClassifier.validate_config(
            {**LinearIntentClassifier.get_default_config(), **config}
        )
