"""Hand the conversation to a caseworker through the gateway's internal API."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.referral import language_of, reset_form
from bot.language import service
from bot.referral_questions import ORDER, SKIPPED, Answers
from bot.settings import Settings

logger = logging.getLogger(__name__)

TIMEOUT = aiohttp.ClientTimeout(total=10)


def said_danger(tracker: Tracker) -> bool:
    """Whether the person said they are in danger at any point of this conversation."""
    return any(
        event.get("event") == "user"
        and (event.get("parse_data") or {}).get("intent", {}).get("name") == "danger"
        for event in tracker.events
    )


def shared_summary(tracker: Tracker, language: str) -> str | None:
    """The answers the person chose to give so far, for the caseworker; None if none."""
    if all(tracker.get_slot(slot) in (None, SKIPPED) for slot in ORDER):
        return None
    return Answers(service.catalog()).summary(tracker.slots, language)


class ActionHandoff(Action):
    """Queue for a caseworker; pause the assistant when someone is online to answer."""

    def name(self) -> str:
        return "action_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        settings = Settings.from_env()
        language = language_of(tracker)
        metadata = (tracker.latest_message or {}).get("metadata") or {}
        body = {
            "conversation_id": tracker.sender_id,
            "channel": metadata.get("channel") or "rest",
            "language": language,
            "urgent": said_danger(tracker),
            "summary": shared_summary(tracker, language),
        }
        ended_form = [ActiveLoop(None), SlotSet("requested_slot", None), *reset_form()]
        try:
            async with (
                aiohttp.ClientSession(timeout=TIMEOUT) as session,
                session.post(
                    f"{settings.gateway_url.rstrip('/')}/internal/handoffs",
                    json=body,
                    headers={"Authorization": f"Bearer {settings.internal_token}"},
                ) as response,
            ):
                response.raise_for_status()
                answer = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            logger.error("handoff not queued: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_human")
            return ended_form
        if answer.get("online"):
            dispatcher.utter_message(response="utter_handoff_queued")
            return [*ended_form, ConversationPaused()]
        dispatcher.utter_message(response="utter_handoff_unavailable", code=answer["code"])
        return ended_form
