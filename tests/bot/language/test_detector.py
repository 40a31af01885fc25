"""The detector on the real models, restricted to the profile's languages."""

import pytest

from bot.language import service
from bot.language.detector import letter_count, normalise, phrases_from_nlu


@pytest.fixture(scope="module")
def detector():
    return service.detector()


def test_normalise_drops_case_punctuation_and_spacing():
    assert normalise("  Hello,   IS anyone there?! ") == "hello is anyone there"


def test_letter_count_counts_any_script():
    assert letter_count("ok 1 👍") == 2
    assert letter_count("مرحبا") == 5


def test_training_examples_are_known_phrases():
    phrases = phrases_from_nlu()
    assert "en" in phrases["hello"]
    assert "fi" in phrases["hei tarvitsen apua"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("hello", "en"),
        ("Hello!", "en"),
        ("hei, tarvitsen apua", "fi"),
        ("my boss took my passport and does not pay me", "en"),
        ("pomoni otti passini eikä maksa palkkaa", "fi"),
        ("我需要帮助", "zh"),
    ],
)
def test_top_guess(detector, text, language):
    assert detector.rank(text)[0].language == language


def test_no_letters_no_guess(detector):
    assert detector.rank("123 !!") == []
    assert detector.rank("👍") == []
