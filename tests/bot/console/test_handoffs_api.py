"""The handoff API: the queue, one claim wins, the chat in order, close, transfer, notes."""

from __future__ import annotations

import asyncio

import pytest

from bot import handoffs
from bot.gateway.hub import CONSOLE, conversation_topic
from bot.store.vocabulary import Sender
from tests.bot.console.conftest import Console

CONTRACT_KEYS = {
    "id",
    "conversation_id",
    "channel",
    "language",
    "urgent",
    "waiting_since",
    "summary",
    "caseworker",
}


async def test_the_queue_lists_urgent_first_with_the_contract_fields(console: Console) -> None:
    calm = console.queue(summary="calm")
    urgent = console.queue(urgent=True, summary="danger")
    await console.login("anna")
    response = await console.client.get("/console/api/handoffs?status=waiting")
    assert response.status == 200
    listed = await response.json()
    assert [item["id"] for item in listed] == [urgent.id, calm.id]
    assert set(listed[0]) >= CONTRACT_KEYS
    assert listed[0]["urgent"] is True and listed[0]["caseworker"] is None
    assert listed[0]["language"] == "fi" and listed[0]["channel"] == "web"
    for status in ("active", "closed"):
        response = await console.client.get(f"/console/api/handoffs?status={status}")
        assert await response.json() == []


async def test_an_unknown_status_is_a_400(console: Console) -> None:
    await console.login("anna")
    response = await console.client.get("/console/api/handoffs?status=everything")
    assert response.status == 400
    assert (await response.json())["error"] == "bad_status"


async def test_two_caseworkers_claim_at_once_and_one_wins(console: Console) -> None:
    handoff = console.queue()
    anna, anna_headers = await console.logged_in("anna")
    ben, ben_headers = await console.logged_in("ben")
    url = f"/console/api/handoffs/{handoff.id}/claim"
    first, second = await asyncio.gather(
        anna.post(url, headers=anna_headers), ben.post(url, headers=ben_headers)
    )
    assert sorted([first.status, second.status]) == [200, 409]
    loser = first if first.status == 409 else second
    assert (await loser.json())["error"] == "already_claimed"
    winner = "anna" if first.status == 200 else "ben"
    assert handoffs.get(console.store, handoff.id).caseworker == winner


async def test_claiming_tells_the_person_and_the_consoles(console: Console) -> None:
    handoff = console.queue()
    person = console.hub.subscribe(conversation_topic(handoff.conversation_id))
    consoles = console.hub.subscribe(CONSOLE)
    client, headers = await console.logged_in("anna")
    response = await client.post(f"/console/api/handoffs/{handoff.id}/claim", headers=headers)
    assert response.status == 200
    assert (await response.json())["caseworker"] == "anna"
    assert person.get_nowait() == {"type": "claimed", "handoff_id": handoff.id}
    event = consoles.get_nowait()
    assert event["type"] == "handoff_claimed" and event["handoff"]["id"] == handoff.id


async def test_messages_are_stored_published_and_listed_in_order(console: Console) -> None:
    handoff = console.queue()
    handoffs.add_message(console.store, handoff.id, Sender.PERSON, "hello?")
    client, headers = await console.logged_in("anna")
    await client.post(f"/console/api/handoffs/{handoff.id}/claim", headers=headers)
    person = console.hub.subscribe(conversation_topic(handoff.conversation_id))
    url = f"/console/api/handoffs/{handoff.id}/messages"
    for text in ("one", "two", "three"):
        response = await client.post(url, json={"text": text}, headers=headers)
        assert response.status == 201
        sent = await response.json()
        assert person.get_nowait() == {
            "type": "caseworker_message",
            "handoff_id": handoff.id,
            "message_id": sent["id"],
            "text": text,
        }
    handoffs.add_message(console.store, handoff.id, Sender.PERSON, "thanks")
    listed = await (await client.get(url)).json()
    assert [(m["from"], m["text"]) for m in listed] == [
        ("person", "hello?"),
        ("caseworker", "one"),
        ("caseworker", "two"),
        ("caseworker", "three"),
        ("person", "thanks"),
    ]


async def test_only_the_claiming_caseworker_writes(console: Console) -> None:
    handoff = console.queue()
    anna, anna_headers = await console.logged_in("anna")
    ben, ben_headers = await console.logged_in("ben")
    url = f"/console/api/handoffs/{handoff.id}/messages"
    unclaimed = await anna.post(url, json={"text": "hi"}, headers=anna_headers)
    assert unclaimed.status == 409
    await anna.post(f"/console/api/handoffs/{handoff.id}/claim", headers=anna_headers)
    other = await ben.post(url, json={"text": "hi"}, headers=ben_headers)
    assert other.status == 403
    assert (await other.json())["error"] == "not_yours"


@pytest.mark.parametrize(
    "body", ['{"text": ""}', '{"text": "   "}', '{"text": 5}', "{}", "[1]", "nonsense"]
)
async def test_a_bad_message_is_a_400(console: Console, body: str) -> None:
    handoff = console.queue()
    client, headers = await console.logged_in("anna")
    await client.post(f"/console/api/handoffs/{handoff.id}/claim", headers=headers)
    response = await client.post(
        f"/console/api/handoffs/{handoff.id}/messages",
        data=body,
        headers={**headers, "Content-Type": "application/json"},
    )
    assert response.status == 400
    assert (await response.json())["message"]


async def test_a_too_long_message_is_a_400(console: Console) -> None:
    handoff = console.queue()
    client, headers = await console.logged_in("anna")
    await client.post(f"/console/api/handoffs/{handoff.id}/claim", headers=headers)
    response = await client.post(
        f"/console/api/handoffs/{handoff.id}/messages", json={"text": "x" * 4001}, headers=headers
    )
    assert response.status == 400


@pytest.mark.parametrize("handoff_id", ["999", "99999999999999999999"])
async def test_an_unknown_handoff_is_a_404(console: Console, handoff_id: str) -> None:
    client, headers = await console.logged_in("anna")
    for method, suffix in (("GET", ""), ("GET", "/messages"), ("POST", "/claim")):
        response = await client.request(
            method, f"/console/api/handoffs/{handoff_id}{suffix}", headers=headers
        )
        assert response.status == 404, suffix


async def test_closing_tells_the_person_and_only_the_owner_may(console: Console) -> None:
    handoff = console.queue()
    anna, anna_headers = await console.logged_in("anna")
    ben, ben_headers = await console.logged_in("ben")
    await anna.post(f"/console/api/handoffs/{handoff.id}/claim", headers=anna_headers)
    person = console.hub.subscribe(conversation_topic(handoff.conversation_id))
    url = f"/console/api/handoffs/{handoff.id}/close"
    assert (await ben.post(url, headers=ben_headers)).status == 409
    response = await anna.post(url, headers=anna_headers)
    assert response.status == 200
    assert (await response.json())["status"] == "closed"
    assert person.get_nowait() == {"type": "closed", "handoff_id": handoff.id}
    closed = await (await anna.get("/console/api/handoffs?status=closed")).json()
    assert [item["id"] for item in closed] == [handoff.id]
    again = await anna.post(
        f"/console/api/handoffs/{handoff.id}/messages", json={"text": "hi"}, headers=anna_headers
    )
    assert again.status == 409


async def test_transfer_to_a_colleague(console: Console) -> None:
    handoff = console.queue()
    anna, anna_headers = await console.logged_in("anna")
    ben, ben_headers = await console.logged_in("ben")
    await anna.post(f"/console/api/handoffs/{handoff.id}/claim", headers=anna_headers)
    url = f"/console/api/handoffs/{handoff.id}/transfer"
    for to, status in (("nobody", 400), ("anna", 400), ("", 400)):
        response = await anna.post(url, json={"to": to}, headers=anna_headers)
        assert response.status == status, to
    response = await anna.post(url, json={"to": "Ben"}, headers=anna_headers)
    assert response.status == 200
    assert (await response.json())["caseworker"] == "ben"
    reply = await ben.post(
        f"/console/api/handoffs/{handoff.id}/messages", json={"text": "hi"}, headers=ben_headers
    )
    assert reply.status == 201
    assert (await anna.post(url, json={"to": "ben"}, headers=anna_headers)).status == 409


async def test_notes_on_a_handoff(console: Console) -> None:
    handoff = console.queue()
    client, headers = await console.logged_in("anna")
    url = f"/console/api/handoffs/{handoff.id}/notes"
    response = await client.post(url, json={"text": "speaks Thai too"}, headers=headers)
    assert response.status == 201
    listed = await (await client.get(url)).json()
    assert [(n["author"], n["text"]) for n in listed] == [("anna", "speaks Thai too")]
    assert (await client.post(url, json={"text": ""}, headers=headers)).status == 400
    missing = await client.post(
        "/console/api/handoffs/999/notes", json={"text": "x"}, headers=headers
    )
    assert missing.status == 404
