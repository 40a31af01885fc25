"""Referrals: recorded once, never lost, never stored in clear, found again by reference code.

``record`` is idempotent (one referral per conversation and submission, however often it is
retried) and durable: when the database is away the referral waits, encrypted, in the outbox,
and the result says so, so the person is told "saved" only when it is. ``flush_outbox`` writes
what waits once the database is back.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import select
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from bot import reference_codes
from bot.store import Store
from bot.store.audit import PERSON, SYSTEM, log_event
from bot.store.base import utcnow
from bot.store.models import Consent, Conversation, Referral, ReferralAddition
from bot.store.referral_form import (
    Addition,
    ConsentGiven,
    ReferralForm,
    ReferralView,
)
from bot.store.vocabulary import TRANSITIONS, ConsentScope, ReferralStatus

logger = logging.getLogger(__name__)

OUTBOX_KIND = "referral"

__all__ = [
    "Addition",
    "ConsentGiven",
    "ConsentMissingError",
    "IllegalTransitionError",
    "Recorded",
    "ReferralForm",
    "ReferralNotFoundError",
    "ReferralView",
    "append",
    "change_status",
    "delete",
    "find",
    "flush_outbox",
    "get",
    "record",
]


class ConsentMissingError(ValueError):
    """A referral was to be recorded without the person's consent to it."""


class ReferralNotFoundError(LookupError):
    """No referral has this id or reference code."""


class IllegalTransitionError(ValueError):
    """The workflow does not allow this change of status."""


@dataclass(frozen=True)
class Recorded:
    """What ``record`` did. Tell the person "saved" only when ``saved`` is true."""

    reference_code: str
    saved: bool  # in the database; False: waiting in the local outbox
    referral_id: int | None  # None while it waits
    created: bool  # False when this submission had been recorded (or queued) before


def idempotency_hash(conversation_id: str, submission_id: str) -> str:
    """The key that makes a retried submission find its first recording."""
    material = f"{len(conversation_id)}:{conversation_id}:{submission_id}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def record(
    store: Store,
    form: ReferralForm,
    *,
    conversation_id: str,
    submission_id: str,
    channel: str,
    consent: ConsentGiven,
) -> Recorded:
    """Record a referral once; queue it locally when the database cannot take it."""
    if ConsentScope.REFERRAL not in consent.scopes:
        raise ConsentMissingError("the person has not agreed to a referral")
    key = idempotency_hash(conversation_id, submission_id)
    queued = store.outbox.get(key)
    code = queued["code"] if queued else _derive_code(store, key)
    item = queued or _outbox_item(key, code, form, conversation_id, channel, consent)
    try:
        referral_id, created = _write(store, item)
    except DBAPIError as error:
        if not _unreachable(error):
            raise
        logger.warning("database unreachable (%s): referral queued", type(error).__name__)
    except PoolTimeout:
        logger.warning("no database connection free: referral queued")
    else:
        if queued:
            store.outbox.remove(key)
        return Recorded(code, saved=True, referral_id=referral_id, created=created and not queued)
    store.outbox.put(key, item)
    return Recorded(code, saved=False, referral_id=None, created=queued is None)


def flush_outbox(store: Store) -> int:
    """Write waiting referrals to the database; returns how many left the outbox.

    Stops at the first sign that the database is still away; an item the database refuses for
    another reason stays in the outbox (logged) and the rest go on.
    """
    flushed = 0
    outbox = store.outbox
    for name, item in outbox.items():
        if item.get("kind") != OUTBOX_KIND:
            continue
        try:
            _write(store, item)
        except PoolTimeout:
            break
        except DBAPIError as error:
            if _unreachable(error):
                break
            logger.error("outbox item %s refused by the database: %s", name, type(error).__name__)
            continue
        outbox.remove(name)
        flushed += 1
    return flushed


def find(store: Store, code: str) -> ReferralView | None:
    """The referral a reference code opens, or None."""
    with store.transaction() as session:
        referral = _by_code(store, session, code)
        return None if referral is None else _view(session, referral)


def get(store: Store, referral_id: int) -> ReferralView | None:
    """The referral with this id, or None."""
    with store.session() as session:
        referral = session.get(Referral, referral_id)
        return None if referral is None else _view(session, referral)


def append(store: Store, code: str, text: str) -> ReferralView:
    """Add the person's text to the referral their code opens."""
    with store.transaction() as session:
        referral = _by_code(store, session, code)
        if referral is None:
            raise ReferralNotFoundError("no referral has this code")
        session.add(ReferralAddition(referral_id=referral.id, text=text))
        log_event(session, PERSON, "referral.appended", "referral", referral.id)
        session.flush()
        return _view(session, referral)


def delete(store: Store, code: str, actor: str = PERSON) -> bool:
    """Delete the referral a code opens, with its conversation; False if no referral has it."""
    with store.transaction() as session:
        referral = _by_code(store, session, code)
        if referral is None:
            return False
        referral_id, conversation_id = referral.id, referral.conversation_id
        session.execute(sql_delete(Referral).where(Referral.id == referral_id))
        others = select(Referral.id).where(Referral.conversation_id == conversation_id)
        if conversation_id is not None and session.execute(others).first() is None:
            session.execute(sql_delete(Conversation).where(Conversation.id == conversation_id))
        log_event(session, actor, "referral.deleted", "referral", referral_id)
        return True


def change_status(
    store: Store, referral_id: int, status: ReferralStatus | str, actor: str = SYSTEM
) -> ReferralView:
    """Move a referral along the workflow; a forbidden step raises ``IllegalTransitionError``."""
    target = ReferralStatus(status)
    with store.transaction() as session:
        referral = session.get(Referral, referral_id, with_for_update=True)
        if referral is None:
            raise ReferralNotFoundError(f"no referral {referral_id}")
        current = ReferralStatus(referral.status)
        if target not in TRANSITIONS[current]:
            raise IllegalTransitionError(f"a referral cannot go from {current} to {target}")
        referral.status = target
        referral.status_changed_at = utcnow()
        log_event(session, actor, f"referral.status.{target}", "referral", referral.id)
        session.flush()
        return _view(session, referral)


def _unreachable(error: DBAPIError) -> bool:
    """Whether the database, not the data, is the problem: then waiting in the outbox helps.

    Lost connections, a server or file that is gone, locked or read-only, a schema not yet
    migrated: all pass. Only the database refusing the data itself (integrity, data errors)
    does not, and validation of the form keeps that from happening.
    """
    return not isinstance(error, (IntegrityError, DataError))


def _derive_code(store: Store, key: str) -> str:
    return reference_codes.derive(store.keys.derive(reference_codes.DERIVE_PURPOSE)[0], key)


def code_hashes(store: Store, code: str) -> list[str]:
    """The code's HMAC under every key; the first is the current key's."""
    secrets_ = store.keys.derive(reference_codes.HASH_PURPOSE)
    return [reference_codes.digest(secret, code) for secret in secrets_]


def _outbox_item(
    key: str,
    code: str,
    form: ReferralForm,
    conversation_id: str,
    channel: str,
    consent: ConsentGiven,
) -> dict[str, Any]:
    return {
        "kind": OUTBOX_KIND,
        "idempotency_hash": key,
        "code": code,
        "conversation_id": conversation_id,
        "channel": channel,
        "consent": {
            "wording_version": consent.wording_version,
            "language": consent.language,
            "scopes": [str(scope) for scope in consent.scopes],
            "agreed_at": consent.agreed_at.isoformat(),
        },
        "form": form.to_values(),
        "created_at": utcnow().isoformat(),
    }


def _write(store: Store, item: dict[str, Any]) -> tuple[int, bool]:
    """Write one recorded item; ``(referral id, created)``. Safe to repeat."""
    try:
        with store.transaction() as session:
            return _insert(store, session, item)
    except IntegrityError:
        # Another process recorded the same submission between our look-up and our insert.
        with store.session() as session:
            existing = _by_idempotency(session, item["idempotency_hash"])
            if existing is None:
                raise
            return existing.id, False


def _insert(store: Store, session: Session, item: dict[str, Any]) -> tuple[int, bool]:
    existing = _by_idempotency(session, item["idempotency_hash"])
    if existing is not None:
        return existing.id, False
    form = ReferralForm.from_values(item["form"])
    created_at = datetime.fromisoformat(item["created_at"])
    conversation = session.get(Conversation, item["conversation_id"])
    if conversation is None:
        session.add(
            Conversation(
                id=item["conversation_id"],
                channel=item["channel"],
                language=form.language,
                created_at=created_at,
                last_seen=created_at,
            )
        )
        session.flush()  # the consent rows below refer to it
    elif conversation.last_seen < created_at:
        conversation.last_seen = created_at
    consent = item["consent"]
    for scope in consent["scopes"]:
        session.add(
            Consent(
                conversation_id=item["conversation_id"],
                scope=ConsentScope(scope),
                language=consent["language"],
                wording_version=consent["wording_version"],
                agreed_at=datetime.fromisoformat(consent["agreed_at"]),
            )
        )
    referral = Referral(
        conversation_id=item["conversation_id"],
        idempotency_hash=item["idempotency_hash"],
        reference_hash=code_hashes(store, item["code"])[0],
        created_at=created_at,
        status_changed_at=created_at,
        **form.to_columns(),
    )
    session.add(referral)
    session.flush()
    log_event(session, PERSON, "referral.created", "referral", referral.id)
    return referral.id, True


def _by_idempotency(session: Session, key: str) -> Referral | None:
    query = select(Referral).where(Referral.idempotency_hash == key)
    return session.execute(query).scalar_one_or_none()


def _by_code(store: Store, session: Session, code: str) -> Referral | None:
    try:
        hashes = code_hashes(store, code)
    except reference_codes.InvalidCodeError:
        return None
    query = select(Referral).where(Referral.reference_hash.in_(hashes))
    referral = session.execute(query).scalar_one_or_none()
    if referral is not None and referral.reference_hash != hashes[0]:
        referral.reference_hash = hashes[0]  # made under an older key: move it to the current one
    return referral


def _view(session: Session, referral: Referral) -> ReferralView:
    query = (
        select(ReferralAddition)
        .where(ReferralAddition.referral_id == referral.id)
        .order_by(ReferralAddition.created_at, ReferralAddition.id)
    )
    additions = tuple(
        Addition(text=row.text, created_at=row.created_at)
        for row in session.execute(query).scalars()
    )
    return ReferralView(
        id=referral.id,
        conversation_id=referral.conversation_id,
        status=ReferralStatus(referral.status),
        form=ReferralForm.from_row(referral),
        additions=additions,
        created_at=referral.created_at,
        status_changed_at=referral.status_changed_at,
    )
