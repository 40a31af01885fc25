"""The NLU component passes the gateway's language on, or detects it when sure."""

from rasa.shared.nlu.training_data.message import Message

from bot.language.component import LanguageEntity


def language_of(text, metadata=None):
    message = Message(data={"text": text, "metadata": metadata or {}})
    LanguageEntity().process([message])
    found = [e["value"] for e in message.get("entities", []) if e["entity"] == "language"]
    return found[0] if found else None


def test_gateway_language_is_passed_on():
    assert language_of("ok", {"language": "fi"}) == "fi"


def test_detects_a_clear_message_without_metadata():
    assert language_of("hei, tarvitsen apua") == "fi"
    assert language_of("hello") == "en"


def test_short_or_unclear_message_sets_nothing():
    assert language_of("1") is None
    assert language_of("👍") is None


def test_intent_payloads_are_left_alone():
    assert language_of('/choose_language{"language": "fi"}') is None


def test_unsupported_metadata_language_is_ignored():
    assert language_of("hello", {"language": "xx"}) == "en"


def test_naming_a_language_beats_metadata():
    assert language_of("englanniksi", {"language": "fi"}) == "en"
    assert language_of("Finnish, please!", {"language": "en"}) == "fi"
