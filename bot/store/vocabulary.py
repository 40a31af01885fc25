"""The closed lists the store keeps: referral answers, modes, statuses and roles.

Values are stored as they are written here; forms and reports use the same names.
"""

from __future__ import annotations

from enum import Enum


class Choice(str, Enum):
    """A stored choice; ``str`` so it compares equal to its value."""

    def __str__(self) -> str:
        return self.value


class ConversationMode(Choice):
    """Who answers a conversation: the assistant, nobody yet, or a caseworker."""

    BOT = "bot"
    WAITING = "waiting"
    HUMAN = "human"


class ExploitedIn(Choice):
    """Where the exploitation happened."""

    FINLAND = "finland"
    ABROAD = "abroad"
    BOTH = "both"
    UNSURE = "unsure"


class Exploitation(Choice):
    """The form of exploitation."""

    FORCED_LABOUR = "forced_labour"
    SEXUAL = "sexual"
    FORCED_MARRIAGE = "forced_marriage"
    FORCED_CRIME = "forced_crime"
    BEGGING = "begging"
    OTHER = "other"
    UNSURE = "unsure"


class Sector(Choice):
    """The line of work, for forced labour."""

    RESTAURANT = "restaurant"
    CLEANING = "cleaning"
    BERRY_PICKING = "berry_picking"
    FARMING = "farming"
    CONSTRUCTION = "construction"
    BEAUTY = "beauty"
    DOMESTIC = "domestic"
    OTHER = "other"


class IloIndicator(Choice):
    """The ILO's eleven indicators of forced labour."""

    ABUSE_OF_VULNERABILITY = "abuse_of_vulnerability"
    DECEPTION = "deception"
    RESTRICTION_OF_MOVEMENT = "restriction_of_movement"
    ISOLATION = "isolation"
    VIOLENCE = "violence"
    THREATS = "threats"
    RETENTION_OF_DOCUMENTS = "retention_of_documents"
    WITHHOLDING_OF_WAGES = "withholding_of_wages"
    DEBT_BONDAGE = "debt_bondage"
    ABUSIVE_CONDITIONS = "abusive_conditions"
    EXCESSIVE_OVERTIME = "excessive_overtime"


class SafeNow(Choice):
    """Whether the person says they are safe now."""

    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class Need(Choice):
    """Help the person asks for."""

    HOUSING = "housing"
    HEALTH = "health"
    LEGAL = "legal"
    INTERPRETER = "interpreter"
    MONEY = "money"
    RETURN_HOME = "return_home"


class ContactMethod(Choice):
    """How the person wants to be reached."""

    ONLY_CHAT = "only_chat"
    PHONE = "phone"
    EMAIL = "email"
    TRUSTED_PERSON = "trusted_person"


class HeardFrom(Choice):
    """How the person found the service."""

    OWN_INITIATIVE = "own_initiative"
    VICTIM_SUPPORT = "victim_support"
    IMMIGRATION = "immigration"
    POLICE = "police"
    OTHER_ORG = "other_org"
    OTHER = "other"


class ReferralStatus(Choice):
    """Where a referral is in the caseworkers' workflow."""

    NEW = "new"
    IN_CONTACT = "in_contact"
    ADMITTED = "admitted"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    CLOSED = "closed"


#: The statuses a referral may move to from each status; the last three are final.
TRANSITIONS: dict[ReferralStatus, frozenset[ReferralStatus]] = {
    ReferralStatus.NEW: frozenset({ReferralStatus.IN_CONTACT, ReferralStatus.CLOSED}),
    ReferralStatus.IN_CONTACT: frozenset(
        {ReferralStatus.ADMITTED, ReferralStatus.REFERRED_ELSEWHERE, ReferralStatus.CLOSED}
    ),
    ReferralStatus.ADMITTED: frozenset(),
    ReferralStatus.REFERRED_ELSEWHERE: frozenset(),
    ReferralStatus.CLOSED: frozenset(),
}

FINAL_STATUSES = frozenset(status for status, nexts in TRANSITIONS.items() if not nexts)


class ConsentScope(Choice):
    """What a person agreed to."""

    REFERRAL = "referral"
    CONTACT = "contact"


class HandoffStatus(Choice):
    """A handoff waits for a caseworker, is being handled, or is over."""

    WAITING = "waiting"
    ACTIVE = "active"
    CLOSED = "closed"


class Sender(Choice):
    """Who wrote a message in a human chat."""

    PERSON = "person"
    CASEWORKER = "caseworker"


class Role(Choice):
    """What a console account may do."""

    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
