"""A person asks for a human on the web chat; caseworkers answer from the console API."""

from __future__ import annotations

import asyncio
import re

import aiohttp
import pytest

from bot import caseworkers
from bot.language import service
from bot.settings import Settings
from bot.store import open_store
from bot.store.vocabulary import Role
from tests.e2e.conftest import Chat

pytestmark = pytest.mark.e2e

PASSWORD = "a long and unusual passphrase 42"
CODE = re.compile(r"\b[A-Z0-9]{5}-[A-Z0-9]{5}\b")


@pytest.fixture(scope="module")
def accounts(stack):
    store = open_store(Settings(var_dir=stack.var_dir))
    for name in ("aino", "bertil"):
        caseworkers.create(store, name, Role.CASEWORKER, PASSWORD)
    store.close()
    return ("aino", "bertil")


class Console:
    """A caseworker signed in to the console API."""

    def __init__(self, base: str, session: aiohttp.ClientSession, csrf: str) -> None:
        self.base, self.session, self.csrf = base, session, csrf

    @classmethod
    async def sign_in(cls, base: str, username: str) -> Console:
        session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        response = await session.post(
            f"{base}/console/api/login", json={"username": username, "password": PASSWORD}
        )
        assert response.status == 200, await response.text()
        return cls(base, session, (await response.json())["csrf_token"])

    async def get(self, path: str):
        async with self.session.get(f"{self.base}/console/api{path}") as response:
            assert response.status == 200, await response.text()
            return await response.json()

    async def post(self, path: str, body: dict | None = None) -> aiohttp.ClientResponse:
        return await self.session.post(
            f"{self.base}/console/api{path}", json=body or {}, headers={"X-CSRF-Token": self.csrf}
        )


async def waiting_for(console: Console, conversation_id: str) -> dict:
    for _ in range(50):
        for handoff in await console.get("/handoffs?status=waiting"):
            if handoff["conversation_id"] == conversation_id:
                return handoff
        await asyncio.sleep(0.2)
    raise AssertionError("the handoff never reached the queue")


async def console_event(socket: aiohttp.ClientWebSocketResponse, kind: str) -> dict:
    while True:
        event = await socket.receive_json(timeout=20)
        if event.get("type") == kind:
            return event


async def test_live_handoff_three_messages_each_way(stack, chat, accounts):
    first = await Console.sign_in(stack.base, accounts[0])
    second = await Console.sign_in(stack.base, accounts[1])
    online = await first.session.ws_connect(stack.base.replace("http", "ws", 1) + "/console/ws")
    try:
        await chat.say("I am in danger")
        asked = await chat.say("I want to talk to a real person")
        texts = [frame.get("text") for frame in asked if frame["type"] == "message"]
        queued = service.catalog().response("utter_handoff_queued", "en")["text"]
        assert queued in texts and {"type": "status", "mode": "waiting"} in asked

        handoff = await waiting_for(first, chat.session["conversation_id"])
        assert handoff["language"] == "en" and handoff["urgent"] is True
        assert (await first.post(f"/handoffs/{handoff['id']}/claim")).status == 200
        assert (await second.post(f"/handoffs/{handoff['id']}/claim")).status == 409
        joined = await chat.socket.receive_json(timeout=10)
        assert joined == {"type": "status", "mode": "human"}
        await chat.socket.receive_json(timeout=10)  # "a caseworker has joined"

        for number in range(3):
            # With a caseworker the assistant stays silent: the message goes to the console.
            await chat.socket.send_json({"type": "message", "text": f"person {number}"})
            await console_event(online, "person_message")
            response = await first.post(
                f"/handoffs/{handoff['id']}/messages", {"text": f"caseworker {number}"}
            )
            assert response.status == 201
            reply = await chat.socket.receive_json(timeout=10)
            assert reply["from"] == "caseworker" and reply["text"] == f"caseworker {number}"
        history = await first.get(f"/handoffs/{handoff['id']}/messages")
        assert [m["text"] for m in history] == [
            text for n in range(3) for text in (f"person {n}", f"caseworker {n}")
        ]

        assert (await first.post(f"/handoffs/{handoff['id']}/close")).status == 200
        assert (await chat.socket.receive_json(timeout=10)) == {"type": "status", "mode": "bot"}
        closed = await chat.socket.receive_json(timeout=10)
        assert closed["text"] == service.catalog().response("utter_handoff_closed", "en")["text"]
        answers = [frame.get("text", frame) for frame in await chat.say("is it free")]
        assert answers == [service.catalog().response("utter_cost", "en")["text"]]
    finally:
        await online.close()
        await first.session.close()
        await second.session.close()


async def test_nobody_online_then_the_reply_waits_for_the_code(stack, chat, accounts):
    asked = await chat.say("I want to talk to a real person")
    organisation = service.organisation()
    [unavailable] = [frame for frame in asked if CODE.search(frame.get("text", ""))]
    assert organisation.helpline in unavailable["text"]
    code = CODE.search(unavailable["text"]).group()
    await chat.socket.close()  # the person leaves; the reply comes later

    caseworker = await Console.sign_in(stack.base, accounts[0])
    try:
        handoff = await waiting_for(caseworker, chat.session["conversation_id"])
        assert (await caseworker.post(f"/handoffs/{handoff['id']}/claim")).status == 200
        reply = {"text": "We read your message. Call us when it is safe."}
        assert (await caseworker.post(f"/handoffs/{handoff['id']}/messages", reply)).status == 201
    finally:
        await caseworker.session.close()

    url = stack.base.replace("http", "ws", 1) + "/chat/ws"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
        later = Chat(socket, await socket.receive_json(timeout=30))
        frames = await later.say(code)
        assert frames[0]["type"] == "session"
        assert frames[0]["conversation_id"] == chat.session["conversation_id"]
        assert any(
            frame.get("from") == "caseworker" and frame["text"] == reply["text"] for frame in frames
        )
