"""The referral form as the person meets it: which questions, how answers are read, the summary.

Questions are Rasa slots asked with ``utter_ask_<slot>`` from the catalogs. A button sends its
value; a typed answer is matched against the button titles in the person's language (and the
default language), so "ravintola" or "restaurant" both answer the sector question.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from bot.catalog import Catalog
from bot.language.detector import normalise
from bot.store.referral_form import ConsentGiven, ReferralForm
from bot.store.vocabulary import IloIndicator

SKIPPED = "skipped"
YES, NO = "yes", "no"

#: Yes/no questions of the situation check and the ILO indicator a "yes" points to.
SIGNS: dict[str, IloIndicator] = {
    "deceived": IloIndicator.DECEPTION,
    "documents_taken": IloIndicator.RETENTION_OF_DOCUMENTS,
    "movement_restricted": IloIndicator.RESTRICTION_OF_MOVEMENT,
    "wages_withheld": IloIndicator.WITHHOLDING_OF_WAGES,
    "debt": IloIndicator.DEBT_BONDAGE,
    "threats": IloIndicator.THREATS,
    "isolated": IloIndicator.ISOLATION,
    "hard_conditions": IloIndicator.ABUSIVE_CONDITIONS,
}
CHOICES = (
    "place",
    "exploitation",
    "sector",
    "safe_now",
    "children",
    "needs",
    "contact_method",
    "heard_from",
    "preferred_language",
)
FREE_TEXT = ("contact_detail", "story")
ORDER = (
    "place",
    "exploitation",
    "sector",
    *SIGNS,
    "safe_now",
    "children",
    "needs",
    "contact_method",
    "contact_detail",
    "heard_from",
    "preferred_language",
    "story",
    "consent",
)
REACHABLE_BY = ("phone", "email", "trusted_person")
MAX_CHILDREN = 20
_PAYLOAD_VALUE = re.compile(r'\{\s*"(?P<slot>\w+)"\s*:\s*"(?P<value>[^"]*)"\s*\}')


def required_slots(answers: Mapping[str, Any]) -> list[str]:
    """The questions still relevant given the answers so far."""
    slots = list(ORDER)
    if answers.get("exploitation") != "forced_labour":
        slots.remove("sector")
    if answers.get("contact_method") not in REACHABLE_BY:
        slots.remove("contact_detail")
    return slots


class Answers:
    """Reads typed answers and labels values, in any language the catalog speaks."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def _options(self, slot: str, language: str) -> dict[str, str]:
        """Value -> button title for ``slot``'s question in ``language``."""
        options = {}
        for button in self.catalog.response(f"utter_ask_{slot}", language)["buttons"]:
            match = _PAYLOAD_VALUE.search(button["payload"])
            if match and match.group("slot") == slot:
                options[match.group("value")] = button["title"]
        return options

    def choice(self, slot: str, text: str, language: str) -> str | None:
        """The value a typed answer names, or None when it names none."""
        said = normalise(text)
        if not said:
            return None
        if slot == "children":
            digits = re.search(r"\d+", said)
            if digits:
                return str(min(int(digits.group()), MAX_CHILDREN))
        languages = dict.fromkeys([language, self.catalog.organisation.default_language])
        for code in languages:
            for value, title in self._options(slot, code).items():
                if normalise(title) == said or value.replace("_", " ") == said:
                    return value
        for code in languages:
            for value, title in self._options(slot, code).items():
                label = normalise(title)
                if len(said) >= 4 and (said in label or label in said):
                    return value
        return None

    def yes_no(self, text: str, language: str) -> str | None:
        """``yes`` or ``no`` when a typed answer is the Yes or No button's title."""
        said = normalise(text)
        payloads = {"/affirm": YES, "/deny": NO}
        for code in dict.fromkeys([language, self.catalog.organisation.default_language]):
            for button in self.catalog.response("utter_ask_deceived", code)["buttons"]:
                if button["payload"] in payloads and normalise(button["title"]) == said:
                    return payloads[button["payload"]]
        return None

    def label(self, slot: str, value: str, language: str) -> str:
        """How the value of a choice reads in ``language`` (the button's title)."""
        if value == SKIPPED:
            return self.catalog.ui("answer_skipped", language)
        return self._options(slot, language).get(value, value)

    def summary(self, answers: Mapping[str, Any], language: str) -> str:
        """What the person told, one line per answered question, in their language."""
        ui = self.catalog.ui
        lines = []

        def add(key: str, text: str) -> None:
            lines.append(f"• {ui(key, language)}: {text}")

        for slot in ("place", "exploitation", "sector"):
            if answers.get(slot) not in (None, SKIPPED):
                add(f"summary_{slot}", self.label(slot, answers[slot], language))
        signs = [ui(f"sign_{slot}", language) for slot in SIGNS if answers.get(slot) == YES]
        if signs:
            add("summary_signs", ", ".join(signs))
        for slot in ("safe_now", "children"):
            if answers.get(slot) not in (None, SKIPPED):
                add(f"summary_{slot}", self.label(slot, answers[slot], language))
        needs = answers.get("needs_selected") or []
        if needs:
            add("summary_needs", ", ".join(self.label("needs", need, language) for need in needs))
        if answers.get("contact_method") not in (None, SKIPPED):
            contact = self.label("contact_method", answers["contact_method"], language)
            if answers.get("contact_detail") not in (None, SKIPPED):
                contact = f"{contact} ({answers['contact_detail']})"
            add("summary_contact", contact)
        if answers.get("heard_from") not in (None, SKIPPED):
            add("summary_heard_from", self.label("heard_from", answers["heard_from"], language))
        preferred = answers.get("preferred_language")
        if preferred not in (None, SKIPPED):
            name = self.catalog.language_names().get(language, language)
            add("summary_preferred_language", name if preferred == "same" else preferred)
        if answers.get("story") not in (None, SKIPPED):
            add("summary_story", f"“{answers['story']}”")
        return "\n".join(lines) if lines else ui("summary_nothing", language)

    def consent(self, language: str) -> ConsentGiven:
        """The consent as the person saw it: language and a hash of the exact wording."""
        wording = self.catalog.response("utter_ask_consent", language)["text"]
        version = hashlib.sha256(wording.encode("utf-8")).hexdigest()[:12]
        return ConsentGiven(wording_version=f"{language}-{version}", language=language)


def _answered(answers: Mapping[str, Any], slot: str) -> Any:
    value = answers.get(slot)
    return None if value in (None, SKIPPED) else value


def referral_form(answers: Mapping[str, Any], language: str) -> ReferralForm:
    """The store's form from the slots (unanswered questions stay empty)."""
    children = _answered(answers, "children")
    preferred = _answered(answers, "preferred_language")
    return ReferralForm(
        summary=_answered(answers, "story") or "",
        language=language if preferred in (None, "same") else str(preferred),
        exploited_in=_answered(answers, "place"),
        exploitation=_answered(answers, "exploitation"),
        sector=_answered(answers, "sector"),
        indicators=tuple(
            indicator for slot, indicator in SIGNS.items() if answers.get(slot) == YES
        ),
        safe_now=_answered(answers, "safe_now"),
        children=int(children) if children is not None else None,
        needs=tuple(answers.get("needs_selected") or ()),
        contact_method=_answered(answers, "contact_method") or "only_chat",
        contact_detail=_answered(answers, "contact_detail"),
        heard_from=_answered(answers, "heard_from"),
    )
