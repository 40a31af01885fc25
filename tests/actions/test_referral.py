"""The referral actions with a real (SQLite) store, driven by tracker fixtures."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import referral
from bot import handoffs, referrals
from bot.language import service
from bot.store.migrate import upgrade
from bot.store.vocabulary import Sender

DOMAIN = {"forms": {"referral_form": {"required_slots": []}}}


def tracker(slots=None, text="", metadata=None, requested=None, message_id="m1", extracted=None):
    slots = {"language": "en", "requested_slot": requested, **(slots or {})}
    events = [{"event": "user", "text": text}] + [
        {"event": "slot", "name": name, "value": value} for name, value in (extracted or {}).items()
    ]
    return Tracker.from_dict(
        {
            "sender_id": "conversation-1",
            "slots": slots,
            "latest_message": {
                "text": text,
                "intent": {"name": "inform"},
                "entities": [],
                "metadata": metadata or {"channel": "web"},
                "message_id": message_id,
            },
            "events": events,
            "active_loop": {"name": "referral_form"},
        }
    )


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("TURVA_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("TURVA_DATABASE_URL", raising=False)
    monkeypatch.delenv("TURVA_DATA_KEY", raising=False)
    referral.store.cache_clear()
    upgrade(referral.store().engine)
    yield referral.store()
    referral.store().close()
    referral.store.cache_clear()


async def validate(slot, value, **slots):
    dispatcher = CollectingDispatcher()
    events = await referral.ValidateReferralForm().get_validation_events(
        dispatcher, tracker({**slots, slot: value}, requested=slot, extracted={slot: value}), DOMAIN
    )
    return {e["name"]: e["value"] for e in events}, [m["response"] for m in dispatcher.messages]


async def test_button_and_typed_answers_are_accepted():
    assert (await validate("place", "finland"))[0] == {"place": "finland"}
    assert (await validate("sector", "Cleaning", exploitation="forced_labour"))[0] == {
        "sector": "cleaning"
    }
    assert (await validate("deceived", "Yes"))[0] == {"deceived": "yes"}


async def test_unknown_answer_is_asked_again():
    slots, said = await validate("place", "purple")
    assert slots == {"place": None} and said == ["utter_please_choose"]


async def test_not_safe_now_gets_112_at_once():
    slots, said = await validate("safe_now", "no")
    assert slots == {"safe_now": "no"} and said == ["utter_danger"]


async def test_needs_collect_until_done():
    slots, _ = await validate("needs", "housing", needs_selected=["legal"])
    assert slots == {"needs": None, "needs_selected": ["legal", "housing"]}
    assert (await validate("needs", "skipped"))[0] == {"needs": "skipped"}


async def test_consent_shows_the_summary_first():
    dispatcher = CollectingDispatcher()
    await referral.ActionAskConsent().run(
        dispatcher, tracker({"place": "finland", "language": "fi"}), {}
    )
    first, second = dispatcher.messages
    assert first["response"] == "utter_referral_summary"
    assert service.catalog().ui("summary_place", "fi") in first["summary"]
    assert second["response"] == "utter_ask_consent"


async def test_submit_with_consent_records_once_and_gives_the_code(store):
    slots = {"place": "finland", "exploitation": "forced_labour", "sector": "restaurant"}
    codes = []
    for _ in range(2):  # Rasa may retry the action: the second run records nothing new
        dispatcher = CollectingDispatcher()
        events = await referral.ActionSubmitReferral().run(
            dispatcher, tracker({**slots, "consent": "yes"}), {}
        )
        [message] = dispatcher.messages
        assert message["response"] == "utter_referral_saved"
        codes.append(message["code"])
        assert SlotSet("place", None) in events
    assert codes[0] == codes[1]
    found = referrals.find(store, codes[0])
    assert found is not None and found.form.sector == "restaurant"


async def test_submit_without_consent_records_nothing(store):
    dispatcher = CollectingDispatcher()
    await referral.ActionSubmitReferral().run(
        dispatcher, tracker({"place": "abroad", "consent": "no"}), {}
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_referral_not_saved"]
    with store.session() as session:
        from sqlalchemy import func, select

        from bot.store.models import Referral

        assert session.execute(select(func.count()).select_from(Referral)).scalar() == 0


async def test_stop_forgets_the_answers():
    dispatcher = CollectingDispatcher()
    events = await referral.ActionStopReferral().run(dispatcher, tracker({"place": "x"}), {})
    assert ActiveLoop(None) in events and SlotSet("place", None) in events
    assert dispatcher.messages[0]["response"] == "utter_stopped"


async def test_delete_restarts_the_conversation_and_forgets_handoff_messages(store):
    handoff, _ = handoffs.queue(
        store, "conversation-1", channel="web", language="en", urgent=False, summary=None
    )
    handoffs.add_message(store, handoff.id, Sender.PERSON, "they took my passport")
    dispatcher = CollectingDispatcher()
    events = await referral.ActionDeleteConversation().run(dispatcher, tracker(), {})
    assert events == [ActiveLoop(None), Restarted()]
    assert dispatcher.messages[0]["response"] == "utter_deleted"
    assert handoffs.messages(store, handoff.id) == []


async def test_delete_says_so_when_the_store_is_away(monkeypatch):
    monkeypatch.setenv("TURVA_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    referral.store.cache_clear()
    dispatcher = CollectingDispatcher()
    events = await referral.ActionDeleteConversation().run(dispatcher, tracker(), {})
    referral.store.cache_clear()
    assert events == [ActiveLoop(None), Restarted()]
    assert dispatcher.messages[0]["response"] == "utter_delete_failed"
