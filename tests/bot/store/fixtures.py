"""Databases for store tests: every test that asks for ``store`` runs on SQLite and PostgreSQL.

PostgreSQL: one uniquely named database per test session on 127.0.0.1:5432 (user postgres),
migrated once, emptied before each test, dropped at the end. Use it from a test module with
``pytest_plugins = ["tests.bot.store.fixtures"]``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from bot.settings import Settings
from bot.store import Store
from bot.store.crypto import DataKeys
from bot.store.database import create_engine_for
from bot.store.migrate import upgrade
from bot.store.models import Base
from tests.bot.store.helpers import POSTGRES_ADMIN_URL, postgres_database

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def data_key() -> str:
    """A fresh data key for the session, as ``TURVA_DATA_KEY`` would hold it."""
    return Fernet.generate_key().decode("ascii")


@pytest.fixture(scope="session")
def data_keys(data_key: str) -> DataKeys:
    return DataKeys.parse(data_key)


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """An autocommit engine on the server's ``postgres`` database, to create and drop others."""
    engine = create_engine(POSTGRES_ADMIN_URL, future=True, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect():
            pass
    except OperationalError as error:
        engine.dispose()
        message = f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_template(postgres_admin: Engine, data_keys: DataKeys) -> Iterator[str]:
    """The session's PostgreSQL database, migrated to head."""
    with postgres_database(postgres_admin) as url:
        engine = create_engine_for(url, data_keys)
        upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory, data_keys: DataKeys) -> Path:
    """A SQLite file migrated to head, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "turva.db"
    engine = create_engine_for(f"sqlite:///{path}", data_keys)
    upgrade(engine)
    engine.dispose()
    return path


def _empty_postgres(url: str, data_keys: DataKeys) -> None:
    engine = create_engine_for(url, data_keys)
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, data_keys: DataKeys
) -> str:
    """An empty database at the newest schema, on ``backend``."""
    if backend == "sqlite":
        path = tmp_path / "turva.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_template")
    _empty_postgres(url, data_keys)
    return url


@pytest.fixture
def store(database_url: str, data_keys: DataKeys, tmp_path: Path) -> Iterator[Store]:
    store = Store(create_engine_for(database_url, data_keys), data_keys, tmp_path / "outbox")
    yield store
    store.close()


@pytest.fixture
def settings(database_url: str, data_key: str, tmp_path: Path) -> Settings:
    """Settings pointing at the test database, with the session's data key."""
    return Settings(var_dir=tmp_path, database_url=database_url, data_key=data_key)
