"""The referral form's glue: validate answers, show the summary, record with consent."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot import handoffs, referrals
from bot.language import service
from bot.referral_questions import (
    CHOICES,
    FREE_TEXT,
    NO,
    ORDER,
    SIGNS,
    SKIPPED,
    YES,
    Answers,
    referral_form,
    required_slots,
)
from bot.settings import Settings
from bot.store import Store
from bot.store.database import open_store

logger = logging.getLogger(__name__)

MAX_ANSWER_LENGTH = 2000
FORM_SLOTS = (*ORDER, "needs_selected")


@lru_cache(maxsize=1)
def store() -> Store:
    """The store this action server writes to."""
    return open_store(Settings.from_env())


def language_of(tracker: Tracker) -> str:
    """The conversation's language (slot, else the gateway's metadata, else the default)."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return service.catalog().supported(tracker.get_slot("language") or metadata.get("language"))


def reset_form() -> list[EventType]:
    """Forget every answer of the form."""
    return [SlotSet(slot, None) for slot in FORM_SLOTS]


class ValidateReferralForm(FormValidationAction):
    """Accept buttons, read typed answers, skip what does not apply."""

    def name(self) -> str:
        return "validate_referral_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return required_slots(tracker.slots)

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        relevant = required_slots(tracker.slots)
        updates: dict[str, Any] = {}
        for slot, value in tracker.slots_to_validate().items():
            if slot in relevant and value is not None:
                changes = self._validate(slot, value, dispatcher, tracker)
                updates.update(changes)
                tracker.slots.update(changes)
        return [SlotSet(slot, value) for slot, value in updates.items()]

    def _validate(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        language = language_of(tracker)
        answers = Answers(service.catalog())
        text = str(value)
        if slot in FREE_TEXT:
            return {slot: text[:MAX_ANSWER_LENGTH]}
        if slot in SIGNS or slot == "consent":
            if text not in (YES, NO, SKIPPED):
                text = answers.yes_no(text, language) or ""
            if text in (YES, NO) or (text == SKIPPED and slot != "consent"):
                return {slot: text}
        elif slot in CHOICES:
            chosen = text if text == SKIPPED else self._choice(answers, slot, text, language)
            if chosen == "no" and slot == "safe_now":
                dispatcher.utter_message(response="utter_danger")
            if slot == "needs" and chosen not in (None, SKIPPED):
                selected = list(
                    dict.fromkeys([*(tracker.get_slot("needs_selected") or []), chosen])
                )
                return {"needs": None, "needs_selected": selected}
            if chosen is not None:
                return {slot: chosen}
        dispatcher.utter_message(response="utter_please_choose")
        return {slot: None}

    @staticmethod
    def _choice(answers: Answers, slot: str, text: str, language: str) -> str | None:
        known = answers.choice(slot, text, language)
        if known is None and slot == "preferred_language" and text.strip():
            return text.strip()[:60]
        return known


class AskQuestion(Action):
    """Ask one question of the form (``utter_ask_<slot>`` from the catalog)."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response=f"utter_ask_{self.slot}")
        return []


# One action per question: Rasa asks for slot X with action_ask_X.
QUESTIONS = {
    slot: type(f"Ask_{slot}", (AskQuestion,), {"slot": slot}) for slot in ORDER if slot != "consent"
}


class ActionAskConsent(Action):
    """Show the person what they told, in their language, and ask before saving anything."""

    def name(self) -> str:
        return "action_ask_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        summary = Answers(service.catalog()).summary(tracker.slots, language_of(tracker))
        dispatcher.utter_message(response="utter_referral_summary", summary=summary)
        dispatcher.utter_message(response="utter_ask_consent")
        return []


class ActionSubmitReferral(Action):
    """Record the referral when the person agreed; tell them truthfully what happened."""

    def name(self) -> str:
        return "action_submit_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        if tracker.get_slot("consent") != YES:
            dispatcher.utter_message(response="utter_referral_not_saved")
            return reset_form()
        language = language_of(tracker)
        metadata = (tracker.latest_message or {}).get("metadata") or {}
        try:
            recorded = referrals.record(
                store(),
                referral_form(tracker.slots, language),
                conversation_id=tracker.sender_id,
                submission_id=str((tracker.latest_message or {}).get("message_id") or ""),
                channel=str(metadata.get("channel") or "rest"),
                consent=Answers(service.catalog()).consent(language),
            )
        except Exception:
            logger.exception("recording a referral failed")
            dispatcher.utter_message(response="utter_referral_failed")
            return reset_form()
        response = "utter_referral_saved" if recorded.saved else "utter_referral_queued"
        dispatcher.utter_message(response=response, code=recorded.reference_code)
        return reset_form()


class ActionStopReferral(Action):
    """Stop the form: nothing is kept."""

    def name(self) -> str:
        return "action_stop_referral"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        dispatcher.utter_message(response="utter_stopped")
        return [ActiveLoop(None), SlotSet("requested_slot", None), *reset_form()]


class ActionDeleteConversation(Action):
    """Forget the conversation: what the person wrote to caseworkers is deleted, the tracker
    restarts and its stored events are dropped."""

    def name(self) -> str:
        return "action_delete_conversation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        try:
            handoffs.forget_person_messages(store(), tracker.sender_id)
        except Exception:
            logger.exception("deleting the person's handoff messages failed")
            dispatcher.utter_message(response="utter_delete_failed")
            return [ActiveLoop(None), Restarted()]
        dispatcher.utter_message(response="utter_deleted")
        return [ActiveLoop(None), Restarted()]
