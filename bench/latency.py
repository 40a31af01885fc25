"""Reply time through the gateway, beside a stock Rasa model, in one run.

Starts the Turva stack (as `make run` does) and a stock Rasa server trained from `rasa init`
data, then sends N serial and N concurrent conversations to each and prints p50/p95 reply
times, the Turva/stock ratio and the resident memory of the Turva stack after its
conversations (launcher, Rasa, action server, gateway). Usage: .venv/bin/python
bench/latency.py [--n 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = ["hello", "what is this", "is it free", "thanks"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"process ended before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()


async def turva_conversation(base: str, timings: list[float]) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(f"{base}/chat/ws") as ws:
        await ws.receive_json()
        for text in MESSAGES:
            started = time.perf_counter()
            await ws.send_json({"type": "message", "text": text})
            await ws.receive_json(timeout=120)
            timings.append(time.perf_counter() - started)


async def rasa_conversation(base: str, timings: list[float]) -> None:
    sender = os.urandom(8).hex()
    async with aiohttp.ClientSession() as session:
        for text in MESSAGES:
            started = time.perf_counter()
            body = {"sender": sender, "message": text}
            async with session.post(f"{base}/webhooks/rest/webhook", json=body) as response:
                await response.json()
            timings.append(time.perf_counter() - started)


Conversation = Callable[[str, list[float]], Awaitable[None]]


async def measure(base: str, conversation: Conversation, n: int) -> dict[str, list[float]]:
    serial: list[float] = []
    for _ in range(n):
        await conversation(base, serial)
    concurrent: list[float] = []
    await asyncio.gather(*(conversation(base, concurrent) for _ in range(n)))
    return {"serial": serial, "concurrent": concurrent}


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1]


def start_turva(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    ports = {name: free_port() for name in ("TURVA_PORT", "TURVA_RASA_PORT", "TURVA_ACTIONS_PORT")}
    env = {**env, **{name: str(port) for name, port in ports.items()}}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{ports['TURVA_PORT']}"
    wait_for(f"{base}/readyz", process)
    return process, base


def start_stock_rasa(workdir: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    rasa = [sys.executable, "-m", "rasa"]
    init = subprocess.run(
        [*rasa, "init", "--no-prompt", "--init-dir", str(workdir)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
    )
    if init.returncode != 0:
        raise SystemExit(f"rasa init failed:\n{init.stdout[-2000:]}\n{init.stderr[-2000:]}")
    port = free_port()
    process = subprocess.Popen(
        [*rasa, "run", "--interface", "127.0.0.1", "--port", str(port), "--model", "models"],
        cwd=workdir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/", process)
    return process, base


def stack_memory(process: subprocess.Popen) -> dict[str, float]:
    """Resident memory in MB of the launcher and each process it started, by command."""
    launcher = psutil.Process(process.pid)
    figures = {}
    for member in [launcher, *launcher.children(recursive=True)]:
        command = " ".join(member.cmdline()[1:4])
        figures[command] = figures.get(command, 0.0) + member.memory_info().rss / 2**20
    return figures


def report(name: str, results: dict[str, list[float]]) -> dict[str, float]:
    figures = {}
    for mode, values in results.items():
        p50, p95 = statistics.median(values) * 1000, percentile(values, 0.95) * 1000
        figures[mode] = p50
        print(
            f"{name:<22}{mode:<12}{len(values):>6} replies   p50 {p50:7.1f} ms   p95 {p95:7.1f} ms"
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=30, help="conversations per mode")
    args = parser.parse_args()
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}

    turva, base = start_turva(env)
    try:
        turva_results = asyncio.run(measure(base, turva_conversation, args.n))
        memory = stack_memory(turva)
    finally:
        stop(turva)
    with tempfile.TemporaryDirectory() as tmp:
        stock, stock_base = start_stock_rasa(Path(tmp), env)
        try:
            stock_results = asyncio.run(measure(stock_base, rasa_conversation, args.n))
        finally:
            stop(stock)

    print(f"{len(MESSAGES)} messages per conversation, {args.n} conversations per mode")
    ours = report("turva (via gateway)", turva_results)
    theirs = report("stock rasa init (REST)", stock_results)
    for mode in ours:
        print(f"p50 ratio turva/stock, {mode}: {ours[mode] / theirs[mode]:.2f}")
    for command, mb in sorted(memory.items(), key=lambda item: -item[1]):
        print(f"RSS {mb:7.0f} MB  {command}")
    print(f"RSS {sum(memory.values()):7.0f} MB  whole Turva stack")


if __name__ == "__main__":
    main()
