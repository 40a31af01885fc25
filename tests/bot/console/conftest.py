"""A gateway with the console, a migrated SQLite store and one account of each role."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient
from argon2 import PasswordHasher

from bot import caseworkers, handoffs
from bot.gateway.app import create_app
from bot.gateway.hub import Hub
from bot.gateway.keys import HUB, STORE
from bot.handoffs import HandoffView
from bot.settings import Settings
from bot.store import Store, open_store
from bot.store.database import DATABASE_FILE_NAME
from bot.store.migrate import upgrade
from bot.store.vocabulary import Role
from tests.bot.conftest import rasa_stand_in

PASSWORD = "correct horse battery staple"
ACCOUNTS = {
    "anna": Role.CASEWORKER,
    "ben": Role.CASEWORKER,
    "sue": Role.SUPERVISOR,
    "ada": Role.ADMIN,
}
_conversations = itertools.count(1)


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id with small costs: the same code path, a fraction of the time."""
    monkeypatch.setattr(
        caseworkers, "hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@dataclass
class Console:
    """The running gateway, its store and hub, and a way to log more clients in."""

    client: TestClient
    store: Store
    hub: Hub
    new_client: Callable[[], Awaitable[TestClient]]

    async def login(self, username: str, client: TestClient | None = None) -> str:
        """Log ``client`` (the default one if None) in; returns its CSRF token."""
        client = client or self.client
        response = await client.post(
            "/console/api/login", json={"username": username, "password": PASSWORD}
        )
        assert response.status == 200, await response.text()
        return (await response.json())["csrf_token"]

    async def logged_in(self, username: str) -> tuple[TestClient, dict[str, str]]:
        """A new client logged in as ``username`` and the headers its writes need."""
        client = await self.new_client()
        token = await self.login(username, client)
        return client, {"X-CSRF-Token": token}

    def queue(self, urgent: bool = False, summary: str | None = "needs help") -> HandoffView:
        """A new waiting handoff of a new conversation."""
        view, _ = handoffs.queue(
            self.store,
            f"conversation-{next(_conversations)}",
            channel="web",
            language="fi",
            urgent=urgent,
            summary=summary,
        )
        return view


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at the newest schema, copied for each test."""
    var_dir = tmp_path_factory.mktemp("migrated")
    store = open_store(Settings(var_dir=var_dir))
    upgrade(store.engine)
    store.close()
    return var_dir / DATABASE_FILE_NAME


@pytest.fixture
async def console(
    aiohttp_client, aiohttp_server, tmp_path: Path, migrated_database: Path
) -> Console:
    rasa = await aiohttp_server(rasa_stand_in())
    url = str(rasa.make_url("")).rstrip("/")
    settings = Settings(var_dir=tmp_path, rasa_url=url, actions_url=url, rasa_token="secret")
    shutil.copyfile(migrated_database, tmp_path / DATABASE_FILE_NAME)
    store = open_store(settings)
    for username, role in ACCOUNTS.items():
        caseworkers.create(store, username, role, PASSWORD)
    store.close()
    client = await aiohttp_client(create_app(settings, ranker=lambda text: []))

    async def new_client() -> TestClient:
        return await aiohttp_client(client.server)

    app = client.server.app
    return Console(client=client, store=app[STORE], hub=app[HUB], new_client=new_client)
