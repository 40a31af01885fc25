"""Logging in and out, lockout, CSRF, roles, cookies and security headers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.console.auth import COOKIE
from bot.console.config import ConsoleConfig
from bot.console.keys import CONSOLE_CONFIG, SESSIONS
from bot.console.sessions import SessionStore
from bot.store.models import AuditEvent
from tests.bot.console.conftest import PASSWORD, Console


async def test_login_gives_a_csrf_token_and_a_strict_session_cookie(console: Console) -> None:
    response = await console.client.post(
        "/console/api/login", json={"username": "anna", "password": PASSWORD}
    )
    assert response.status == 200
    body = await response.json()
    assert set(body) == {"csrf_token"} and len(body["csrf_token"]) >= 32
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/console"
    assert not cookie["secure"]  # plain http in tests; see the next test
    me = await console.client.get("/console/api/me")
    assert (await me.json())["username"] == "anna"


async def test_the_cookie_is_secure_when_configured(console: Console) -> None:
    console.client.server.app[CONSOLE_CONFIG] = ConsoleConfig(secure_cookie="always")
    response = await console.client.post(
        "/console/api/login", json={"username": "anna", "password": PASSWORD}
    )
    assert response.cookies[COOKIE]["secure"] is True


@pytest.mark.parametrize(
    ("username", "password"),
    [("anna", "wrong password here"), ("nobody", PASSWORD), ("ANNA ", "x")],
)
async def test_a_failed_login_says_the_same_whatever_failed(
    console: Console, username: str, password: str
) -> None:
    response = await console.client.post(
        "/console/api/login", json={"username": username, "password": password}
    )
    assert response.status == 401
    assert (await response.json())["error"] == "login_failed"
    assert COOKIE not in response.cookies


async def test_five_failures_lock_the_account(console: Console) -> None:
    for _ in range(5):
        response = await console.client.post(
            "/console/api/login", json={"username": "anna", "password": "not the password"}
        )
        assert response.status == 401
    response = await console.client.post(
        "/console/api/login", json={"username": "anna", "password": PASSWORD}
    )
    assert response.status == 401  # even the right password, for 15 minutes
    with console.store.session() as session:
        actions = session.execute(select(AuditEvent.action)).scalars().all()
    assert "login.locked" in actions and "login.refused_locked" in actions
    # Another account is not affected.
    await console.login("ben")


@pytest.mark.parametrize(
    "body", ["not json", "[]", '{"username": 1, "password": "x"}', '{"username": "anna"}']
)
async def test_a_malformed_login_is_a_400(console: Console, body: str) -> None:
    response = await console.client.post(
        "/console/api/login", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    assert "message" in await response.json()


async def test_writes_need_the_csrf_token(console: Console) -> None:
    handoff = console.queue()
    token = await console.login("anna")
    url = f"/console/api/handoffs/{handoff.id}/claim"
    assert (await console.client.post(url)).status == 403
    refused = await console.client.post(url, headers={"X-CSRF-Token": "forged"})
    assert refused.status == 403
    assert (await refused.json())["error"] == "csrf"
    other_site = {"X-CSRF-Token": token, "Origin": "https://evil.example"}
    assert (await console.client.post(url, headers=other_site)).status == 403
    assert (await console.client.post(url, headers={"X-CSRF-Token": token})).status == 200


async def test_without_a_session_the_api_is_401_and_pages_go_to_login(console: Console) -> None:
    response = await console.client.get("/console/api/handoffs")
    assert response.status == 401
    page = await console.client.get("/console/queue", allow_redirects=False)
    assert page.status == 303 and page.headers["Location"] == "/console/login"
    root = await console.client.get("/console", allow_redirects=False)
    assert root.headers["Location"] == "/console/login"


async def test_logout_ends_the_session(console: Console) -> None:
    token = await console.login("anna")
    response = await console.client.post("/console/api/logout", headers={"X-CSRF-Token": token})
    assert response.status == 200
    assert (await console.client.get("/console/api/handoffs")).status == 401


async def test_a_new_login_replaces_the_old_session(console: Console) -> None:
    first = await console.login("anna")
    second = await console.login("anna")
    assert first != second
    assert len(console.client.server.app[SESSIONS]) == 1


@pytest.mark.parametrize(
    ("username", "url", "allowed"),
    [
        ("anna", "/console/api/users", False),
        ("anna", "/console/api/stats", False),
        ("sue", "/console/api/users", False),
        ("sue", "/console/api/stats", True),
        ("ada", "/console/api/users", True),
        ("ada", "/console/api/stats", True),
        ("anna", "/console/api/referrals", True),
    ],
)
async def test_roles(console: Console, username: str, url: str, allowed: bool) -> None:
    await console.login(username)
    response = await console.client.get(url)
    assert response.status == (200 if allowed else 403)
    if not allowed:
        assert (await response.json())["error"] == "forbidden"


async def test_a_caseworker_cannot_create_accounts(console: Console) -> None:
    token = await console.login("anna")
    response = await console.client.post(
        "/console/api/users",
        json={"username": "mallory", "role": "admin", "password": "a long enough passphrase"},
        headers={"X-CSRF-Token": token},
    )
    assert response.status == 403


async def test_console_responses_carry_a_strict_csp(console: Console) -> None:
    for url in ("/console/login", "/console/api/handoffs", "/console/static/console.js"):
        response = await console.client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Frame-Options"] == "DENY"
    assert (await console.client.get("/console/login")).headers["Cache-Control"] == "no-store"


def test_sessions_end_when_idle_or_too_old() -> None:
    now = [0.0]
    store = SessionStore(timedelta(minutes=30), timedelta(hours=12), clock=lambda: now[0])

    class Account:
        id, username, role = 1, "anna", "caseworker"

    token, _ = store.create(Account())  # type: ignore[arg-type]
    now[0] = 29 * 60
    assert store.get(token) is not None  # used: the idle time starts again
    now[0] += 29 * 60
    assert store.get(token, touch=False) is not None
    now[0] += 2 * 60
    assert store.get(token) is None
    token, _ = store.create(Account())  # type: ignore[arg-type]
    for _ in range(12 * 3 + 1):
        now[0] += 20 * 60
        store.get(token)
    assert store.get(token) is None  # in use all along, but past its lifetime
