"""The database itself guards the closed lists, and deleting a parent deletes its children."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from bot.store import Store
from bot.store.models import (
    Consent,
    Conversation,
    Handoff,
    HandoffMessage,
    Note,
    Referral,
    new_conversation_id,
)
from bot.store.vocabulary import ConsentScope, ConversationMode, Sender

pytest_plugins = ["tests.bot.store.fixtures"]


def test_a_conversation_keeps_nothing_that_identifies_a_device() -> None:
    columns = set(Conversation.__table__.columns.keys())
    # reference_hash: an HMAC of the code the person may use to come back, not of a device
    assert columns == {
        "id",
        "channel",
        "language",
        "mode",
        "created_at",
        "last_seen",
        "reference_hash",
    }
    assert len({new_conversation_id() for _ in range(100)}) == 100


def test_defaults_and_times_come_back_in_utc(store: Store) -> None:
    with store.transaction() as session:
        session.add(Conversation(id="c1", channel="webchat", language="fi"))
    with store.session() as session:
        conversation = session.get(Conversation, "c1")
        assert conversation.mode is ConversationMode.BOT
        assert conversation.created_at.utcoffset().total_seconds() == 0


def test_the_database_refuses_values_outside_the_lists(store: Store) -> None:
    with pytest.raises(StatementError), store.transaction() as session:
        session.add(Conversation(id="c1", channel="webchat", language="fi", mode="asleep"))
    # Even bypassing the ORM, the check constraint holds.
    with pytest.raises(IntegrityError), store.transaction() as session:
        session.execute(
            text(
                "INSERT INTO conversations (id, channel, language, mode, created_at, last_seen)"
                " VALUES ('c2', 'webchat', 'fi', 'asleep', '2026-01-01', '2026-01-01')"
            )
        )


def test_children_cannot_be_negative(store: Store) -> None:
    with pytest.raises(IntegrityError), store.transaction() as session:
        session.add(
            Referral(
                idempotency_hash="i",
                reference_hash="r",
                language="en",
                summary="x",
                children=-1,
            )
        )


def test_deleting_a_conversation_deletes_what_hangs_on_it(store: Store) -> None:
    with store.transaction() as session:
        session.add(Conversation(id="c1", channel="webchat", language="fi"))
        session.flush()
        session.add(
            Consent(
                conversation_id="c1", scope=ConsentScope.CONTACT, language="fi", wording_version="1"
            )
        )
        handoff = Handoff(conversation_id="c1", language="fi", channel="webchat")
        session.add(handoff)
        session.flush()
        session.add(HandoffMessage(handoff_id=handoff.id, sender=Sender.PERSON, text="hei"))
        session.add(Note(handoff_id=handoff.id, text="note"))
    with store.transaction() as session:
        session.execute(text("DELETE FROM conversations WHERE id = 'c1'"))
    with store.session() as session:
        for model in (Consent, Handoff, HandoffMessage, Note):
            assert session.execute(select(func.count()).select_from(model)).scalar_one() == 0
