"""Run Rasa, the action server and the gateway together, and stop all three together.

Each runs in its own process group, so a stop reaches every process it started; SIGINT or
SIGTERM to the launcher stops all of them, and so does any one of them ending.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from bot.settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 20
# Rasa logs the text of every message at DEBUG level; what people write must not reach a log.
LOWEST_RASA_LOG_LEVEL = logging.INFO


@dataclass
class Child:
    """A started process and the name it is reported by."""

    name: str
    process: subprocess.Popen


def child_environment(settings: Settings) -> dict[str, str]:
    """The environment every process gets: shared token, URLs, no telemetry."""
    env = dict(os.environ)
    env.setdefault("TURVA_RASA_TOKEN", settings.rasa_token or secrets.token_urlsafe(24))
    env.setdefault("TURVA_INTERNAL_TOKEN", settings.internal_token or secrets.token_urlsafe(24))
    env["TURVA_ACTIONS_URL"] = settings.actions_url
    env["TURVA_RASA_URL"] = settings.rasa_url
    env["TURVA_GATEWAY_URL"] = settings.gateway_url
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env["SANIC_HOST"] = settings.host
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    env["LOG_LEVEL"] = rasa_log_level(env.get("LOG_LEVEL", "INFO"))
    return env


def rasa_log_level(requested: str) -> str:
    """The requested level for Rasa's log, raised to INFO when it would log message texts."""
    level = logging.getLevelName(requested.upper())
    if isinstance(level, int) and level >= LOWEST_RASA_LOG_LEVEL:
        return logging.getLevelName(level)
    logger.warning(
        "LOG_LEVEL=%r is unknown or would write what people type into Rasa's log; using INFO",
        requested,
    )
    return logging.getLevelName(LOWEST_RASA_LOG_LEVEL)


def commands(settings: Settings, env: dict[str, str]) -> dict[str, list[str]]:
    """The command line of each process."""
    python = sys.executable
    return {
        "rasa": [
            python,
            "-m",
            "rasa",
            "run",
            "--interface",
            settings.host,
            "--port",
            str(settings.rasa_port),
            "--enable-api",
            "--auth-token",
            env["TURVA_RASA_TOKEN"],
            "--model",
            str(PROJECT_ROOT / "models"),
            "--endpoints",
            str(PROJECT_ROOT / "endpoints.yml"),
            "--credentials",
            str(PROJECT_ROOT / "credentials.yml"),
        ],
        "actions": [
            python,
            "-m",
            "rasa_sdk",
            "--actions",
            "actions",
            "--port",
            str(settings.actions_port),
        ],
        "gateway": [python, "-m", "bot", "gateway"],
    }


def _signal_group(child: Child, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(child.process.pid, signum)


def _stop(children: list[Child]) -> None:
    """SIGTERM every group, wait for a grace period, then SIGKILL whatever is left."""
    for child in children:
        if child.process.poll() is None:
            _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children:
        try:
            child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("%s did not stop in time; killing it", child.name)
        _signal_group(child, signal.SIGKILL)


def prepare_database(settings: Settings) -> None:
    """Migrate, write referrals that waited in the outbox, and make the first admin account."""
    from bot.caseworkers import first_admin
    from bot.referrals import flush_outbox
    from bot.store import open_store
    from bot.store.migrate import upgrade

    store = open_store(settings)
    try:
        upgrade(store.engine)
        written = flush_outbox(store)
        if written:
            logger.info("%d queued referral(s) written to the database", written)
        admin = first_admin(store)
    finally:
        store.close()
    if admin:
        print(
            f"First console account (shown only now): user {admin[0]!r}, password {admin[1]!r}\n"
            f"Sign in at http://{settings.host}:{settings.port}/console and change it.",
            flush=True,
        )


def run_all(settings: Settings) -> int:
    """Migrate, start the three processes and wait; returns the exit status for the shell."""
    prepare_database(settings)
    env = child_environment(settings)
    children: list[Child] = []
    stopping = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        for name, argv in commands(settings, env).items():
            process = subprocess.Popen(argv, cwd=PROJECT_ROOT, env=env, start_new_session=True)
            children.append(Child(name, process))
        logger.info(
            "Turva is starting: web chat at http://%s:%s/ (ready when /readyz answers 200)",
            settings.host,
            settings.port,
        )
        while not stopping:
            ended = [child for child in children if child.process.poll() is not None]
            if ended:
                logger.error(
                    "%s stopped (exit %s); stopping the others",
                    ended[0].name,
                    ended[0].process.returncode,
                )
                return 1
            time.sleep(0.5)
        return 0
    finally:
        _stop(children)
