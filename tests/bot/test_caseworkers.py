"""Console accounts: argon2id, password rules, lockout, and ``python -m bot users``."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from argon2 import PasswordHasher

from bot import caseworkers
from bot.__main__ import main
from bot.caseworkers import (
    LOCK_DURATION,
    MAX_FAILED_ATTEMPTS,
    AccountError,
    UnknownAccountError,
    UsernameTakenError,
    WeakPasswordError,
)
from bot.store import Store, open_store
from bot.store.base import utcnow
from bot.store.migrate import upgrade
from bot.store.vocabulary import Role

pytest_plugins = ["tests.bot.store.fixtures"]

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        caseworkers, "hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


def test_passwords_are_stored_as_argon2id(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(caseworkers, "hasher", PasswordHasher())  # the real parameters
    account = caseworkers.create(store, "Anna", Role.SUPERVISOR, PASSWORD)
    assert account.username == "anna" and account.role is Role.SUPERVISOR
    from bot.store.models import Caseworker

    with store.session() as session:
        stored = session.get(Caseworker, account.id).password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert caseworkers.authenticate(store, " ANNA ", PASSWORD) == caseworkers.by_id(
        store, account.id
    )


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("", "empty"),
        ("            ", "empty"),
        ("short pass", "too short"),
        ("aaaaaaaaaaaaaaaa", "different characters"),
        ("password1234", "commonly used"),
        ("xx-anna-is-great", "username"),
        ("x" * 300 + "abcdef", "too long"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, reason: str) -> None:
    with pytest.raises(WeakPasswordError, match=reason):
        caseworkers.check_password(password, "anna")


@pytest.mark.parametrize("username", ["", "a", "has space", "<b>", "x" * 65, "-dash"])
def test_bad_usernames_are_refused(username: str) -> None:
    with pytest.raises(AccountError, match="username"):
        caseworkers.check_username(username)


def test_names_are_unique_and_roles_known(store: Store) -> None:
    caseworkers.create(store, "anna", Role.CASEWORKER, PASSWORD)
    with pytest.raises(UsernameTakenError):
        caseworkers.create(store, "ANNA", Role.ADMIN, PASSWORD)
    with pytest.raises(AccountError, match="unknown role"):
        caseworkers.create(store, "ben", "boss", PASSWORD)


def test_five_wrong_passwords_lock_for_fifteen_minutes(store: Store) -> None:
    caseworkers.create(store, "anna", Role.CASEWORKER, PASSWORD)
    now = utcnow()
    for attempt in range(MAX_FAILED_ATTEMPTS - 1):
        assert caseworkers.authenticate(store, "anna", f"wrong {attempt}", now=now) is None
    assert caseworkers.authenticate(store, "anna", PASSWORD, now=now) is not None  # resets
    for attempt in range(MAX_FAILED_ATTEMPTS):
        assert caseworkers.authenticate(store, "anna", f"wrong {attempt}", now=now) is None
    account = caseworkers.by_username(store, "anna")
    assert account.locked(now) and account.locked_until == now + LOCK_DURATION
    later = now + LOCK_DURATION - timedelta(seconds=1)
    assert caseworkers.authenticate(store, "anna", PASSWORD, now=later) is None
    after = now + LOCK_DURATION + timedelta(seconds=1)
    assert caseworkers.authenticate(store, "anna", PASSWORD, now=after) is not None
    assert not caseworkers.by_username(store, "anna").locked(after)


def test_unknown_names_and_overlong_passwords_fail(store: Store) -> None:
    caseworkers.create(store, "anna", Role.CASEWORKER, PASSWORD)
    assert caseworkers.authenticate(store, "nobody", PASSWORD) is None
    assert caseworkers.authenticate(store, "anna", PASSWORD + "x" * 1000) is None


def test_unlock_set_password_and_remove(store: Store) -> None:
    caseworkers.create(store, "anna", Role.CASEWORKER, PASSWORD)
    for _ in range(MAX_FAILED_ATTEMPTS):
        caseworkers.authenticate(store, "anna", "wrong password")
    assert caseworkers.by_username(store, "anna").locked()
    assert not caseworkers.unlock(store, "anna").locked()
    caseworkers.set_password(store, "anna", "a brand new passphrase")
    assert caseworkers.authenticate(store, "anna", PASSWORD) is None
    assert caseworkers.authenticate(store, "anna", "a brand new passphrase") is not None
    caseworkers.remove(store, "anna")
    assert caseworkers.listing(store) == []
    with pytest.raises(UnknownAccountError):
        caseworkers.unlock(store, "anna")


def test_the_first_admin_is_made_once(store: Store) -> None:
    made = caseworkers.first_admin(store)
    assert made is not None
    username, password = made
    assert caseworkers.authenticate(store, username, password).role is Role.ADMIN
    assert caseworkers.first_admin(store) is None


@pytest.fixture
def migrated_env(tmp_path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TURVA_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("TURVA_DATABASE_URL", raising=False)
    monkeypatch.delenv("TURVA_DATA_KEY", raising=False)
    from bot.settings import Settings

    store = open_store(Settings.from_env())
    upgrade(store.engine)
    yield store
    store.close()


def run_cli(monkeypatch: pytest.MonkeyPatch, stdin: str, *argv: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(list(argv))


def test_cli_adds_a_user_with_the_password_from_stdin(
    migrated_env: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    status = run_cli(
        monkeypatch, PASSWORD + "\n", "users", "add", "ada", "--role", "admin", "--password-stdin"
    )
    assert status == 0
    assert "created admin ada" in capsys.readouterr().out
    assert caseworkers.authenticate(migrated_env, "ada", PASSWORD).role is Role.ADMIN
    assert run_cli(monkeypatch, "", "users", "list") == 0
    assert "ada\tadmin" in capsys.readouterr().out


@pytest.mark.parametrize(("stdin", "message"), [("\n", "empty"), ("tiny\n", "too short")])
def test_cli_refuses_a_weak_password_clearly(
    migrated_env: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    stdin: str,
    message: str,
) -> None:
    status = run_cli(monkeypatch, stdin, "users", "add", "ada", "--password-stdin")
    assert status == 1
    assert message in capsys.readouterr().err
    assert caseworkers.listing(migrated_env) == []


def test_cli_refuses_a_taken_name(
    migrated_env: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    caseworkers.create(migrated_env, "ada", Role.ADMIN, PASSWORD)
    status = run_cli(monkeypatch, PASSWORD + "\n", "users", "add", "ada", "--password-stdin")
    assert status == 1
    assert "exists already" in capsys.readouterr().err


def test_cli_role_must_be_known(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit):
        run_cli(monkeypatch, PASSWORD, "users", "add", "ada", "--role", "boss")
