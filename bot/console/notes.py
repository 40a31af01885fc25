"""Caseworkers' notes on a handoff or a referral (encrypted at rest, like all free text)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.store import Store
from bot.store.audit import caseworker, log_event
from bot.store.models import Caseworker, Handoff, Note, Referral

MAX_NOTE_LENGTH = 10_000


class SubjectNotFoundError(LookupError):
    """The handoff or referral to note on does not exist."""


@dataclass(frozen=True)
class NoteView:
    """One note with its author's name (None once the account is gone)."""

    id: int
    text: str
    author: str | None
    created_at: datetime

    def as_json(self) -> dict:
        """The note as the console API shows it."""
        return {
            "id": self.id,
            "text": self.text,
            "author": self.author,
            "created_at": self.created_at.isoformat(),
        }


def _subject(handoff_id: int | None, referral_id: int | None) -> tuple[type, int]:
    if (handoff_id is None) == (referral_id is None):
        raise ValueError("a note is on a handoff or on a referral")
    return (Handoff, handoff_id) if handoff_id is not None else (Referral, referral_id)


def subject_exists(
    store: Store, *, handoff_id: int | None = None, referral_id: int | None = None
) -> bool:
    """Whether the handoff or referral exists."""
    subject, subject_id = _subject(handoff_id, referral_id)
    with store.session() as session:
        return session.get(subject, subject_id) is not None


def add(
    store: Store,
    author_id: int,
    text: str,
    *,
    handoff_id: int | None = None,
    referral_id: int | None = None,
) -> NoteView:
    """Note on exactly one subject: a handoff or a referral."""
    subject, subject_id = _subject(handoff_id, referral_id)
    with store.transaction() as session:
        if session.get(subject, subject_id) is None:
            raise SubjectNotFoundError(subject_id)
        note = Note(
            handoff_id=handoff_id, referral_id=referral_id, caseworker_id=author_id, text=text
        )
        session.add(note)
        session.flush()
        kind = "handoff" if handoff_id is not None else "referral"
        log_event(session, caseworker(author_id), "note.added", kind, subject_id)
        author = session.get(Caseworker, author_id)
        return NoteView(note.id, text, author.username if author else None, note.created_at)


def listing(
    store: Store, *, handoff_id: int | None = None, referral_id: int | None = None
) -> list[NoteView]:
    """The notes on a handoff or a referral, oldest first."""
    column = Note.handoff_id if handoff_id is not None else Note.referral_id
    subject_id = handoff_id if handoff_id is not None else referral_id
    with store.session() as session:
        rows = session.execute(
            select(Note, Caseworker.username)
            .outerjoin(Caseworker, Caseworker.id == Note.caseworker_id)
            .where(column == subject_id)
            .order_by(Note.created_at, Note.id)
        ).all()
        return [NoteView(note.id, note.text, name, note.created_at) for note, name in rows]
