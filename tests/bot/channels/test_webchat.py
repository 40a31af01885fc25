"""The web chat WebSocket, frame by frame, as CONTRACT.md describes it."""

import asyncio

import pytest

from bot.language import service


async def open_chat(client, **headers):
    socket = await client.ws_connect("/chat/ws", headers=headers)
    session = await socket.receive_json()
    assert session["type"] == "session"
    return socket, session


async def test_session_frame_then_english_answer(make_gateway):
    client, rasa = await make_gateway()
    socket, session = await open_chat(client)
    assert session["language"] == "en" and len(session["conversation_id"]) >= 20
    await socket.send_json({"type": "message", "text": "hello"})
    reply = await socket.receive_json()
    assert reply == {
        "type": "message",
        "from": "bot",
        "text": "en: hello",
        "buttons": [{"title": "OK", "payload": "/affirm"}],
        "language": "en",
    }
    assert rasa["received"][0]["sender"] == session["conversation_id"]
    assert rasa["received"][0]["metadata"] == {"language": "en", "channel": "web"}


async def test_finnish_is_detected_and_sticks_through_short_replies(make_gateway):
    client, rasa = await make_gateway()
    socket, _ = await open_chat(client)
    for text in ["hei, tarvitsen apua", "ok", "1", "yes"]:
        await socket.send_json({"type": "message", "text": text})
        reply = await socket.receive_json()
        assert reply["language"] == "fi", text
    assert [body["metadata"]["language"] for body in rasa["received"]] == ["fi"] * 4


async def test_browser_language_is_the_starting_language(make_gateway):
    client, _ = await make_gateway()
    _, session = await open_chat(client, **{"Accept-Language": "fi-FI,fi;q=0.9,en;q=0.5"})
    assert session["language"] == "fi"


async def test_explicit_choice_wins_over_detection(make_gateway):
    client, rasa = await make_gateway()
    socket, _ = await open_chat(client)
    await socket.send_json({"type": "language", "code": "fi"})
    reply = await socket.receive_json()
    assert reply["language"] == "fi"
    assert rasa["received"][-1]["message"] == '/choose_language{"language": "fi"}'
    await socket.send_json({"type": "message", "text": "hello"})
    assert (await socket.receive_json())["language"] == "fi"


async def test_button_payload_is_forwarded(make_gateway):
    client, rasa = await make_gateway()
    socket, _ = await open_chat(client)
    await socket.send_json({"type": "payload", "payload": "/ask_cost", "title": "Is it free?"})
    await socket.receive_json()
    assert rasa["received"][-1]["message"] == "/ask_cost"


async def test_bad_frames_get_an_error_in_the_conversation_language(make_gateway):
    client, rasa = await make_gateway()
    socket, _ = await open_chat(client, **{"Accept-Language": "fi"})
    catalog = service.catalog()
    for raw in [
        "not json",
        '{"type": "nonsense"}',
        '{"type": "payload", "payload": "rm -rf"}',
        "[]",
    ]:
        await socket.send_str(raw)
        error = await socket.receive_json()
        assert error["type"] == "error" and error["code"] in {"bad_frame", "bad_payload"}
        assert error["message"] == catalog.ui("error_bad_frame", "fi")
    await socket.send_json({"type": "message", "text": "x" * 2001})
    assert (await socket.receive_json())["code"] == "too_long"
    assert rasa["received"] == []
    await socket.send_json({"type": "message", "text": "hei"})
    assert (await socket.receive_json())["type"] == "message"


async def test_unsupported_language_choice_is_refused(make_gateway):
    client, _ = await make_gateway()
    socket, _ = await open_chat(client)
    await socket.send_json({"type": "language", "code": "xx"})
    assert (await socket.receive_json())["code"] == "unsupported_language"


async def test_rasa_down_still_gives_emergency_and_helpline(make_gateway):
    client, _ = await make_gateway(down=True)
    socket, _ = await open_chat(client)
    await socket.send_json({"type": "message", "text": "I am in danger, help"})
    error = await socket.receive_json()
    organisation = service.organisation()
    assert error["type"] == "error" and error["code"] == "unavailable"
    assert organisation.emergency_number in error["message"]
    assert organisation.helpline in error["message"]


async def test_naming_a_language_switches_to_it(make_gateway):
    client, _ = await make_gateway()
    socket, _ = await open_chat(client)
    await socket.send_json({"type": "message", "text": "hello"})
    assert (await socket.receive_json())["language"] == "en"
    await socket.send_json({"type": "message", "text": "Suomeksi!"})
    assert (await socket.receive_json())["language"] == "fi"
    await socket.send_json({"type": "message", "text": "ok"})
    assert (await socket.receive_json())["language"] == "fi"


async def test_an_open_first_language_is_offered_once(make_gateway):
    client, rasa = await make_gateway()
    socket, _ = await open_chat(client)
    await socket.send_json({"type": "message", "text": "mi amigo"})
    answer, offer = await socket.receive_json(), await socket.receive_json()
    assert answer["text"].endswith("mi amigo")
    catalog = service.catalog()
    assert offer["text"] == catalog.ui("confirm_language", offer["language"])
    codes = [button["payload"].split('"')[-2] for button in offer["buttons"]]
    assert codes[0] == offer["language"] and set(codes) == {"es", "pt"}
    await socket.send_json({"type": "payload", "payload": offer["buttons"][1]["payload"]})
    chosen = await socket.receive_json()
    assert chosen["language"] == codes[1]
    assert rasa["received"][-1]["message"] == f'/choose_language{{"language": "{codes[1]}"}}'
    await socket.send_json({"type": "message", "text": "mi amigo otra vez"})
    assert (await socket.receive_json())["language"] == codes[1]
    assert rasa["received"][-1]["metadata"]["language"] == codes[1]
    with pytest.raises(asyncio.TimeoutError):  # offered once only
        await socket.receive_json(timeout=0.5)
