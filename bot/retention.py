"""Retention: what is kept how long, and ``purge``, which deletes what is past its period.

Unconsented data goes first and soonest: a conversation in which the person agreed to nothing
is deleted ``conversation_days`` after it was last seen. Messages of human chats (and closed
handoffs) go after ``message_days``; referrals ``referral_days`` after they were closed, then
their conversations; audit events after ``audit_days``. Open referrals are never purged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Delete

from bot import referrals
from bot.settings import Settings
from bot.store import Store
from bot.store.audit import SYSTEM, log_event
from bot.store.base import utcnow
from bot.store.models import AuditEvent, Consent, Conversation, Handoff, HandoffMessage, Referral
from bot.store.vocabulary import FINAL_STATUSES, HandoffStatus


@dataclass(frozen=True)
class RetentionPeriods:
    """How many days each kind of data is kept."""

    conversation_days: int = 30
    message_days: int = 365
    referral_days: int = 730
    audit_days: int = 1825

    def __post_init__(self) -> None:
        for name in ("conversation_days", "message_days", "referral_days", "audit_days"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least one day")

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPeriods:
        return cls(
            conversation_days=settings.retention_conversation_days,
            message_days=settings.retention_message_days,
            referral_days=settings.retention_referral_days,
            audit_days=settings.retention_audit_days,
        )


def purge(store: Store, periods: RetentionPeriods, now: datetime | None = None) -> dict[str, int]:
    """Delete everything past its period, in one transaction; how many rows of each kind."""
    now = now or utcnow()

    def before(days: int) -> datetime:
        return now - timedelta(days=days)

    consented = select(Consent.conversation_id)
    referred = select(Referral.conversation_id).where(Referral.conversation_id.is_not(None))
    steps: list[tuple[str, Delete]] = [
        (
            "unconsented_conversations",
            delete(Conversation).where(
                Conversation.last_seen < before(periods.conversation_days),
                Conversation.id.not_in(consented),
                Conversation.id.not_in(referred),
            ),
        ),
        (
            "handoff_messages",
            delete(HandoffMessage).where(HandoffMessage.created_at < before(periods.message_days)),
        ),
        (
            "closed_handoffs",
            delete(Handoff).where(
                Handoff.status == HandoffStatus.CLOSED,
                Handoff.closed_at < before(periods.message_days),
            ),
        ),
        (
            "closed_referrals",
            delete(Referral).where(
                Referral.status.in_(sorted(FINAL_STATUSES)),
                Referral.status_changed_at < before(periods.referral_days),
            ),
        ),
        (
            # Consented conversations whose referral is gone (or never came).
            "conversations_without_referral",
            delete(Conversation).where(
                Conversation.last_seen < before(periods.message_days),
                Conversation.id.not_in(referred),
            ),
        ),
        ("audit_events", delete(AuditEvent).where(AuditEvent.at < before(periods.audit_days))),
    ]
    with store.transaction() as session:
        counts = {name: _run(session, statement) for name, statement in steps}
        log_event(session, SYSTEM, "retention.purge", "store")
    return counts


def forget(store: Store, code: str) -> bool:
    """Delete, at the person's request, the referral their code opens and its conversation."""
    return referrals.delete(store, code)


def _run(session: Session, statement: Delete) -> int:
    result = session.execute(statement.execution_options(synchronize_session=False))
    return max(result.rowcount, 0)
