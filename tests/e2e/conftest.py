"""One stack for every end-to-end test: `python -m bot run`, as `make run` starts it.

Stopping it is checked too: after SIGINT the launcher exits 0 and no process it started lives.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import psutil
import pytest

from bot.settings import PROJECT_ROOT

READY_TIMEOUT = 240
QUIET_SECONDS = 0.8


@dataclass
class Stack:
    base: str
    var_dir: Path
    log_path: Path
    launcher: subprocess.Popen


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_ready(base: str, launcher: subprocess.Popen) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline and launcher.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=5) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(2)
    return False


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    ports = {name: free_port() for name in ("TURVA_PORT", "TURVA_RASA_PORT", "TURVA_ACTIONS_PORT")}
    var_dir = tmp_path_factory.mktemp("var")
    env = {**os.environ, **{k: str(v) for k, v in ports.items()}, "TURVA_VAR_DIR": str(var_dir)}
    env.pop("TURVA_DATABASE_URL", None)
    env.pop("TURVA_DATA_KEY", None)
    log_path = tmp_path_factory.mktemp("log") / "stack.log"
    with open(log_path, "w+b") as log:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log
        )
        base = f"http://127.0.0.1:{ports['TURVA_PORT']}"
        if not _wait_ready(base, launcher):
            launcher.kill()
            log.seek(0)
            pytest.fail(f"stack not ready in {READY_TIMEOUT} s:\n{log.read().decode()[-4000:]}")
        started = psutil.Process(launcher.pid).children(recursive=True)
        yield Stack(base=base, var_dir=var_dir, log_path=log_path, launcher=launcher)
        launcher.send_signal(signal.SIGINT)
        assert launcher.wait(timeout=60) == 0, "the launcher did not stop cleanly"
        _, alive = psutil.wait_procs(started, timeout=30)
        assert len(started) >= 3 and alive == [], f"left behind: {alive}"


class Chat:
    """A person on the web chat: sends frames, collects the replies of each turn."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse, session: dict) -> None:
        self.socket = socket
        self.session = session

    async def turn(self, frame: dict) -> list[dict]:
        await self.socket.send_json(frame)
        replies = [await self.socket.receive_json(timeout=60)]
        while True:
            try:
                replies.append(await self.socket.receive_json(timeout=QUIET_SECONDS))
            except asyncio.TimeoutError:
                return replies

    async def say(self, text: str) -> list[dict]:
        return await self.turn({"type": "message", "text": text})

    async def press(self, payload: str) -> list[dict]:
        return await self.turn({"type": "payload", "payload": payload, "title": payload})


@pytest.fixture
async def chat(stack):
    url = stack.base.replace("http", "ws", 1) + "/chat/ws"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as socket:
        yield Chat(socket, await socket.receive_json(timeout=30))
