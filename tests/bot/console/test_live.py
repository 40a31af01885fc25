"""The console socket: logged-in only, forwards the hub's console events, counts as online."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from aiohttp import WSMsgType

from bot.console.config import ConsoleConfig
from bot.console.keys import CONSOLE_CONFIG
from bot.console.live import SESSION_ENDED
from bot.gateway.hub import CONSOLE
from tests.bot.console.conftest import Console


async def until(condition, timeout: float = 2.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition never became true")


async def test_a_socket_needs_a_session(console: Console) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await console.client.ws_connect("/console/ws")
    assert refused.value.status == 401
    assert console.hub.listeners(CONSOLE) == 0


async def test_a_socket_from_another_site_is_refused(console: Console) -> None:
    await console.login("anna")
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await console.client.ws_connect("/console/ws", origin="https://evil.example")
    assert refused.value.status == 403


async def test_events_are_forwarded_and_the_socket_counts_as_online(console: Console) -> None:
    await console.login("anna")
    socket = await console.client.ws_connect("/console/ws")
    hello = await socket.receive_json(timeout=2)
    assert hello["type"] == "hello" and hello["username"] == "anna"
    assert console.hub.listeners(CONSOLE) == 1
    event = {"type": "handoff_queued", "handoff": {"id": 7, "summary": "<b>hi</b>"}}
    assert await console.hub.publish(CONSOLE, event) == 1
    assert await socket.receive_json(timeout=2) == event
    await socket.send_json({"type": "active"})
    await socket.close()
    await until(lambda: console.hub.listeners(CONSOLE) == 0)


async def test_logging_out_closes_the_socket(console: Console) -> None:
    console.client.server.app[CONSOLE_CONFIG] = ConsoleConfig(socket_check_seconds=0.05)
    token = await console.login("anna")
    socket = await console.client.ws_connect("/console/ws")
    await socket.receive_json(timeout=2)
    await console.client.post("/console/api/logout", headers={"X-CSRF-Token": token})
    message = await socket.receive(timeout=2)
    assert message.type == WSMsgType.CLOSE and message.data == SESSION_ENDED
    await until(lambda: console.hub.listeners(CONSOLE) == 0)
