"""The audit trail: who did what to which object, and when. Never any personal data."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.store.models import AuditEvent

PERSON = "person"
SYSTEM = "system"


def caseworker(caseworker_id: int) -> str:
    """How a caseworker is named as an actor."""
    return f"caseworker:{caseworker_id}"


def log_event(
    session: Session, actor: str, action: str, object_type: str, object_id: object = None
) -> None:
    """Add an event to the trail, in the caller's transaction."""
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
        )
    )
