"""Deleted and idle conversations leave nothing in Rasa's tracker store."""

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Restarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import ForgetfulTrackerStore

DOMAIN = Domain.from_path("domain.yml")


def tracker(*events):
    return DialogueStateTracker.from_events("person", list(events), slots=DOMAIN.slots)


async def test_events_before_a_restart_are_dropped():
    store = ForgetfulTrackerStore(DOMAIN)
    secret = "my boss is called Pekka and lives in Espoo"
    await store.save(tracker(UserUttered(secret), ActionExecuted("utter_default"), Restarted()))
    assert secret not in str(store.store)
    kept = await store.retrieve("person")
    assert [type(event) for event in kept.events] == [Restarted]


async def test_a_conversation_without_restart_is_kept_whole():
    store = ForgetfulTrackerStore(DOMAIN)
    await store.save(tracker(UserUttered("hello"), ActionExecuted("utter_greet")))
    assert len((await store.retrieve("person")).events) == 2


async def test_idle_conversations_are_swept(monkeypatch):
    monkeypatch.setenv("TURVA_TRACKER_IDLE_HOURS", "1")
    store = ForgetfulTrackerStore(DOMAIN)
    await store.save(tracker(UserUttered("hello")))
    assert store.sweep(now=store._last_seen["person"] + 1800) == 0
    assert store.sweep(now=store._last_seen["person"] + 3601) == 1
    assert await store.retrieve("person") is None
