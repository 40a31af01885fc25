"""Referral conversations end to end: recorded only with consent, counted, never in clear."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from bot import referrals
from bot.language import service
from bot.reports.figures import figures
from bot.settings import Settings
from bot.store import open_store
from bot.store.models import Conversation, Referral

pytestmark = pytest.mark.e2e

SIGNS = 8
CODE = re.compile(r"\b[A-Z0-9]{5}-[A-Z0-9]{5}\b")
STORY = "The owner of the kitchen kept my passport in his safe"


def inform(slot: str, value: str) -> str:
    return "/inform" + json.dumps({slot: value})


async def complete_referral(chat, place: str, sector: str | None, consent: bool) -> list[dict]:
    """Answer every question with buttons (one typed), then agree or refuse."""
    await chat.say("I want to ask for help")
    await chat.press(inform("place", place))
    await chat.press(inform("exploitation", "forced_labour" if sector else "sexual"))
    if sector:
        await chat.press(inform("sector", sector))
    for number in range(SIGNS):
        await chat.press("/affirm" if number % 2 == 0 else "/deny")
    await chat.press(inform("safe_now", "yes"))
    await chat.say("1")  # typed: one child
    await chat.press(inform("needs", "housing"))
    await chat.press(inform("needs", "legal"))
    await chat.press("/skip")
    await chat.press(inform("contact_method", "only_chat"))
    await chat.press(inform("heard_from", "police"))
    await chat.press(inform("preferred_language", "same"))
    summary = await chat.say(STORY)
    assert any(STORY in reply["text"] for reply in summary), "the summary quotes their words"
    return await chat.press("/affirm" if consent else "/deny")


@pytest.fixture(scope="module")
def store(stack):
    store = open_store(Settings(var_dir=stack.var_dir))
    yield store
    store.close()


async def test_referral_is_recorded_with_a_code_only_after_consent(chat, store):
    [saved] = await complete_referral(chat, "finland", "restaurant", consent=True)
    organisation = service.organisation()
    assert organisation.emergency_number in saved["text"]
    code = CODE.search(saved["text"])
    assert code, f"no reference code in {saved['text']!r}"
    view = referrals.find(store, code.group())
    assert view is not None
    assert view.form.sector == "restaurant" and view.form.children == 1
    assert set(view.form.needs) == {"housing", "legal"} and view.form.summary == STORY


async def test_without_consent_nothing_but_the_conversation_row(chat, store):
    [answer] = await complete_referral(chat, "abroad", None, consent=False)
    assert answer["text"] == service.catalog().response("utter_referral_not_saved", "en")["text"]
    with store.session() as session:
        conversation = session.get(Conversation, chat.session["conversation_id"])
        mine = select(func.count()).where(Referral.conversation_id == conversation.id)
        assert conversation is not None and session.execute(mine).scalar() == 0


async def test_report_counts_five_referrals_exactly(stack, store):
    import aiohttp

    from tests.e2e.conftest import Chat

    before = figures(store, date.today(), date.today())
    url = stack.base.replace("http", "ws", 1) + "/chat/ws"
    plan = [("finland", "restaurant")] * 3 + [("abroad", None)] * 2
    async with aiohttp.ClientSession() as session:
        for place, sector in plan:
            async with session.ws_connect(url) as socket:
                chat = Chat(socket, await socket.receive_json(timeout=30))
                await complete_referral(chat, place, sector, consent=True)
        async with session.ws_connect(url) as socket:
            chat = Chat(socket, await socket.receive_json(timeout=30))
            await complete_referral(chat, "finland", "cleaning", consent=False)
    after = figures(store, date.today(), date.today())
    assert after["referrals"] - before["referrals"] == 5
    assert after["exploited_in"]["finland"] - before["exploited_in"]["finland"] == 3
    assert after["exploited_in"]["abroad"] - before["exploited_in"]["abroad"] == 2
    assert after["sectors"]["restaurant"] - before["sectors"]["restaurant"] == 3
    assert after["sectors"]["cleaning"] == before["sectors"]["cleaning"]
    assert after["conversations"] - before["conversations"] == 6


def test_typed_words_are_in_no_file_and_no_log(stack):
    files = [path for path in stack.var_dir.rglob("*") if path.is_file()] + [stack.log_path]
    assert any(path.name == "turva.db" for path in files)
    for path in files:
        content = path.read_bytes()
        assert b"kept my passport" not in content, path.name


async def test_danger_in_the_middle_of_the_form_gets_112_first(chat):
    await chat.say("I want to ask for help")
    await chat.press(inform("place", "finland"))
    replies = await chat.say("they are hurting me, I am in danger")
    organisation = service.organisation()
    assert organisation.emergency_number in replies[0]["text"]
    assert replies[0]["text"].index(organisation.emergency_number) < replies[0]["text"].index(
        organisation.helpline
    )
