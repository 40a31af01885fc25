"""The whole stack as `make run` starts it: Rasa, the action server and the gateway."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import aiohttp
import psutil
import pytest

from bot.language import service
from bot.settings import PROJECT_ROOT

pytestmark = pytest.mark.e2e

READY_TIMEOUT = 240


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    ports = {name: free_port() for name in ("TURVA_PORT", "TURVA_RASA_PORT", "TURVA_ACTIONS_PORT")}
    env = {**os.environ, **{k: str(v) for k, v in ports.items()}}
    env["TURVA_VAR_DIR"] = str(tmp_path_factory.mktemp("var"))
    log = open(tmp_path_factory.mktemp("log") / "stack.log", "w+b")  # noqa: SIM115
    launcher = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{ports['TURVA_PORT']}"
    deadline = time.monotonic() + READY_TIMEOUT
    ready = False
    while time.monotonic() < deadline and launcher.poll() is None:
        try:
            import urllib.request

            with urllib.request.urlopen(f"{base}/readyz", timeout=5) as response:
                ready = response.status == 200
        except OSError:
            ready = False
        if ready:
            break
        time.sleep(2)
    if not ready:
        launcher.kill()
        log.seek(0)
        pytest.fail(f"stack not ready in {READY_TIMEOUT} s:\n{log.read().decode()[-4000:]}")
    yield {"base": base, "launcher": launcher}
    if launcher.poll() is None:
        launcher.send_signal(signal.SIGINT)
        launcher.wait(timeout=60)


async def converse(base: str, texts: list[str]) -> tuple[dict, list[dict]]:
    url = base.replace("http", "ws", 1) + "/chat/ws"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
        first = await socket.receive_json(timeout=30)
        replies = []
        for text in texts:
            await socket.send_json({"type": "message", "text": text})
            replies.append(await socket.receive_json(timeout=60))
        return first, replies


async def test_hello_gets_an_english_greeting(stack):
    session, [reply] = await converse(stack["base"], ["hello"])
    assert session["type"] == "session" and session["conversation_id"]
    expected = service.catalog().response("utter_greet", "en")
    assert reply["type"] == "message" and reply["from"] == "bot"
    assert reply["text"] == expected["text"]
    assert reply["language"] == "en"


async def test_finnish_opener_gets_a_finnish_answer_that_sticks(stack):
    _, replies = await converse(stack["base"], ["hei, tarvitsen apua", "onko tämä ilmaista", "ok"])
    catalog = service.catalog()
    assert replies[0]["text"] == catalog.response("utter_greet", "fi")["text"]
    assert replies[1]["text"] == catalog.response("utter_cost", "fi")["text"]
    assert all(reply["language"] == "fi" for reply in replies)


async def test_danger_gets_112_first(stack):
    _, [reply] = await converse(stack["base"], ["I am in danger"])
    organisation = service.organisation()
    assert reply["text"].index(organisation.emergency_number) < reply["text"].index(
        organisation.helpline
    )


def test_stopping_leaves_no_process_behind(stack):
    launcher = psutil.Process(stack["launcher"].pid)
    started = launcher.children(recursive=True)
    assert len(started) >= 3
    stack["launcher"].send_signal(signal.SIGINT)
    assert stack["launcher"].wait(timeout=60) == 0
    _, alive = psutil.wait_procs(started, timeout=30)
    assert alive == []
