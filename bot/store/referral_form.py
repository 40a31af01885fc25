"""What a referral says: the form's answers, the consent given, and a referral read back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.store.base import utcnow
from bot.store.models import Referral
from bot.store.vocabulary import (
    ConsentScope,
    ContactMethod,
    Exploitation,
    ExploitedIn,
    HeardFrom,
    IloIndicator,
    Need,
    ReferralStatus,
    SafeNow,
    Sector,
)

CHOICE_FIELDS: dict[str, type] = {
    "exploited_in": ExploitedIn,
    "exploitation": Exploitation,
    "sector": Sector,
    "safe_now": SafeNow,
    "contact_method": ContactMethod,
    "heard_from": HeardFrom,
}
LIST_FIELDS: dict[str, type] = {"indicators": IloIndicator, "needs": Need}


@dataclass(frozen=True)
class ReferralForm:
    """Every answer of the referral form; plain strings are accepted for the choices."""

    summary: str
    language: str
    exploited_in: ExploitedIn | None = None
    exploitation: Exploitation | None = None
    sector: Sector | None = None
    indicators: tuple[IloIndicator, ...] = ()
    safe_now: SafeNow | None = None
    children: int | None = None
    needs: tuple[Need, ...] = ()
    contact_method: ContactMethod = ContactMethod.ONLY_CHAT
    contact_detail: str | None = None
    heard_from: HeardFrom | None = None

    def __post_init__(self) -> None:
        for name, enum in CHOICE_FIELDS.items():
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, enum(value))
        for name, enum in LIST_FIELDS.items():
            values = tuple(dict.fromkeys(enum(value) for value in getattr(self, name)))
            object.__setattr__(self, name, values)
        if self.children is not None and (
            isinstance(self.children, bool) or not isinstance(self.children, int)
        ):
            raise ValueError("children must be a whole number")
        if self.children is not None and self.children < 0:
            raise ValueError("children cannot be negative")
        if not isinstance(self.summary, str):
            raise ValueError("the summary must be text")
        object.__setattr__(self, "language", self.language.strip().lower())

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> ReferralForm:
        """A form from plain values (slots, JSON); unknown keys are an error."""
        known = cls.__dataclass_fields__
        unknown = set(values) - set(known)
        if unknown:
            raise ValueError(f"unknown referral fields: {sorted(unknown)}")
        return cls(**{k: tuple(v) if k in LIST_FIELDS else v for k, v in values.items()})

    @classmethod
    def from_row(cls, referral: Referral) -> ReferralForm:
        """The answers a stored referral holds."""
        return cls(**{name: getattr(referral, name) for name in cls.__dataclass_fields__})

    def to_columns(self) -> dict[str, Any]:
        """The answers as column values of ``Referral``."""
        columns = {name: getattr(self, name) for name in self.__dataclass_fields__}
        columns.update({name: [str(v) for v in columns[name]] for name in LIST_FIELDS})
        return columns

    def to_values(self) -> dict[str, Any]:
        """The form as plain JSON values."""
        values: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name in LIST_FIELDS:
                value = [str(v) for v in value]
            elif name in CHOICE_FIELDS and value is not None:
                value = str(value)
            values[name] = value
        return values


@dataclass(frozen=True)
class ConsentGiven:
    """The consent the person gave before the referral, as they saw it."""

    wording_version: str
    language: str
    scopes: tuple[ConsentScope, ...] = (ConsentScope.REFERRAL,)
    agreed_at: datetime = field(default_factory=utcnow)


@dataclass(frozen=True)
class Addition:
    """Text added to a referral later."""

    text: str
    created_at: datetime


@dataclass(frozen=True)
class ReferralView:
    """A referral as caseworkers and the person see it, decrypted."""

    id: int
    conversation_id: str | None
    status: ReferralStatus
    form: ReferralForm
    additions: tuple[Addition, ...]
    created_at: datetime
    status_changed_at: datetime
