"""``purge`` deletes what is past its period and keeps the rest; unconsented data goes first."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from bot import referrals, retention
from bot.__main__ import main
from bot.settings import Settings
from bot.store import Store
from bot.store.audit import log_event
from bot.store.models import (
    AuditEvent,
    Consent,
    Conversation,
    Handoff,
    HandoffMessage,
    Referral,
)
from bot.store.vocabulary import ConsentScope, HandoffStatus, ReferralStatus, Sender
from tests.bot.store.helpers import consent, sample_form

pytest_plugins = ["tests.bot.store.fixtures"]

NOW = datetime(2030, 6, 1, 12, 0, tzinfo=timezone.utc)
PERIODS = retention.RetentionPeriods()


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def conversation(store: Store, cid: str, last_seen: datetime, consented: bool = False) -> None:
    with store.transaction() as session:
        session.add(
            Conversation(
                id=cid, channel="webchat", language="fi", created_at=last_seen, last_seen=last_seen
            )
        )
        if consented:
            session.flush()
            session.add(
                Consent(
                    conversation_id=cid,
                    scope=ConsentScope.CONTACT,
                    language="fi",
                    wording_version="1",
                )
            )


def referral(store: Store, cid: str, status: ReferralStatus, changed: datetime) -> int:
    result = referrals.record(
        store,
        sample_form(),
        conversation_id=cid,
        submission_id="s",
        channel="webchat",
        consent=consent(),
    )
    with store.transaction() as session:
        session.execute(
            update(Referral)
            .where(Referral.id == result.referral_id)
            .values(status=status, status_changed_at=changed, created_at=changed)
        )
        session.execute(
            update(Conversation).where(Conversation.id == cid).values(last_seen=changed)
        )
    return result.referral_id


def ids(store: Store, column) -> set:
    with store.session() as session:
        return set(session.execute(select(column)).scalars())


def test_purge_deletes_what_is_past_its_period_and_keeps_the_rest(store: Store) -> None:
    conversation(store, "unconsented-old", days_ago(31))
    conversation(store, "unconsented-recent", days_ago(29))
    conversation(store, "consented-31-days", days_ago(31), consented=True)
    conversation(store, "consented-no-referral-old", days_ago(400), consented=True)
    conversation(store, "chat", days_ago(1), consented=True)
    with store.transaction() as session:
        old_chat = Handoff(
            conversation_id="chat",
            language="fi",
            channel="webchat",
            status=HandoffStatus.CLOSED,
            closed_at=days_ago(366),
        )
        live_chat = Handoff(conversation_id="chat", language="fi", channel="webchat")
        session.add_all([old_chat, live_chat])
        session.flush()
        for when in (days_ago(366), days_ago(364)):
            session.add(
                HandoffMessage(
                    handoff_id=live_chat.id, sender=Sender.PERSON, text="x", created_at=when
                )
            )
        for when in (days_ago(1826), days_ago(1824)):
            session.add(AuditEvent(actor="system", action="test", object_type="t", at=when))
    closed_old = referral(store, "r1", ReferralStatus.CLOSED, days_ago(731))
    admitted_recent = referral(store, "r2", ReferralStatus.ADMITTED, days_ago(729))
    open_ancient = referral(store, "r3", ReferralStatus.IN_CONTACT, days_ago(3000))

    counts = retention.purge(store, PERIODS, now=NOW)

    assert counts == {
        "unconsented_conversations": 1,
        "handoff_messages": 1,
        "closed_handoffs": 1,
        "closed_referrals": 1,
        "conversations_without_referral": 2,  # the old consented one, and r1's
        "audit_events": 1,
    }
    assert ids(store, Conversation.id) == {
        "unconsented-recent",
        "consented-31-days",
        "chat",
        "r2",
        "r3",
    }
    assert ids(store, Referral.id) == {admitted_recent, open_ancient}
    assert closed_old not in ids(store, Referral.id)
    assert ids(store, Handoff.id) == {live_chat.id}
    assert [m.isoformat() for m in ids(store, HandoffMessage.created_at)] == [
        days_ago(364).isoformat()
    ]
    assert retention.purge(store, PERIODS, now=NOW) == dict.fromkeys(counts, 0)


def test_unconsented_conversations_go_first() -> None:
    periods = retention.RetentionPeriods()
    assert periods.conversation_days == min(
        periods.conversation_days,
        periods.message_days,
        periods.referral_days,
        periods.audit_days,
    )


def test_periods_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("TURVA_RETENTION_CONVERSATION_DAYS", "7")
    monkeypatch.setenv("TURVA_RETENTION_REFERRAL_DAYS", "365")
    periods = retention.RetentionPeriods.from_settings(Settings.from_env())
    assert periods == retention.RetentionPeriods(conversation_days=7, referral_days=365)
    with pytest.raises(ValueError):
        retention.RetentionPeriods(conversation_days=0)


def test_forget_by_reference_code(store: Store) -> None:
    result = referrals.record(
        store,
        sample_form(),
        conversation_id="c",
        submission_id="s",
        channel="webchat",
        consent=consent(),
    )
    assert retention.forget(store, result.reference_code)
    assert ids(store, Referral.id) == set()
    assert not retention.forget(store, result.reference_code)


def test_the_purge_command(settings: Settings, store: Store, monkeypatch, capsys) -> None:
    for name, value in (
        ("TURVA_DATABASE_URL", settings.database_url),
        ("TURVA_DATA_KEY", settings.data_key),
        ("TURVA_VAR_DIR", str(settings.var_dir)),
    ):
        monkeypatch.setenv(name, value)
    conversation(store, "old", datetime.now(timezone.utc) - timedelta(days=90))
    with store.transaction() as session:
        log_event(session, "system", "test", "t")

    assert main(["purge"]) == 0
    assert "unconsented_conversations: 1" in capsys.readouterr().out

    code = referrals.record(
        store,
        sample_form(),
        conversation_id="c",
        submission_id="s",
        channel="webchat",
        consent=consent(),
    ).reference_code
    monkeypatch.setattr("sys.stdin", io.StringIO(code.lower() + "\n"))
    assert main(["purge", "--code-stdin"]) == 0
    assert "deleted" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(code + "\n"))
    assert main(["purge", "--code-stdin"]) == 1
