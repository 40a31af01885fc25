"""The handoff service: exactly one caseworker claims, only they chat, transfer and close."""

from __future__ import annotations

import threading

import pytest

from bot import caseworkers, handoffs
from bot.handoffs import AlreadyClaimedError, HandoffNotFoundError, NotYoursError
from bot.store import Store
from bot.store.vocabulary import HandoffStatus, Role, Sender

pytest_plugins = ["tests.bot.store.fixtures"]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def accounts(store: Store) -> dict[str, int]:
    return {
        name: caseworkers.create(store, name, Role.CASEWORKER, PASSWORD).id
        for name in ("anna", "ben", "carl", "dina")
    }


def queue(store: Store, conversation: str = "c1", urgent: bool = False) -> int:
    view, created = handoffs.queue(
        store, conversation, channel="web", language="en", urgent=urgent, summary="help"
    )
    assert created
    return view.id


def test_one_claim_wins_among_many_at_once(store: Store, accounts: dict[str, int]) -> None:
    handoff_id = queue(store)
    barrier = threading.Barrier(len(accounts))
    outcomes: dict[str, str] = {}

    def claim(name: str) -> None:
        barrier.wait()
        try:
            handoffs.claim(store, handoff_id, accounts[name])
            outcomes[name] = "won"
        except AlreadyClaimedError:
            outcomes[name] = "lost"

    threads = [threading.Thread(target=claim, args=(name,)) for name in accounts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["lost", "lost", "lost", "won"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "won")
    view = handoffs.get(store, handoff_id)
    assert view.status == HandoffStatus.ACTIVE and view.caseworker == winner


def test_claiming_a_missing_handoff(store: Store, accounts: dict[str, int]) -> None:
    with pytest.raises(HandoffNotFoundError):
        handoffs.claim(store, 999, accounts["anna"])


def test_transfer_and_close_belong_to_the_handler(store: Store, accounts: dict[str, int]) -> None:
    handoff_id = queue(store)
    with pytest.raises(NotYoursError):
        handoffs.close(store, handoff_id, accounts["anna"])  # not claimed yet
    handoffs.claim(store, handoff_id, accounts["anna"])
    with pytest.raises(NotYoursError):
        handoffs.transfer(store, handoff_id, accounts["ben"], accounts["carl"])
    assert handoffs.transfer(store, handoff_id, accounts["anna"], accounts["ben"]).caseworker == (
        "ben"
    )
    with pytest.raises(NotYoursError):
        handoffs.close(store, handoff_id, accounts["anna"])
    closed = handoffs.close(store, handoff_id, accounts["ben"])
    assert closed.status == HandoffStatus.CLOSED
    with pytest.raises(HandoffNotFoundError):
        handoffs.add_message(store, handoff_id, Sender.CASEWORKER, "too late")


def test_messages_come_back_in_order(store: Store, accounts: dict[str, int]) -> None:
    handoff_id = queue(store)
    texts = [f"message {n}" for n in range(12)]
    for n, text in enumerate(texts):
        handoffs.add_message(store, handoff_id, Sender.PERSON if n % 2 else Sender.CASEWORKER, text)
    assert [m.text for m in handoffs.messages(store, handoff_id)] == texts


def test_forgetting_deletes_only_what_the_person_wrote_in_that_conversation(
    store: Store, accounts: dict[str, int]
) -> None:
    mine, other = queue(store, "c1"), queue(store, "c2")
    handoffs.add_message(store, mine, Sender.PERSON, "my boss has my passport")
    handoffs.add_message(store, mine, Sender.CASEWORKER, "we can help")
    handoffs.add_message(store, other, Sender.PERSON, "someone else's words")
    assert handoffs.forget_person_messages(store, "c1") == 1
    assert [m.text for m in handoffs.messages(store, mine)] == ["we can help"]
    assert handoffs.get(store, mine).summary is None
    assert [m.text for m in handoffs.messages(store, other)] == ["someone else's words"]
    assert handoffs.get(store, other).summary == "help"
    assert handoffs.forget_person_messages(store, "nobody") == 0


def test_listing_puts_urgent_first(store: Store) -> None:
    calm = queue(store, "c1")
    urgent = queue(store, "c2", urgent=True)
    later = queue(store, "c3")
    listed = handoffs.listing(store, HandoffStatus.WAITING)
    assert [view.id for view in listed] == [urgent, calm, later]
