"""The detector on the real models, restricted to the profile's languages."""

import unicodedata

import pytest

from bot.language import service
from bot.language.choice import choose
from bot.language.detector import (
    LanguageDetector,
    language_requests_from_nlu,
    letter_count,
    normalise,
    phrases_from_nlu,
)

NLU_EN = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - hello
    - Hello, I need help!
- intent: inform
  examples: |
    - my boss is [Mark](name)
- intent: choose_language
  examples:
    - text: in English please
      metadata:
        language: en
"""
NLU_FI = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - hei, tarvitsen apua
"""


@pytest.fixture(scope="module")
def detector():
    return service.detector()


@pytest.fixture(scope="module")
def statistics_only():
    """The detector without the NLU phrases: what a message that is no training example gets."""
    return LanguageDetector(service.organisation().detect_languages, phrases={})


@pytest.fixture
def nlu_dir(tmp_path):
    (tmp_path / "en.yml").write_text(NLU_EN, encoding="utf-8")
    (tmp_path / "fi.yml").write_text(NLU_FI, encoding="utf-8")
    return tmp_path


def test_normalise_drops_case_punctuation_and_spacing():
    assert normalise("  Hello,   IS anyone there?! ") == "hello is anyone there"


def test_letter_count_counts_any_script():
    assert letter_count("ok 1 👍") == 2
    assert letter_count("مرحبا") == 5


def test_training_examples_are_known_phrases(nlu_dir):
    phrases = phrases_from_nlu(nlu_dir)
    assert phrases["hello"] == {"en"}
    assert phrases["hello i need help"] == {"en"}
    assert phrases["my boss is mark"] == {"en"}
    assert phrases["hei tarvitsen apua"] == {"fi"}
    assert "in english please" not in phrases


def test_language_requests_come_from_choose_language_examples(nlu_dir):
    assert language_requests_from_nlu(nlu_dir) == {"in english please": "en"}


def test_phrase_of_one_language_is_certain(nlu_dir):
    detector = LanguageDetector(service.organisation().detect_languages, phrases_from_nlu(nlu_dir))
    ranked = detector.rank("Hei, tarvitsen apua!")
    assert [(g.language, g.confidence) for g in ranked] == [("fi", 1.0)]


def test_phrase_of_several_languages_is_shared_among_those_only():
    detector = LanguageDetector(
        service.organisation().detect_languages, {"да": {"ru", "bg"}, "hello": {"en", "zh"}}
    )
    ranked = detector.rank("Да!")
    assert {g.language for g in ranked} == {"ru", "bg"}
    assert [g.confidence for g in ranked] == [0.5, 0.5]
    assert not choose("Да!", ranked, current=None, default="en").certain
    # Chinese examples may hold "hello", but Latin letters are not Chinese text.
    assert [(g.language, g.confidence) for g in detector.rank("Hello!")] == [("en", 1.0)]


def test_a_romanised_phrase_counts_for_the_languages_that_have_it():
    detector = LanguageDetector(
        service.organisation().detect_languages,
        {"salam": {"ar", "fa"}, "marhaba": {"ar"}, "hello": {"en", "zh"}},
    )
    assert [(g.language, g.confidence) for g in detector.rank("Marhaba!")] == [("ar", 1.0)]
    salam = detector.rank("salam")
    assert {g.language for g in salam} == {"ar", "fa"}
    assert not choose("salam", salam, current=None, default="en").certain


def test_salam_asks_between_arabic_and_persian(detector):
    ranked = detector.rank("salam")
    assert {g.language for g in ranked} == {"ar", "fa"}
    assert not choose("salam", ranked, current=None, default="en").certain


def test_real_training_data_is_read(detector):
    assert "en" in phrases_from_nlu()["hello"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("hello", "en"),
        ("Hello!", "en"),
        ("hei, tarvitsen apua", "fi"),
        ("my boss took my passport and does not pay me", "en"),
        ("pomoni otti passini eikä maksa palkkaa", "fi"),
        ("我需要帮助", "zh"),
        ("shukran kteer", "ar"),
    ],
)
def test_top_guess(detector, text, language):
    assert detector.rank(text)[0].language == language


def test_no_letters_no_guess(detector):
    assert detector.rank("123 !!") == []
    assert detector.rank("👍") == []


def test_guesses_are_sorted_and_sum_to_one(statistics_only):
    ranked = statistics_only.rank("voitko auttaa minua")
    assert [g.confidence for g in ranked] == sorted((g.confidence for g in ranked), reverse=True)
    assert sum(g.confidence for g in ranked) == pytest.approx(1.0)


def test_only_language_of_a_script_is_certain_without_the_models(statistics_only):
    assert [(g.language, g.confidence) for g in statistics_only.rank("ขอความช่วยเหลือ")] == [
        ("th", 1.0)
    ]
    assert statistics_only.rank("hi ขอความช่วยเหลือ ok")[0].language == "th"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # lingua alone: Tagalog, Polish, Tagalog (letters its models never saw in them)
        ("email người", "vi"),
        ("ok cảm ơn", "vi"),
        ("pașaport", "ro"),
        # script and spelling settle close languages
        ("мы здесь", "ru"),
        ("ти є", "uk"),
        ("съм тук", "bg"),
        ("می‌خواهم", "fa"),
    ],
)
def test_letters_a_language_never_writes_count_against_it(statistics_only, text, language):
    assert statistics_only.rank(text)[0].language == language


@pytest.mark.parametrize("text", ["tôi cần giúp đỡ", "päivää", "мені потрібна допомога"])
def test_decomposed_input_ranks_like_composed(statistics_only, text):
    composed = statistics_only.rank(text)
    decomposed = statistics_only.rank(unicodedata.normalize("NFD", text))
    assert decomposed[0].language == composed[0].language
    assert decomposed[0].confidence == pytest.approx(composed[0].confidence)


def test_romanian_comma_letters_rank_like_cedillas(statistics_only):
    assert statistics_only.rank("mulțumesc")[0].language == "ro"
    assert statistics_only.rank("mulțumesc")[0].confidence > 0.9
