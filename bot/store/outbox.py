"""A local, encrypted, file-per-item outbox for writes the database could not take.

Each item is written to a temporary file, fsynced, renamed into place and the directory fsynced,
so a crash leaves either the whole item or none of it. Items are named by their idempotency
hash: queueing the same submission twice keeps one item.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.store.crypto import DataKeyError, DataKeys

logger = logging.getLogger(__name__)

SUFFIX = ".item"
_NAME = re.compile(r"^[0-9a-f]{16,128}$")


class Outbox:
    """Items waiting for the database, encrypted with the data key."""

    def __init__(self, directory: Path, keys: DataKeys) -> None:
        self.directory = directory
        self._keys = keys

    def put(self, name: str, item: dict[str, Any]) -> Path:
        """Store ``item`` durably under ``name`` (a hex digest), replacing an older copy."""
        if not _NAME.match(name):
            raise ValueError("an outbox item is named by a hex digest")
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self.directory / f"{name}{SUFFIX}"
        temporary = self.directory / f".{name}.{secrets.token_hex(4)}.tmp"
        data = self._keys.encrypt_bytes(json.dumps(item, sort_keys=True).encode("utf-8"))
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        self._sync_directory()
        return path

    def items(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """``(name, item)`` for every item, oldest first; items no key opens are skipped."""
        for path in self._paths():
            try:
                item = json.loads(self._keys.decrypt_bytes(path.read_bytes()))
            except FileNotFoundError:
                continue  # taken by another process meanwhile
            except (DataKeyError, ValueError):
                logger.error("outbox item %s cannot be read; it is left in place", path.name)
                continue
            yield path.name[: -len(SUFFIX)], item

    def get(self, name: str) -> dict[str, Any] | None:
        """The item stored under ``name``, if there is one."""
        path = self.directory / f"{name}{SUFFIX}"
        try:
            return json.loads(self._keys.decrypt_bytes(path.read_bytes()))
        except FileNotFoundError:
            return None

    def remove(self, name: str) -> None:
        """Forget an item once the database holds it."""
        (self.directory / f"{name}{SUFFIX}").unlink(missing_ok=True)
        self._sync_directory()

    def rotate(self) -> int:
        """Encrypt every item again with the first key; returns how many were rewritten."""
        count = 0
        for name, item in list(self.items()):
            self.put(name, item)
            count += 1
        return count

    def __len__(self) -> int:
        return len(self._paths())

    def _paths(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        found = []
        for path in self.directory.iterdir():
            if not path.name.endswith(SUFFIX):
                continue
            try:
                found.append((path.stat().st_mtime_ns, path.name, path))
            except FileNotFoundError:
                continue  # removed meanwhile
        return [path for _, _, path in sorted(found)]

    def _sync_directory(self) -> None:
        descriptor = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
