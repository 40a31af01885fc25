"""The running core: health, first answers in English and Finnish, 112 first."""

from __future__ import annotations

import urllib.request

import pytest

from bot.language import service

pytestmark = pytest.mark.e2e


def test_ready_names_every_part(stack):
    with urllib.request.urlopen(f"{stack.base}/readyz", timeout=10) as response:
        assert response.status == 200


async def test_hello_gets_an_english_greeting(chat):
    assert chat.session["type"] == "session" and chat.session["conversation_id"]
    [reply] = await chat.say("hello")
    expected = service.catalog().response("utter_greet", "en")
    assert reply["type"] == "message" and reply["from"] == "bot"
    assert reply["text"] == expected["text"] and reply["language"] == "en"


def catalog_texts(language: str) -> set[str]:
    catalog = service.catalog()
    names = catalog.locales[language].responses
    return {catalog.response(name, language, code="", summary="")["text"] for name in names}


async def test_finnish_opener_gets_a_finnish_answer_that_sticks(chat):
    finnish = catalog_texts("fi")
    opener = await chat.say("hei, tarvitsen apua")
    cost = await chat.say("onko tämä ilmaista")
    short = await chat.say("ok")
    assert opener[0]["text"] in finnish
    assert service.catalog().response("utter_cost", "fi")["text"] in [r["text"] for r in cost]
    assert all(reply["language"] == "fi" for reply in [*opener, *cost, *short])


async def test_danger_gets_112_first(chat):
    [reply] = await chat.say("I am in danger")
    organisation = service.organisation()
    text = reply["text"]
    assert text.index(organisation.emergency_number) < text.index(organisation.helpline)
