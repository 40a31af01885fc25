"""Live events between people's channels and caseworkers' consoles, within one gateway.

Topics: ``console`` (the queue changed, a person wrote) and ``conversation:<id>`` (a
caseworker wrote, claimed or closed). Subscribers get an ``asyncio.Queue`` of event dicts.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

CONSOLE = "console"


def conversation_topic(conversation_id: str) -> str:
    """The topic a person's channel listens on."""
    return f"conversation:{conversation_id}"


class Hub:
    """Fan events out to every subscriber of a topic."""

    def __init__(self) -> None:
        self._subscribers: dict[str, set[asyncio.Queue]] = defaultdict(set)

    def subscribe(self, topic: str) -> asyncio.Queue:
        """Start receiving the topic's events."""
        queue: asyncio.Queue = asyncio.Queue()
        self._subscribers[topic].add(queue)
        return queue

    def unsubscribe(self, topic: str, queue: asyncio.Queue) -> None:
        """Stop receiving them."""
        self._subscribers[topic].discard(queue)
        if not self._subscribers[topic]:
            del self._subscribers[topic]

    def listeners(self, topic: str) -> int:
        """How many subscribers a topic has (consoles online, sockets of a conversation)."""
        return len(self._subscribers.get(topic, ()))

    async def publish(self, topic: str, event: dict[str, Any]) -> int:
        """Deliver ``event`` to the topic's subscribers; returns how many got it."""
        queues = list(self._subscribers.get(topic, ()))
        for queue in queues:
            queue.put_nowait(event)
        return len(queues)
