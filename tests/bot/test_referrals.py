"""Referrals are recorded once, never lost, found by code, and follow the workflow."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from bot import reference_codes, referrals
from bot.store import Store
from bot.store.crypto import DataKeys
from bot.store.database import create_engine_for
from bot.store.migrate import upgrade
from bot.store.models import AuditEvent, Consent, Conversation, Referral
from bot.store.vocabulary import ReferralStatus
from tests.bot.store.helpers import (
    bring_back,
    consent,
    postgres_database,
    sample_form,
    take_away,
)

pytest_plugins = ["tests.bot.store.fixtures"]


def count(store: Store, model: type) -> int:
    with store.session() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def record(store: Store, submission: str = "s1", conversation: str = "conv-1", **answers):
    return referrals.record(
        store,
        sample_form(**answers),
        conversation_id=conversation,
        submission_id=submission,
        channel="webchat",
        consent=consent(),
    )


def test_record_saves_the_form_and_gives_a_code(store: Store) -> None:
    result = record(store)

    assert result.saved and result.created
    assert result.referral_id is not None
    assert reference_codes.display(result.reference_code) == result.reference_code
    view = referrals.get(store, result.referral_id)
    assert view is not None
    assert view.form == sample_form()
    assert view.status is ReferralStatus.NEW
    assert view.conversation_id == "conv-1"
    assert count(store, Conversation) == 1
    assert count(store, Consent) == 1


def test_a_retried_submission_is_recorded_once(store: Store) -> None:
    first = record(store)
    again = record(store)
    third = record(store, summary="a changed retry keeps the first recording")

    assert {again.reference_code, third.reference_code} == {first.reference_code}
    assert again.referral_id == third.referral_id == first.referral_id
    assert not again.created and not third.created and again.saved
    assert count(store, Referral) == 1
    assert count(store, Consent) == 1


def test_another_submission_is_another_referral(store: Store) -> None:
    first = record(store, submission="s1")
    second = record(store, submission="s2")

    assert second.referral_id != first.referral_id
    assert second.reference_code != first.reference_code
    assert count(store, Referral) == 2
    assert count(store, Conversation) == 1


def test_no_referral_without_consent(store: Store) -> None:
    with pytest.raises(referrals.ConsentMissingError):
        referrals.record(
            store,
            sample_form(),
            conversation_id="c",
            submission_id="s",
            channel="webchat",
            consent=referrals.ConsentGiven("2026-11", "en", scopes=()),
        )
    assert count(store, Referral) == 0


def test_find_by_code_forgives_how_it_was_typed(store: Store) -> None:
    result = record(store)
    code = result.reference_code
    sloppy = f"  {code[:3]} {code[3:].lower()}  ".replace("-", " - ")

    assert referrals.find(store, code).id == result.referral_id
    assert referrals.find(store, sloppy).id == result.referral_id
    assert referrals.find(store, code.replace("-", "")).id == result.referral_id


def test_an_unknown_or_malformed_code_finds_nothing(store: Store) -> None:
    record(store)
    assert referrals.find(store, reference_codes.generate()) is None
    assert referrals.find(store, "hello") is None
    assert referrals.find(store, "") is None


def test_append_by_code(store: Store) -> None:
    result = record(store)

    referrals.append(store, result.reference_code, "They also took my phone.")
    view = referrals.append(store, result.reference_code, "I am safe now.")

    assert [a.text for a in view.additions] == ["They also took my phone.", "I am safe now."]
    with pytest.raises(referrals.ReferralNotFoundError):
        referrals.append(store, reference_codes.generate(), "text")


def test_delete_by_code_removes_the_referral_and_its_conversation(store: Store) -> None:
    result = record(store)
    referrals.append(store, result.reference_code, "more")

    assert referrals.delete(store, result.reference_code)

    assert referrals.find(store, result.reference_code) is None
    assert count(store, Referral) == 0
    assert count(store, Conversation) == 0
    assert count(store, Consent) == 0
    assert not referrals.delete(store, result.reference_code)
    with store.session() as session:
        actions = session.execute(select(AuditEvent.action)).scalars().all()
    assert "referral.deleted" in actions


def test_status_follows_the_workflow(store: Store) -> None:
    referral_id = record(store).referral_id

    view = referrals.change_status(store, referral_id, "in_contact", actor="caseworker:1")
    assert view.status is ReferralStatus.IN_CONTACT
    view = referrals.change_status(store, referral_id, ReferralStatus.ADMITTED)
    assert view.status is ReferralStatus.ADMITTED


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ((), "admitted"),
        ((), "referred_elsewhere"),
        ((), "new"),
        (("in_contact",), "new"),
        (("in_contact",), "in_contact"),
        (("in_contact", "admitted"), "closed"),
        (("closed",), "in_contact"),
        (("in_contact", "referred_elsewhere"), "admitted"),
    ],
)
def test_illegal_transitions_are_refused(store: Store, path: tuple, forbidden: str) -> None:
    referral_id = record(store).referral_id
    for status in path:
        referrals.change_status(store, referral_id, status)
    before = referrals.get(store, referral_id)

    with pytest.raises(referrals.IllegalTransitionError):
        referrals.change_status(store, referral_id, forbidden)

    assert referrals.get(store, referral_id).status == before.status


def test_status_of_a_missing_referral(store: Store) -> None:
    with pytest.raises(referrals.ReferralNotFoundError):
        referrals.change_status(store, 12345, "in_contact")
    with pytest.raises(ValueError):
        referrals.change_status(store, 12345, "archived")


# Durability: the database goes away.


def _down_then_back(store: Store, bring_back) -> None:
    """Record while the database is away, retry, bring it back, flush: exactly one referral."""
    queued = record(store)
    retried = record(store)

    assert not queued.saved and queued.referral_id is None and queued.created
    assert not retried.saved and not retried.created
    assert retried.reference_code == queued.reference_code
    assert len(store.outbox) == 1
    assert referrals.flush_outbox(store) == 0  # still away: nothing leaves the outbox
    assert len(store.outbox) == 1

    bring_back()

    assert referrals.flush_outbox(store) == 1
    assert referrals.flush_outbox(store) == 0
    assert len(store.outbox) == 0
    assert count(store, Referral) == 1
    after = record(store)
    assert after.saved and not after.created
    assert after.reference_code == queued.reference_code
    assert referrals.find(store, queued.reference_code).form == sample_form()
    assert count(store, Referral) == 1


def test_postgres_renamed_away_queues_then_writes_once(
    postgres_admin: Engine, data_keys: DataKeys, tmp_path
) -> None:
    with postgres_database(postgres_admin) as url:
        name = url.rsplit("/", 1)[1]
        store = Store(create_engine_for(url, data_keys), data_keys, tmp_path / "outbox")
        upgrade(store.engine)
        take_away(postgres_admin, name)
        try:
            _down_then_back(store, lambda: bring_back(postgres_admin, name))
        finally:
            store.close()


def test_postgres_lost_mid_recording_queues_then_writes_once(
    postgres_admin: Engine, data_keys: DataKeys, tmp_path
) -> None:
    with postgres_database(postgres_admin) as url:
        name = url.rsplit("/", 1)[1]
        store = Store(create_engine_for(url, data_keys), data_keys, tmp_path / "outbox")
        upgrade(store.engine)
        cut = {"done": False}

        @event.listens_for(store.engine, "before_cursor_execute")
        def cut_the_line(conn, cursor, statement, *args) -> None:
            # The conversation and consent rows are already sent: the transaction is half done.
            if cut["done"] or not statement.startswith("INSERT INTO referrals"):
                return
            cut["done"] = True
            take_away(postgres_admin, name)  # this connection included

        def back_with_nothing_half_done() -> None:
            bring_back(postgres_admin, name)
            assert count(store, Conversation) == 0  # the cut transaction left nothing

        try:
            _down_then_back(store, back_with_nothing_half_done)
            assert cut["done"]
        finally:
            store.close()


def test_sqlite_locked_by_another_writer_queues_then_writes_once(
    sqlite_template, data_keys: DataKeys, tmp_path
) -> None:
    path = tmp_path / "turva.db"
    path.write_bytes(sqlite_template.read_bytes())
    engine = create_engine_for(f"sqlite:///{path}?timeout=0.2", data_keys)
    store = Store(engine, data_keys, tmp_path / "outbox")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        _down_then_back(store, holder.close)
    finally:
        holder.close()
        store.close()


def test_unmigrated_database_queues_until_migrated(backend: str, request, data_keys, tmp_path):
    """A database that is there but not ready (no schema yet) loses nothing either."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
        store = Store(create_engine_for(url, data_keys), data_keys, tmp_path / "outbox")
        _down_then_back(store, lambda: upgrade(store.engine))
        store.close()
        return
    with postgres_database(request.getfixturevalue("postgres_admin")) as url:
        store = Store(create_engine_for(url, data_keys), data_keys, tmp_path / "outbox")
        try:
            _down_then_back(store, lambda: upgrade(store.engine))
        finally:
            store.close()
