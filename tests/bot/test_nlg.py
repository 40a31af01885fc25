"""The in-process generator answers from the catalog in the conversation's language."""

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.language import service
from bot.nlg import CatalogGenerator

DOMAIN = Domain.from_path("domain.yml")


def tracker(*events):
    return DialogueStateTracker.from_events("someone", list(events), slots=DOMAIN.slots)


async def test_answers_in_the_language_slot():
    generator = CatalogGenerator()
    message = await generator.generate("utter_cost", tracker(SlotSet("language", "fi")), "rest")
    assert message == service.catalog().response("utter_cost", "fi")


async def test_falls_back_to_metadata_then_default():
    generator = CatalogGenerator()
    spoken = tracker(UserUttered("hei", metadata={"language": "fi"}))
    assert (await generator.generate("utter_cost", spoken, "rest"))["text"].startswith("Apu")
    silent = tracker()
    assert (await generator.generate("utter_cost", silent, "rest"))["text"].startswith("The help")


async def test_unknown_language_in_slot_uses_default():
    generator = CatalogGenerator()
    message = await generator.generate("utter_cost", tracker(SlotSet("language", "xx")), "rest")
    assert message == service.catalog().response("utter_cost", "en")


async def test_unknown_response_is_none():
    assert await CatalogGenerator().generate("utter_nothing", tracker(), "rest") is None


async def test_greeting_buttons_are_translated_with_same_payloads():
    generator = CatalogGenerator()
    fi = await generator.generate("utter_greet", tracker(SlotSet("language", "fi")), "rest")
    en = await generator.generate("utter_greet", tracker(SlotSet("language", "en")), "rest")
    assert [b["payload"] for b in fi["buttons"]] == [b["payload"] for b in en["buttons"]]
    assert fi["buttons"][0]["title"] != en["buttons"][0]["title"]
