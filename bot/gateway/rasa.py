"""A small client for the Rasa server: the REST channel and the status endpoint."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import aiohttp


class RasaUnavailableError(Exception):
    """Rasa did not answer, or answered with an error."""


@dataclass(frozen=True)
class BotMessage:
    """One message the assistant sends: text and optional buttons."""

    text: str
    buttons: list[dict[str, str]] = field(default_factory=list)


class RasaClient:
    """Talks to Rasa over HTTP with a shared client session."""

    def __init__(
        self, session: aiohttp.ClientSession, base_url: str, token: str, timeout: float
    ) -> None:
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._token = token
        self._timeout = aiohttp.ClientTimeout(total=timeout)

    async def send(self, sender: str, text: str, metadata: dict[str, Any]) -> list[BotMessage]:
        """Pass a message to the REST channel and return the assistant's answers."""
        body = {"sender": sender, "message": text, "metadata": metadata}
        try:
            async with self._session.post(
                f"{self._base_url}/webhooks/rest/webhook", json=body, timeout=self._timeout
            ) as response:
                if response.status != 200:
                    raise RasaUnavailableError(f"Rasa answered HTTP {response.status}")
                answers = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailableError(type(error).__name__) from error
        return [
            BotMessage(text=str(answer["text"]), buttons=list(answer.get("buttons") or []))
            for answer in answers
            if isinstance(answer, dict) and answer.get("text")
        ]

    async def intent(self, text: str) -> str | None:
        """The intent Rasa's NLU reads in ``text`` (the conversation itself is not touched)."""
        try:
            async with self._session.post(
                f"{self._base_url}/model/parse",
                params={"token": self._token},
                json={"text": text},
                timeout=self._timeout,
            ) as response:
                if response.status != 200:
                    raise RasaUnavailableError(f"Rasa answered HTTP {response.status}")
                parsed = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailableError(type(error).__name__) from error
        return (parsed.get("intent") or {}).get("name")

    async def resume(self, sender: str) -> None:
        """Let the assistant answer a conversation it paused for a caseworker."""
        try:
            async with self._session.post(
                f"{self._base_url}/conversations/{sender}/tracker/events",
                params={"token": self._token},
                # Resumed and listening, as if the pause had ended a turn: rules match again.
                json=[{"event": "resume"}, {"event": "action", "name": "action_listen"}],
                timeout=self._timeout,
            ) as response:
                if response.status != 200:
                    raise RasaUnavailableError(f"Rasa answered HTTP {response.status}")
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise RasaUnavailableError(type(error).__name__) from error

    async def model_loaded(self) -> bool:
        """True when Rasa answers its status endpoint with a loaded model."""
        try:
            async with self._session.get(
                f"{self._base_url}/status",
                params={"token": self._token},
                timeout=aiohttp.ClientTimeout(total=5),
            ) as response:
                if response.status != 200:
                    return False
                status = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            return False
        return bool(status.get("model_id") or status.get("model_file"))
