"""Handoffs to caseworkers: queued, claimed by exactly one, chatted in, closed.

Messages are stored (encrypted) before they are delivered, so a reply to a person who has
left waits for them; their reference code opens the conversation again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update

from bot import reference_codes
from bot.referrals import code_hashes
from bot.store import Store
from bot.store.audit import PERSON, caseworker, log_event
from bot.store.base import utcnow
from bot.store.models import Caseworker, Conversation, Handoff, HandoffMessage, Referral
from bot.store.vocabulary import ConversationMode, HandoffStatus, Sender

OPEN = (HandoffStatus.WAITING, HandoffStatus.ACTIVE)


class HandoffError(Exception):
    """Base of the handoff errors below."""


class HandoffNotFoundError(HandoffError, LookupError):
    """No handoff has this id."""


class AlreadyClaimedError(HandoffError):
    """Someone else claimed the handoff first, or it is no longer waiting."""


class NotYoursError(HandoffError, PermissionError):
    """The handoff is handled by another caseworker."""


@dataclass(frozen=True)
class HandoffView:
    """A handoff as the console lists it."""

    id: int
    conversation_id: str
    status: HandoffStatus
    channel: str
    language: str
    urgent: bool
    summary: str | None
    caseworker: str | None
    waiting_since: datetime

    def as_json(self) -> dict:
        """The CONTRACT's handoff object."""
        return {
            "id": self.id,
            "conversation_id": self.conversation_id,
            "status": str(self.status),
            "channel": self.channel,
            "language": self.language,
            "urgent": self.urgent,
            "waiting_since": self.waiting_since.isoformat(),
            "summary": self.summary,
            "caseworker": self.caseworker,
        }


@dataclass(frozen=True)
class MessageView:
    """One message of a human chat."""

    id: int
    handoff_id: int
    sender: Sender
    text: str
    created_at: datetime
    delivered: bool

    def as_json(self) -> dict:
        """The console's message object."""
        return {
            "id": self.id,
            "handoff_id": self.handoff_id,
            "from": str(self.sender),
            "text": self.text,
            "created_at": self.created_at.isoformat(),
            "delivered": self.delivered,
        }


def _view(handoff: Handoff, username: str | None) -> HandoffView:
    return HandoffView(
        id=handoff.id,
        conversation_id=handoff.conversation_id,
        status=HandoffStatus(handoff.status),
        channel=handoff.channel,
        language=handoff.language,
        urgent=handoff.urgent,
        summary=handoff.summary,
        caseworker=username,
        waiting_since=handoff.created_at,
    )


def _message_view(message: HandoffMessage) -> MessageView:
    return MessageView(
        id=message.id,
        handoff_id=message.handoff_id,
        sender=Sender(message.sender),
        text=message.text,
        created_at=message.created_at,
        delivered=message.delivered,
    )


def _username(session, caseworker_id: int | None) -> str | None:
    if caseworker_id is None:
        return None
    account = session.get(Caseworker, caseworker_id)
    return account.username if account else None


def queue(
    store: Store,
    conversation_id: str,
    *,
    channel: str,
    language: str,
    urgent: bool,
    summary: str | None,
    waiting: bool = True,
) -> tuple[HandoffView, bool]:
    """Queue the conversation for a caseworker; an open handoff is reused (False: reused).

    ``waiting`` puts the conversation in waiting mode; without it (nobody online) the
    assistant goes on answering while the handoff waits in the queue.
    """
    with store.transaction() as session:
        existing = session.execute(
            select(Handoff).where(
                Handoff.conversation_id == conversation_id, Handoff.status.in_(OPEN)
            )
        ).scalar_one_or_none()
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            conversation = Conversation(id=conversation_id, channel=channel, language=language)
            session.add(conversation)
        if waiting and conversation.mode == ConversationMode.BOT:
            conversation.mode = ConversationMode.WAITING
        if existing is not None:
            existing.urgent = existing.urgent or urgent
            return _view(existing, _username(session, existing.caseworker_id)), False
        handoff = Handoff(
            conversation_id=conversation_id,
            channel=channel,
            language=language,
            urgent=urgent,
            summary=summary,
        )
        session.add(handoff)
        session.flush()
        log_event(session, PERSON, "handoff.queued", "handoff", handoff.id)
        return _view(handoff, None), True


def get(store: Store, handoff_id: int) -> HandoffView:
    """One handoff."""
    with store.session() as session:
        handoff = session.get(Handoff, handoff_id)
        if handoff is None:
            raise HandoffNotFoundError(handoff_id)
        return _view(handoff, _username(session, handoff.caseworker_id))


def listing(store: Store, status: HandoffStatus) -> list[HandoffView]:
    """Handoffs in ``status``: urgent first, then the longest waiting."""
    with store.session() as session:
        rows = session.execute(
            select(Handoff, Caseworker.username)
            .outerjoin(Caseworker, Caseworker.id == Handoff.caseworker_id)
            .where(Handoff.status == status)
            .order_by(Handoff.urgent.desc(), Handoff.created_at)
        ).all()
        return [_view(handoff, username) for handoff, username in rows]


def open_for(store: Store, conversation_id: str) -> HandoffView | None:
    """The conversation's waiting or active handoff, if any."""
    with store.session() as session:
        handoff = session.execute(
            select(Handoff).where(
                Handoff.conversation_id == conversation_id, Handoff.status.in_(OPEN)
            )
        ).scalar_one_or_none()
        return (
            None if handoff is None else _view(handoff, _username(session, handoff.caseworker_id))
        )


def claim(store: Store, handoff_id: int, caseworker_id: int) -> HandoffView:
    """Take a waiting handoff; exactly one caseworker succeeds."""
    with store.transaction() as session:
        claimed = session.execute(
            update(Handoff)
            .where(Handoff.id == handoff_id, Handoff.status == HandoffStatus.WAITING)
            .values(status=HandoffStatus.ACTIVE, caseworker_id=caseworker_id, claimed_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        handoff = session.get(Handoff, handoff_id)
        if handoff is None:
            raise HandoffNotFoundError(handoff_id)
        if claimed != 1:
            raise AlreadyClaimedError(handoff_id)
        session.refresh(handoff)
        conversation = session.get(Conversation, handoff.conversation_id)
        conversation.mode = ConversationMode.HUMAN
        log_event(session, caseworker(caseworker_id), "handoff.claimed", "handoff", handoff_id)
        return _view(handoff, _username(session, caseworker_id))


def transfer(store: Store, handoff_id: int, from_id: int, to_id: int) -> HandoffView:
    """Hand an active handoff to another caseworker."""
    with store.transaction() as session:
        handoff = _mine(session, handoff_id, from_id)
        if session.get(Caseworker, to_id) is None:
            raise HandoffNotFoundError(f"no caseworker {to_id}")
        handoff.caseworker_id = to_id
        log_event(session, caseworker(from_id), "handoff.transferred", "handoff", handoff_id)
        return _view(handoff, _username(session, to_id))


def close(store: Store, handoff_id: int, caseworker_id: int) -> HandoffView:
    """End the human chat; the assistant answers the conversation again."""
    with store.transaction() as session:
        handoff = _mine(session, handoff_id, caseworker_id)
        handoff.status = HandoffStatus.CLOSED
        handoff.closed_at = utcnow()
        session.get(Conversation, handoff.conversation_id).mode = ConversationMode.BOT
        log_event(session, caseworker(caseworker_id), "handoff.closed", "handoff", handoff_id)
        return _view(handoff, _username(session, caseworker_id))


def _mine(session, handoff_id: int, caseworker_id: int) -> Handoff:
    handoff = session.get(Handoff, handoff_id)
    if handoff is None:
        raise HandoffNotFoundError(handoff_id)
    if handoff.status != HandoffStatus.ACTIVE or handoff.caseworker_id != caseworker_id:
        raise NotYoursError(handoff_id)
    return handoff


def mark_urgent(store: Store, handoff_id: int) -> None:
    """The person said they are in danger while waiting or chatting."""
    with store.transaction() as session:
        handoff = session.get(Handoff, handoff_id)
        if handoff is None:
            raise HandoffNotFoundError(handoff_id)
        handoff.urgent = True


def add_message(store: Store, handoff_id: int, sender: Sender, text: str) -> MessageView:
    """Store a message of the chat (before anyone is told of it)."""
    with store.transaction() as session:
        handoff = session.get(Handoff, handoff_id)
        if handoff is None or handoff.status == HandoffStatus.CLOSED:
            raise HandoffNotFoundError(handoff_id)
        message = HandoffMessage(handoff_id=handoff_id, sender=sender, text=text)
        session.add(message)
        session.flush()
        return _message_view(message)


def messages(store: Store, handoff_id: int) -> list[MessageView]:
    """The chat so far, oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(HandoffMessage)
            .where(HandoffMessage.handoff_id == handoff_id)
            .order_by(HandoffMessage.created_at, HandoffMessage.id)
        ).scalars()
        return [_message_view(row) for row in rows]


def undelivered_replies(store: Store, conversation_id: str) -> list[MessageView]:
    """Caseworkers' messages the person has not seen yet, oldest first."""
    with store.session() as session:
        rows = session.execute(
            select(HandoffMessage)
            .join(Handoff, Handoff.id == HandoffMessage.handoff_id)
            .where(
                Handoff.conversation_id == conversation_id,
                HandoffMessage.sender == Sender.CASEWORKER,
                HandoffMessage.delivered.is_(False),
            )
            .order_by(HandoffMessage.created_at, HandoffMessage.id)
        ).scalars()
        return [_message_view(row) for row in rows]


def mark_delivered(store: Store, message_ids: list[int]) -> None:
    """The person's channel has shown these messages."""
    if not message_ids:
        return
    with store.transaction() as session:
        session.execute(
            update(HandoffMessage)
            .where(HandoffMessage.id.in_(message_ids))
            .values(delivered=True)
            .execution_options(synchronize_session=False)
        )


def forget_person_messages(store: Store, conversation_id: str) -> int:
    """Delete what the person wrote in this conversation's human chats; how many messages.

    The person's "delete what I wrote": their messages and the handoff summaries go, the
    caseworkers' replies stay under the retention period.
    """
    of_conversation = select(Handoff.id).where(Handoff.conversation_id == conversation_id)
    with store.transaction() as session:
        result = session.execute(
            delete(HandoffMessage)
            .where(
                HandoffMessage.handoff_id.in_(of_conversation),
                HandoffMessage.sender == Sender.PERSON,
            )
            .execution_options(synchronize_session=False)
        )
        session.execute(
            update(Handoff)
            .where(Handoff.conversation_id == conversation_id)
            .values(summary=None)
            .execution_options(synchronize_session=False)
        )
        return max(result.rowcount, 0)


def issue_code(store: Store, conversation_id: str) -> str:
    """A new reference code that reopens the conversation (only its hash is kept)."""
    code = reference_codes.generate()
    with store.transaction() as session:
        conversation = session.get(Conversation, conversation_id)
        if conversation is None:
            raise HandoffNotFoundError(conversation_id)
        conversation.reference_hash = code_hashes(store, code)[0]
    return code


def conversation_for_code(store: Store, code: str) -> str | None:
    """The conversation a code reopens: a conversation's own code or its referral's."""
    try:
        hashes = code_hashes(store, code)
    except ValueError:
        return None
    with store.session() as session:
        found = session.execute(
            select(Conversation.id).where(Conversation.reference_hash.in_(hashes))
        ).scalar_one_or_none()
        if found is None:
            found = session.execute(
                select(Referral.conversation_id).where(Referral.reference_hash.in_(hashes))
            ).scalar_one_or_none()
        return found
