"""Stickiness, explicit choice and hints, on ranked guesses."""

from bot.language.choice import choose
from bot.language.detector import Guess

SURE_FI = [Guess("fi", 0.9), Guess("et", 0.08)]


def test_first_clear_message_sets_the_language():
    decision = choose("hei, tarvitsen apua", SURE_FI, current=None, default="en")
    assert decision.language == "fi" and decision.certain


def test_short_replies_never_switch():
    for text, ranked in [
        ("ok", [Guess("fi", 0.9)]),
        ("1", []),
        ("yes", [Guess("en", 1.0)]),
        ("👍", []),
    ]:
        assert choose(text, ranked, current="ar", default="en").language == "ar"


def test_long_clear_message_in_another_language_switches():
    text = "minä tarvitsen apua, pomoni otti passini"
    assert choose(text, SURE_FI, current="en", default="en").language == "fi"


def test_unsure_guess_does_not_switch():
    text = "minä tarvitsen apua nyt heti"
    ranked = [Guess("fi", 0.5), Guess("et", 0.45)]
    assert choose(text, ranked, current="en", default="en").language == "en"


def test_no_language_in_first_message_uses_hint_then_default():
    assert choose("123", [], current=None, default="en", hint="fi").language == "fi"
    decision = choose("123", [], current=None, default="en")
    assert decision.language == "en" and not decision.certain


def test_hint_breaks_a_near_tie_but_stays_uncertain():
    ranked = [Guess("es", 0.45), Guess("pt", 0.40)]
    decision = choose("mi amigo", ranked, current=None, default="en", hint="pt")
    assert decision.language == "pt" and not decision.certain
    assert "es" in decision.alternatives


def test_close_top_two_is_uncertain_and_names_the_alternative():
    ranked = [Guess("ru", 0.5), Guess("uk", 0.45), Guess("bg", 0.05)]
    decision = choose("привет", ranked, current=None, default="en")
    assert decision.language == "ru" and not decision.certain
    assert decision.alternatives == ("uk",)


def test_hint_far_behind_does_not_win():
    decision = choose("hei, tarvitsen apua", SURE_FI, current=None, default="en", hint="sv")
    assert decision.language == "fi" and decision.certain


def test_short_message_in_another_non_latin_script_switches():
    decision = choose("我需要帮助", [Guess("zh", 1.0)], current="en", default="en")
    assert decision.language == "zh" and decision.certain
    assert choose("ช่วยด้วย", [Guess("th", 1.0)], current="ru", default="en").language == "th"


def test_short_latin_message_in_a_non_latin_conversation_does_not_switch():
    assert choose("hello", [Guess("en", 1.0)], current="ru", default="en").language == "ru"


def test_short_message_in_the_same_script_does_not_switch():
    assert choose("спасибо", [Guess("ru", 0.9)], current="uk", default="en").language == "uk"


def test_unsure_message_in_another_script_does_not_switch():
    ranked = [Guess("fa", 0.6), Guess("ar", 0.4)]
    assert choose("ممنون", ranked, current="en", default="en").language == "en"


def test_on_a_tie_the_hint_then_the_default_language_wins():
    tied = [Guess("fi", 0.25), Guess("pl", 0.25), Guess("en", 0.25), Guess("tr", 0.25)]
    decision = choose("ok", tied, current=None, default="en")
    assert decision.language == "en" and not decision.certain
    assert set(decision.alternatives) == {"fi", "pl", "tr"}
    assert choose("ok", tied, current=None, default="en", hint="pl").language == "pl"
    assert choose("ok", tied[:2], current=None, default="en").language == "fi"
