"""Persistence: the database, encryption at rest, migrations and the local outbox."""

from bot.store.database import Store, database_url, open_store

__all__ = ["Store", "database_url", "open_store"]
