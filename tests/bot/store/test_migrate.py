"""``migrate`` brings an empty database to the newest schema; a second run changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, inspect

from bot import referrals
from bot.__main__ import main
from bot.settings import Settings
from bot.store import open_store
from bot.store.crypto import DataKeys
from bot.store.database import create_engine_for
from bot.store.migrate import current, downgrade, head, upgrade
from bot.store.models import Base
from tests.bot.store.helpers import consent, postgres_database, sample_form

pytest_plugins = ["tests.bot.store.fixtures"]

TABLES = {
    "audit_events",
    "caseworkers",
    "consents",
    "conversations",
    "handoff_messages",
    "handoffs",
    "notes",
    "referral_additions",
    "referrals",
}


@pytest.fixture
def empty_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path):
    """A database with nothing in it, not even a schema."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'var' / 'empty.db'}"
        return
    with postgres_database(request.getfixturevalue("postgres_admin")) as url:
        yield url


def test_migrate_creates_the_schema_and_a_second_run_is_a_no_op(
    empty_url: str, data_keys: DataKeys
) -> None:
    engine = create_engine_for(empty_url, data_keys)
    assert current(engine) is None

    upgrade(engine)
    assert current(engine) == head()
    assert set(inspect(engine).get_table_names()) >= TABLES

    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    upgrade(engine)
    changes = [s for s in statements if s.split()[0].upper() in ("CREATE", "ALTER", "DROP")]
    assert changes == []
    assert current(engine) == head()
    engine.dispose()


def test_the_migrations_match_the_models(empty_url: str, data_keys: DataKeys) -> None:
    engine = create_engine_for(empty_url, data_keys)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def test_downgrade_to_empty_and_up_again(empty_url: str, data_keys: DataKeys) -> None:
    engine = create_engine_for(empty_url, data_keys)
    upgrade(engine)
    downgrade(engine, "base")
    assert current(engine) is None
    assert not TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert current(engine) == head()
    engine.dispose()


def test_the_migrate_command(
    empty_url: str, data_key: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("TURVA_DATABASE_URL", empty_url)
    monkeypatch.setenv("TURVA_DATA_KEY", data_key)
    monkeypatch.setenv("TURVA_VAR_DIR", str(tmp_path))

    assert main(["migrate"]) == 0
    assert main(["migrate"]) == 0

    assert capsys.readouterr().out.splitlines() == [f"database at revision {head()}"] * 2


def test_the_default_database_is_a_sqlite_file_under_var(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("TURVA_DATABASE_URL", raising=False)
    monkeypatch.delenv("TURVA_DATA_KEY", raising=False)
    monkeypatch.setenv("TURVA_VAR_DIR", str(tmp_path / "var"))

    assert main(["migrate"]) == 0

    assert (tmp_path / "var" / "turva.db").is_file()
    assert (tmp_path / "var" / "data.key").is_file()


def test_migrate_writes_what_waited_for_the_schema(
    empty_url: str, data_key: str, tmp_path: Path, monkeypatch, capsys
) -> None:
    for name, value in (
        ("TURVA_DATABASE_URL", empty_url),
        ("TURVA_DATA_KEY", data_key),
        ("TURVA_VAR_DIR", str(tmp_path)),
    ):
        monkeypatch.setenv(name, value)
    store = open_store(Settings.from_env())
    queued = referrals.record(
        store,
        sample_form(),
        conversation_id="c",
        submission_id="s",
        channel="webchat",
        consent=consent(),
    )
    assert not queued.saved

    assert main(["migrate"]) == 0

    assert "written from the outbox: 1, still waiting: 0" in capsys.readouterr().out
    assert referrals.find(store, queued.reference_code) is not None
    store.close()
