"""A conversation handed to a caseworker and back, through the gateway's internal API."""

import asyncio

import pytest

from bot import handoffs
from bot.gateway.hub import CONSOLE, conversation_topic
from bot.gateway.keys import HUB, STORE
from bot.language import service
from bot.store.models import Caseworker
from bot.store.vocabulary import HandoffStatus, Role, Sender
from tests.bot.conftest import INTERNAL_TOKEN

AUTH = {"Authorization": f"Bearer {INTERNAL_TOKEN}"}


async def open_chat(client):
    socket = await client.ws_connect("/chat/ws")
    session = await socket.receive_json()
    return socket, session["conversation_id"]


def add_caseworker(store, name="aino"):
    with store.transaction() as session:
        account = Caseworker(username=name, password_hash="x", role=Role.CASEWORKER)
        session.add(account)
        session.flush()
        return account.id


async def queue(client, conversation_id, **extra):
    body = {"conversation_id": conversation_id, "channel": "web", "language": "en", **extra}
    return await client.post("/internal/handoffs", json=body, headers=AUTH)


async def test_internal_api_needs_the_token(make_gateway):
    client, _ = await make_gateway()
    response = await client.post("/internal/handoffs", json={"conversation_id": "x"})
    assert response.status == 401
    bad = await client.post("/internal/handoffs", json=[], headers=AUTH)
    assert bad.status == 400


async def test_live_handoff_there_and_back(make_gateway):
    client, rasa = await make_gateway()
    hub, store = client.app[HUB], client.app[STORE]
    console = hub.subscribe(CONSOLE)  # a caseworker is online
    socket, conversation_id = await open_chat(client)

    answer = await (
        await queue(client, conversation_id, urgent=False, summary="Where: Finland")
    ).json()
    assert answer["online"] is True and "code" not in answer
    assert (await socket.receive_json()) == {"type": "status", "mode": "waiting"}
    queued = await asyncio.wait_for(console.get(), 5)
    assert queued["type"] == "handoff_queued" and queued["handoff"]["summary"] == "Where: Finland"
    handoff_id = queued["handoff"]["id"]

    await socket.send_json({"type": "message", "text": "hello, are you there?"})
    person = await asyncio.wait_for(console.get(), 5)
    assert (
        person["type"] == "person_message" and person["message"]["text"] == "hello, are you there?"
    )
    assert rasa["received"] == [], "nothing goes to the assistant while waiting"

    worker = add_caseworker(store)
    handoffs.claim(store, handoff_id, worker)
    await hub.publish(
        conversation_topic(conversation_id), {"type": "claimed", "handoff_id": handoff_id}
    )
    assert (await socket.receive_json()) == {"type": "status", "mode": "human"}
    joined = await socket.receive_json()
    assert joined["text"] == service.catalog().ui("caseworker_joined", "en")

    for number in range(3):
        message = handoffs.add_message(store, handoff_id, Sender.CASEWORKER, f"reply {number}")
        event = {
            "type": "caseworker_message",
            "handoff_id": handoff_id,
            "message_id": message.id,
            "text": message.text,
        }
        await hub.publish(conversation_topic(conversation_id), event)
    for number in range(3):
        frame = await socket.receive_json()
        assert frame["from"] == "caseworker" and frame["text"] == f"reply {number}"

    handoffs.close(store, handoff_id, worker)
    await hub.publish(
        conversation_topic(conversation_id), {"type": "closed", "handoff_id": handoff_id}
    )
    assert (await socket.receive_json()) == {"type": "status", "mode": "bot"}
    closed = await socket.receive_json()
    assert closed["text"] == service.catalog().response("utter_handoff_closed", "en")["text"]
    assert rasa["resumed"] == [conversation_id]

    await socket.send_json({"type": "message", "text": "thanks"})
    assert (await socket.receive_json())["text"] == "en: thanks", "the assistant answers again"
    hub.unsubscribe(CONSOLE, console)


async def test_danger_while_waiting_gets_112_and_turns_urgent(make_gateway):
    client, _ = await make_gateway()
    hub, store = client.app[HUB], client.app[STORE]
    console = hub.subscribe(CONSOLE)
    socket, conversation_id = await open_chat(client)
    await queue(client, conversation_id)
    await socket.receive_json()  # status waiting
    await socket.send_json({"type": "message", "text": "I am in danger"})
    reply = await socket.receive_json()
    organisation = service.organisation()
    assert organisation.emergency_number in reply["text"] and organisation.helpline in reply["text"]
    handoff = handoffs.open_for(store, conversation_id)
    assert handoff.urgent
    hub.unsubscribe(CONSOLE, console)


async def test_nobody_online_gives_a_code_and_the_reply_waits_for_it(make_gateway):
    client, _ = await make_gateway()
    store = client.app[STORE]
    socket, conversation_id = await open_chat(client)
    answer = await (await queue(client, conversation_id)).json()
    assert answer["online"] is False and len(answer["code"]) == 11
    handoff_id = answer["handoff"]["id"]
    assert handoffs.get(store, handoff_id).status == HandoffStatus.WAITING
    await socket.close()

    worker = add_caseworker(store)
    handoffs.claim(store, handoff_id, worker)
    handoffs.add_message(store, handoff_id, Sender.CASEWORKER, "We can help. Call us any time.")

    later, new_id = await open_chat(client)
    assert new_id != conversation_id
    await later.send_json({"type": "resume", "code": answer["code"].lower().replace("-", " ")})
    session = await later.receive_json()
    assert session == {"type": "session", "conversation_id": conversation_id, "language": "en"}
    frames = [await later.receive_json() for _ in range(3)]
    assert frames[0] == {"type": "status", "mode": "human"}
    assert frames[1]["text"] == service.catalog().ui("resume_ok", "en")
    assert frames[2] == {
        "type": "message",
        "from": "caseworker",
        "text": "We can help. Call us any time.",
        "buttons": [],
        "language": "en",
    }
    assert handoffs.undelivered_replies(store, conversation_id) == []


@pytest.mark.parametrize("code", ["", "not a code", "ABCDE-FGHJK"])
async def test_unknown_codes_are_refused_and_attempts_limited(make_gateway, code):
    client, _ = await make_gateway()
    socket, _ = await open_chat(client)
    for _ in range(6):
        await socket.send_json({"type": "resume", "code": code})
        error = await socket.receive_json()
        assert error["type"] == "error"
        assert error["message"] == service.catalog().ui("resume_unknown_code", "en")


async def test_a_typed_code_reopens_the_conversation(make_gateway):
    client, _ = await make_gateway()
    _, conversation_id = await open_chat(client)
    code = (await (await queue(client, conversation_id)).json())["code"]
    later, _ = await open_chat(client)
    await later.send_json({"type": "message", "text": code})
    session = await later.receive_json()
    assert session["conversation_id"] == conversation_id
    await later.send_json({"type": "message", "text": "ABCDE-FGHJK"})  # no such code: just text
    frames = [await later.receive_json() for _ in range(2)]
    assert frames[-1]["text"] == "en: ABCDE-FGHJK"
