"""Engines and sessions, made by functions: nothing connects at import."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.settings import Settings
from bot.store.crypto import DataKeys, bind_keys, load_keys
from bot.store.outbox import Outbox

DATABASE_FILE_NAME = "turva.db"
OUTBOX_DIR_NAME = "outbox"


def database_url(settings: Settings) -> str:
    """``TURVA_DATABASE_URL``, or the embedded SQLite file under the var directory."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{settings.var_dir / DATABASE_FILE_NAME}"


def create_engine_for(url: str, keys: DataKeys) -> Engine:
    """An engine for ``url`` whose encrypted columns use ``keys``."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, future=True)
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, future=True, pool_pre_ping=True)
    bind_keys(engine, keys)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # SQLite leaves foreign keys (and so ON DELETE CASCADE) off unless asked, per connection.
    cursor.execute("PRAGMA foreign_keys=ON")
    # Write-ahead logging: the gateway and the action server read while the other writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@dataclass
class Store:
    """The database, the key ring that encrypts it, and the outbox for when it is away."""

    engine: Engine
    keys: DataKeys
    outbox_dir: Path
    _sessions: sessionmaker = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(bind=self.engine, future=True, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed at the end, or rolled back on an error."""
        with self._sessions.begin() as session:
            yield session

    def session(self) -> Session:
        """A plain session, for reading."""
        return self._sessions()

    @property
    def outbox(self) -> Outbox:
        """Writes waiting for the database to come back."""
        return Outbox(self.outbox_dir, self.keys)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def open_store(settings: Settings, keys: DataKeys | None = None) -> Store:
    """The store the settings describe (the key ring is loaded or created if not given)."""
    keys = keys or load_keys(settings.data_key, settings.var_dir)
    return Store(
        engine=create_engine_for(database_url(settings), keys),
        keys=keys,
        outbox_dir=settings.var_dir / OUTBOX_DIR_NAME,
    )
