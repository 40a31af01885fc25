"""Referrals as caseworkers see them: a list without free text, and an audited full read."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from bot import referrals
from bot.referrals import ReferralView
from bot.store import Store
from bot.store.audit import caseworker, log_event
from bot.store.models import Referral
from bot.store.vocabulary import TRANSITIONS, Need, ReferralStatus, SafeNow

LIST_LIMIT = 500


def interpreter_needed(needs: Iterable[Any]) -> bool:
    """Whether the person asked for an interpreter."""
    return any(str(need) == Need.INTERPRETER.value for need in needs or ())


def next_statuses(status: ReferralStatus) -> list[str]:
    """The statuses the workflow allows next, in a stable order."""
    allowed = TRANSITIONS[ReferralStatus(status)]
    return [member.value for member in ReferralStatus if member in allowed]


def listing(store: Store, status: ReferralStatus | None = None) -> list[dict[str, Any]]:
    """The newest referrals (categorical answers only, so no read of free text to audit)."""
    query = select(
        Referral.id,
        Referral.status,
        Referral.language,
        Referral.exploitation,
        Referral.safe_now,
        Referral.children,
        Referral.needs,
        Referral.created_at,
        Referral.status_changed_at,
    ).order_by(Referral.created_at.desc(), Referral.id.desc())
    if status is not None:
        query = query.where(Referral.status == status)
    with store.session() as session:
        rows = session.execute(query.limit(LIST_LIMIT)).all()
    return [
        {
            "id": row.id,
            "status": str(row.status),
            "language": row.language,
            "exploitation": None if row.exploitation is None else str(row.exploitation),
            "safe_now": None if row.safe_now is None else str(row.safe_now),
            "urgent": row.safe_now == SafeNow.NO,
            "children": row.children,
            "interpreter_needed": interpreter_needed(row.needs),
            "created_at": row.created_at.isoformat(),
            "status_changed_at": row.status_changed_at.isoformat(),
        }
        for row in rows
    ]


def read(store: Store, referral_id: int, caseworker_id: int) -> ReferralView | None:
    """The whole referral; every read is written to the audit trail."""
    view = referrals.get(store, referral_id)
    if view is None:
        return None
    with store.transaction() as session:
        log_event(session, caseworker(caseworker_id), "referral.viewed", "referral", referral_id)
    return view


def detail_json(view: ReferralView) -> dict[str, Any]:
    """The full referral as the console API shows it."""
    form = view.form.to_values()
    return {
        "id": view.id,
        "status": str(view.status),
        "next_statuses": next_statuses(view.status),
        "conversation_id": view.conversation_id,
        "created_at": view.created_at.isoformat(),
        "status_changed_at": view.status_changed_at.isoformat(),
        "urgent": view.form.safe_now == SafeNow.NO,
        "interpreter_needed": interpreter_needed(view.form.needs),
        **form,
        "additions": [
            {"text": addition.text, "created_at": addition.created_at.isoformat()}
            for addition in view.additions
        ],
    }


def exists(store: Store, referral_id: int) -> bool:
    """Whether a referral has this id."""
    with store.session() as session:
        return session.get(Referral, referral_id) is not None
