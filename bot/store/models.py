"""The tables. Free text and contact details are ``EncryptedText``; nothing identifies a device.

A conversation keeps no IP address, device id or phone number: its id is random.
"""

from __future__ import annotations

import secrets

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
)

from bot.store.base import Base, UTCDateTime, choice, utcnow
from bot.store.crypto import EncryptedText
from bot.store.vocabulary import (
    ConsentScope,
    ContactMethod,
    ConversationMode,
    Exploitation,
    ExploitedIn,
    HandoffStatus,
    HeardFrom,
    ReferralStatus,
    Role,
    SafeNow,
    Sector,
    Sender,
)


def new_conversation_id() -> str:
    """A random, unguessable conversation id (also Rasa's sender id)."""
    return secrets.token_urlsafe(18)


class Conversation(Base):
    """One anonymous conversation on one channel."""

    __tablename__ = "conversations"

    id = Column(String(64), primary_key=True, default=new_conversation_id)
    channel = Column(String(32), nullable=False)
    language = Column(String(16), nullable=False)
    mode = Column(
        choice(ConversationMode, "conversation_mode"),
        nullable=False,
        default=ConversationMode.BOT,
    )
    created_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    last_seen = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    reference_hash = Column(String(64), unique=True)  # HMAC of the code that reopens it


class Consent(Base):
    """What a person agreed to, when, in which language and to which wording."""

    __tablename__ = "consents"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(
        String(64), ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    scope = Column(choice(ConsentScope, "consent_scope"), nullable=False)
    language = Column(String(16), nullable=False)
    wording_version = Column(String(32), nullable=False)
    agreed_at = Column(UTCDateTime, nullable=False, default=utcnow)


class Referral(Base):
    """A referral to the assistance system, made with the person's consent."""

    __tablename__ = "referrals"
    __table_args__ = (CheckConstraint("children >= 0", name="children_not_negative"),)

    id = Column(Integer, primary_key=True)
    conversation_id = Column(
        String(64), ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    # SHA-256 of the caller's idempotency key: a retried submission finds its referral.
    idempotency_hash = Column(String(64), nullable=False, unique=True)
    # HMAC of the reference code; the code itself is never stored.
    reference_hash = Column(String(64), nullable=False, unique=True)
    exploited_in = Column(choice(ExploitedIn, "exploited_in"))
    exploitation = Column(choice(Exploitation, "exploitation"))
    sector = Column(choice(Sector, "sector"))
    indicators = Column(JSON, nullable=False, default=list)
    safe_now = Column(choice(SafeNow, "safe_now"))
    children = Column(Integer)
    needs = Column(JSON, nullable=False, default=list)
    contact_method = Column(
        choice(ContactMethod, "contact_method"), nullable=False, default=ContactMethod.ONLY_CHAT
    )
    contact_detail = Column(EncryptedText)
    heard_from = Column(choice(HeardFrom, "heard_from"))
    language = Column(String(16), nullable=False)
    summary = Column(EncryptedText, nullable=False)
    status = Column(
        choice(ReferralStatus, "referral_status"), nullable=False, default=ReferralStatus.NEW
    )
    created_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    status_changed_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)


class ReferralAddition(Base):
    """Text the person added to their referral later, with their reference code."""

    __tablename__ = "referral_additions"

    id = Column(Integer, primary_key=True)
    referral_id = Column(
        Integer, ForeignKey("referrals.id", ondelete="CASCADE"), nullable=False, index=True
    )
    text = Column(EncryptedText, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class Caseworker(Base):
    """A console account."""

    __tablename__ = "caseworkers"

    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(255), nullable=False)  # argon2id
    role = Column(choice(Role, "caseworker_role"), nullable=False, default=Role.CASEWORKER)
    failed_attempts = Column(Integer, nullable=False, default=0)
    locked_until = Column(UTCDateTime)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class Handoff(Base):
    """A conversation handed to a person: queued, being handled, or closed."""

    __tablename__ = "handoffs"

    id = Column(Integer, primary_key=True)
    conversation_id = Column(
        String(64), ForeignKey("conversations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status = Column(
        choice(HandoffStatus, "handoff_status"),
        nullable=False,
        default=HandoffStatus.WAITING,
        index=True,
    )
    urgent = Column(Boolean, nullable=False, default=False)
    language = Column(String(16), nullable=False)
    channel = Column(String(32), nullable=False)
    summary = Column(EncryptedText)
    caseworker_id = Column(Integer, ForeignKey("caseworkers.id", ondelete="SET NULL"))
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)
    claimed_at = Column(UTCDateTime)
    closed_at = Column(UTCDateTime)


class HandoffMessage(Base):
    """One message of a human chat."""

    __tablename__ = "handoff_messages"

    id = Column(Integer, primary_key=True)
    handoff_id = Column(
        Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False, index=True
    )
    sender = Column(choice(Sender, "message_sender"), nullable=False)
    text = Column(EncryptedText, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    delivered = Column(Boolean, nullable=False, default=False)


class Note(Base):
    """A caseworker's note on a referral or a handoff."""

    __tablename__ = "notes"
    __table_args__ = (
        CheckConstraint(
            "referral_id IS NOT NULL OR handoff_id IS NOT NULL", name="note_has_subject"
        ),
    )

    id = Column(Integer, primary_key=True)
    referral_id = Column(Integer, ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    handoff_id = Column(Integer, ForeignKey("handoffs.id", ondelete="CASCADE"), index=True)
    caseworker_id = Column(Integer, ForeignKey("caseworkers.id", ondelete="SET NULL"))
    text = Column(EncryptedText, nullable=False)
    created_at = Column(UTCDateTime, nullable=False, default=utcnow)


class AuditEvent(Base):
    """Who did what to which object, and when. Never any personal data."""

    __tablename__ = "audit_events"

    id = Column(Integer, primary_key=True)
    actor = Column(String(64), nullable=False)  # "caseworker:12", "person", "system"
    action = Column(String(64), nullable=False)
    object_type = Column(String(32), nullable=False)
    object_id = Column(String(64))
    at = Column(UTCDateTime, nullable=False, default=utcnow, index=True)
