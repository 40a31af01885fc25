"""bench/nlu_cross_validation.py splits, trains and scores with the project's real pipeline."""

import csv
import importlib.util
import sys
from collections import Counter

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.settings import PROJECT_ROOT

BENCH = PROJECT_ROOT / "bench" / "nlu_cross_validation.py"

EXAMPLES = {
    "greet": ["hello", "hi there", "good morning", "hey", "hello anyone there", "hi friend"],
    "thank": ["thanks", "thank you so much", "many thanks", "thx a lot", "cheers", "thank u"],
    "ask_cost": [
        "is it free",
        "do i have to pay",
        "how much does it cost",
        "is there a fee",
        "does help cost money",
        "must i pay back",
    ],
}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_nlu_cross_validation", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture
def nlu_dir(tmp_path):
    blocks = "".join(
        f"- intent: {intent}\n  examples: |\n" + "".join(f"    - {text}\n" for text in texts)
        for intent, texts in EXAMPLES.items()
    )
    (tmp_path / "en.yml").write_text(f'version: "3.1"\nnlu:\n{blocks}', encoding="utf-8")
    return tmp_path


def test_folds_are_stratified_and_test_every_example_once(bench):
    labels = ["en:greet"] * 6 + ["fi:greet"] * 6 + ["en:thank"] * 9
    folds = bench.folds(labels, 3, seed=0)
    tested = sorted(i for _, test in folds for i in test)
    assert tested == list(range(len(labels)))
    for train, test in folds:
        assert not set(train) & set(test)
        assert Counter(labels[i] for i in test) == {"en:greet": 2, "fi:greet": 2, "en:thank": 3}


def test_a_fallback_is_undone_as_rasa_test_does(bench):
    parse = {
        "intent": {"name": "nlu_fallback", "confidence": 0.8},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.8},
            {"name": "skip", "confidence": 0.19},
            {"name": "deny", "confidence": 0.17},
        ],
    }
    assert bench.top_intent(parse) == ("skip", 0.19)
    assert bench.top_intent({"intent": {"name": "deny", "confidence": 0.9}}) == ("deny", 0.9)


def test_only_misreads_are_written(bench, tmp_path):
    examples = [
        ("en", Message(data={"text": "hi", "intent": "greet"})),
        ("fi", Message(data={"text": "kiitos", "intent": "thank"})),
    ]
    path = tmp_path / "misreads.tsv"
    bench.write_errors(path, examples, [("greet", 0.9), ("greet", 0.4)])
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    assert rows == [
        ["language", "intent", "predicted", "confidence", "text"],
        ["fi", "thank", "greet", "0.40", "kiitos"],
    ]


def test_cross_validation_trains_the_config_and_predicts_every_example(bench, nlu_dir):
    examples = bench.load_examples(nlu_dir)
    predicted = bench.cross_validate(examples, 2, seed=0, config=PROJECT_ROOT / "config.yml")
    assert len(predicted) == len(examples) == 18
    assert {intent for intent, _ in predicted} <= set(EXAMPLES)
    assert all(0.0 < confidence <= 1.0 for _, confidence in predicted)
