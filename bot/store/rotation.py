"""Key rotation: encrypt every stored value again with the first key of the ring.

Put a new key first in ``TURVA_DATA_KEY`` (keep the old ones after it), run
``python -m bot rotate-key``, then drop the old keys. Values already under the first key are
left alone, so an interrupted rotation can simply be run again.
"""

from __future__ import annotations

from sqlalchemy import column, select, table, update

from bot.store import Store
from bot.store.audit import SYSTEM, log_event
from bot.store.crypto import EncryptedText
from bot.store.models import Base

BATCH = 500


def encrypted_columns() -> dict[str, list[str]]:
    """Every table with encrypted columns, and those columns."""
    found: dict[str, list[str]] = {}
    for model_table in Base.metadata.sorted_tables:
        names = [c.name for c in model_table.columns if isinstance(c.type, EncryptedText)]
        if names:
            found[model_table.name] = names
    return found


def rotate_keys(store: Store) -> dict[str, int]:
    """Re-encrypt every value (and the outbox) with the first key; how many were rewritten."""
    counts: dict[str, int] = {}
    for table_name, names in encrypted_columns().items():
        # Untyped columns: the raw ciphertext, not the decrypted text.
        raw = table(table_name, column("id"), *(column(name) for name in names))
        rewritten = 0
        last_id = None
        while True:
            with store.transaction() as session:
                query = select(raw).order_by(raw.c.id).limit(BATCH)
                if last_id is not None:
                    query = query.where(raw.c.id > last_id)
                rows = session.execute(query).all()
                for row in rows:
                    changes = {
                        name: store.keys.rotate(getattr(row, name))
                        for name in names
                        if getattr(row, name) is not None
                        and not store.keys.encrypted_with_primary(getattr(row, name))
                    }
                    if changes:
                        session.execute(update(raw).where(raw.c.id == row.id).values(changes))
                        rewritten += 1
            if len(rows) < BATCH:
                break
            last_id = rows[-1].id
        counts[table_name] = rewritten
    counts["outbox"] = store.outbox.rotate()
    with store.transaction() as session:
        log_event(session, SYSTEM, "keys.rotated", "store")
    return counts
