"""Free text and contact details never reach the database, or its dump, in clear."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, text
from sqlalchemy.engine import make_url

from bot import referrals
from bot.store import Store
from bot.store.crypto import DataKeyError, DataKeys, EncryptedText, load_keys
from bot.store.models import Base, Handoff, HandoffMessage, Note, Referral
from bot.store.vocabulary import Sender
from tests.bot.store.helpers import consent, sample_form

pytest_plugins = ["tests.bot.store.fixtures"]

SECRET_PHRASES = (
    "Pihlajanmarja-Catering kept my passport",
    "ruusu.kuusikko@example.org",
    "the foreman Jarkko Tammelin shouts",
    "Handoff-summary-Lumikello",
    "Caseworker-note-Kielo",
)


def write_everything_sensitive(store: Store) -> tuple[Referral, str]:
    """One of every encrypted column, each holding a distinctive phrase."""
    result = referrals.record(
        store,
        sample_form(
            summary=SECRET_PHRASES[0], contact_method="email", contact_detail=SECRET_PHRASES[1]
        ),
        conversation_id="conv-secret",
        submission_id="s1",
        channel="webchat",
        consent=consent(),
    )
    referrals.append(store, result.reference_code, SECRET_PHRASES[2])
    with store.transaction() as session:
        handoff = Handoff(
            conversation_id="conv-secret",
            language="en",
            channel="webchat",
            summary=SECRET_PHRASES[3],
        )
        session.add(handoff)
        session.flush()
        session.add(
            HandoffMessage(handoff_id=handoff.id, sender=Sender.PERSON, text=SECRET_PHRASES[0])
        )
        session.add(Note(referral_id=result.referral_id, text=SECRET_PHRASES[4]))
        referral = session.get(Referral, result.referral_id)
    return referral, result.reference_code


def test_nothing_sensitive_is_stored_in_clear(store: Store, backend: str, tmp_path: Path) -> None:
    referral, code = write_everything_sensitive(store)
    # Read back through the store, everything is there...
    view = referrals.get(store, referral.id)
    assert view.form.summary == SECRET_PHRASES[0]
    assert view.form.contact_detail == SECRET_PHRASES[1]
    assert view.additions[0].text == SECRET_PHRASES[2]
    store.close()

    raw = raw_contents(store, tmp_path)
    # ...the raw bytes hold the rows (the non-secret idempotency hash is found)...
    assert referral.idempotency_hash.encode() in raw
    # ...and not one of the phrases, nor the reference code.
    for phrase in SECRET_PHRASES:
        assert phrase.encode("utf-8") not in raw, phrase
        assert phrase.lower().encode("utf-8") not in raw.lower(), phrase
    assert code.encode() not in raw and code.replace("-", "").encode() not in raw


def raw_contents(store: Store, tmp_path: Path) -> bytes:
    url = store.engine.url
    if url.get_backend_name() == "sqlite":
        database = Path(url.database)
        files = [p for p in database.parent.iterdir() if p.name.startswith(database.name)]
        return b"".join(p.read_bytes() for p in files)
    # PostgreSQL: every row of every table as text, and a dump if pg_dump is here.
    engine = create_engine(url, future=True)
    chunks = []
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            rows = connection.execute(text(f'SELECT t::text FROM "{table.name}" t')).scalars()
            chunks.extend(row.encode("utf-8") for row in rows)
    engine.dispose()
    if shutil.which("pg_dump"):
        chunks.append(pg_dump(url.render_as_string(hide_password=False)))
    return b"\n".join(chunks)


def pg_dump(url: str) -> bytes:
    parsed = make_url(url)
    command = [
        "pg_dump",
        "--data-only",
        "-h",
        parsed.host or "127.0.0.1",
        "-p",
        str(parsed.port or 5432),
        "-U",
        parsed.username or "postgres",
        parsed.database,
    ]
    return subprocess.run(command, check=True, capture_output=True, timeout=60).stdout


def test_the_outbox_is_encrypted_too(store: Store, tmp_path: Path) -> None:
    store.outbox.put("ab" * 16, {"summary": SECRET_PHRASES[0]})
    data = b"".join(p.read_bytes() for p in store.outbox_dir.iterdir())
    assert SECRET_PHRASES[0].encode() not in data
    assert store.outbox.get("ab" * 16) == {"summary": SECRET_PHRASES[0]}


def test_an_engine_without_keys_refuses_to_write_encrypted_columns(tmp_path: Path) -> None:
    metadata = MetaData()
    notes = Table(
        "notes", metadata, Column("id", Integer, primary_key=True), Column("t", EncryptedText)
    )
    engine = create_engine(f"sqlite:///{tmp_path / 'plain.db'}", future=True)
    metadata.create_all(engine)
    with pytest.raises(Exception, match="no data key"), engine.begin() as connection:
        connection.execute(insert(notes).values(t="clear text"))
    engine.dispose()


def test_key_ring_parsing_and_rotation() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    old_ring = DataKeys.parse(old)
    token = old_ring.encrypt("hello")

    ring = DataKeys.parse(f" {new} ,\n# a comment\n{old}\n")
    assert len(ring) == 2
    assert ring.decrypt(token) == "hello"
    assert not ring.encrypted_with_primary(token)
    rotated = ring.rotate(token)
    assert ring.encrypted_with_primary(rotated)
    assert DataKeys.parse(new).decrypt(rotated) == "hello"
    with pytest.raises(DataKeyError):
        DataKeys.parse(new).decrypt(token)


def test_bad_keys_are_refused() -> None:
    with pytest.raises(DataKeyError):
        DataKeys.parse("")
    with pytest.raises(DataKeyError):
        DataKeys.parse("not-a-key")


def test_derived_secrets_differ_by_purpose_and_key() -> None:
    ring = DataKeys.generate()
    assert ring.derive("a") == ring.derive("a")
    assert ring.derive("a") != ring.derive("b")
    assert DataKeys.generate().derive("a") != ring.derive("a")


def test_embedded_default_creates_a_private_key_file_once(tmp_path: Path) -> None:
    first = load_keys("", tmp_path / "var")
    path = tmp_path / "var" / "data.key"

    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again = load_keys("", tmp_path / "var")
    assert again.decrypt(first.encrypt("same key")) == "same key"


def test_the_environment_key_wins_over_the_file(tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    ring = load_keys(key, tmp_path)
    assert not (tmp_path / "data.key").exists()
    assert DataKeys.parse(key).decrypt(ring.encrypt("x")) == "x"
