"""Rasa's tracker store for Turva: in memory only, forgetting on request and when idle.

Rasa's tracker holds every message the person typed. Kept only in memory it never reaches a
disk in clear; a restart (``action_delete_conversation``, "delete what I wrote") drops all
that came before it; and a conversation idle for ``TURVA_TRACKER_IDLE_HOURS`` is dropped.
Several Rasa replicas would need a shared, encrypted store instead (see docs/decisions.md).
"""

from __future__ import annotations

import os
import time
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Restarted
from rasa.shared.core.trackers import DialogueStateTracker

SWEEP_EVERY_SECONDS = 300


def _idle_hours() -> float:
    return float(os.environ.get("TURVA_TRACKER_IDLE_HOURS", "24"))


class ForgetfulTrackerStore(InMemoryTrackerStore):
    """An in-memory tracker store that forgets what was deleted and what went quiet."""

    def __init__(self, domain: Domain, event_broker: Any = None, **kwargs: Any) -> None:
        kwargs.pop("host", None)
        super().__init__(domain, event_broker, **kwargs)
        self.idle_seconds = _idle_hours() * 3600
        self._last_seen: dict[str, float] = {}
        self._next_sweep = time.monotonic() + SWEEP_EVERY_SECONDS

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Keep only the events since the last restart, and sweep idle conversations."""
        events = list(tracker.events)
        restarts = [index for index, event in enumerate(events) if isinstance(event, Restarted)]
        if restarts and restarts[-1] > 0:
            tracker = DialogueStateTracker.from_events(
                tracker.sender_id, events[restarts[-1] :], slots=self.domain.slots
            )
        await super().save(tracker)
        self._last_seen[tracker.sender_id] = time.monotonic()
        if time.monotonic() >= self._next_sweep:
            self.sweep()

    def sweep(self, now: float | None = None) -> int:
        """Drop conversations idle for longer than the limit; returns how many."""
        now = time.monotonic() if now is None else now
        idle = [key for key, seen in self._last_seen.items() if now - seen > self.idle_seconds]
        for key in idle:
            self.store.pop(key, None)
            del self._last_seen[key]
        self._next_sweep = now + SWEEP_EVERY_SECONDS
        return len(idle)
