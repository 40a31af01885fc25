"""The figures of a period, as one dict: the console and the ``report`` command show the same.

Counts only: categorical answers, never free text. A conversation in which nobody consented to
anything counts in ``conversations`` and nowhere else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from enum import Enum
from typing import Any

from sqlalchemy import func, select

from bot.store import Store
from bot.store.models import Conversation, Referral
from bot.store.vocabulary import (
    Exploitation,
    ExploitedIn,
    HeardFrom,
    IloIndicator,
    Need,
    ReferralStatus,
    Sector,
)

NOT_ANSWERED = "not_answered"


def figures(store: Store, start: date, end: date) -> dict[str, Any]:
    """The period's figures; ``start`` and ``end`` are both included (UTC days)."""
    if end < start:
        raise ValueError("the period ends before it starts")
    begin = datetime.combine(start, time.min, tzinfo=timezone.utc)
    stop = datetime.combine(end + timedelta(days=1), time.min, tzinfo=timezone.utc)
    with store.session() as session:
        conversations = session.execute(
            select(Conversation.language, func.count())
            .where(Conversation.created_at >= begin, Conversation.created_at < stop)
            .group_by(Conversation.language)
        ).all()
        admitted = session.execute(
            select(func.count()).where(
                Referral.status == ReferralStatus.ADMITTED,
                Referral.status_changed_at >= begin,
                Referral.status_changed_at < stop,
            )
        ).scalar_one()
        rows = session.execute(
            select(
                Referral.exploited_in,
                Referral.exploitation,
                Referral.sector,
                Referral.heard_from,
                Referral.language,
                Referral.children,
                Referral.needs,
                Referral.indicators,
            ).where(Referral.created_at >= begin, Referral.created_at < stop)
        ).all()
    forced_labour = [row for row in rows if row.exploitation == Exploitation.FORCED_LABOUR]
    with_children = [row.children for row in rows if row.children]
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "conversations": sum(count for _, count in conversations),
        "referrals": len(rows),
        "clients": admitted,
        "children": {"referrals_with_children": len(with_children), "total": sum(with_children)},
        "exploited_in": _tally(ExploitedIn, (row.exploited_in for row in rows)),
        "exploitation": _tally(Exploitation, (row.exploitation for row in rows)),
        "sectors": _tally(Sector, (row.sector for row in forced_labour)),
        "heard_from": _tally(HeardFrom, (row.heard_from for row in rows)),
        "needs": _tally(Need, (need for row in rows for need in row.needs or ()), unanswered=False),
        "indicators": _tally(
            IloIndicator, (i for row in rows for i in row.indicators or ()), unanswered=False
        ),
        "languages": dict(sorted(Counter(row.language for row in rows).items())),
        "conversation_languages": dict(sorted((lang, n) for lang, n in conversations)),
    }


def _tally(enum: type[Enum], values: Iterable[Any], unanswered: bool = True) -> dict[str, int]:
    """A count for every choice, zeros included, so columns stay the same between periods."""
    counts = Counter(NOT_ANSWERED if value is None else str(value) for value in values)
    tally = {member.value: counts.get(member.value, 0) for member in enum}
    if unanswered:
        tally[NOT_ANSWERED] = counts.get(NOT_ANSWERED, 0)
    return tally
