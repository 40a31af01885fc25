"""Account management by admins."""

from __future__ import annotations

import pytest

from bot import caseworkers
from tests.bot.console.conftest import PASSWORD, Console


async def test_an_admin_lists_and_creates_accounts(console: Console) -> None:
    client, headers = await console.logged_in("ada")
    listed = await (await client.get("/console/api/users")).json()
    assert [a["username"] for a in listed] == ["ada", "anna", "ben", "sue"]
    assert "password_hash" not in listed[0]
    response = await client.post(
        "/console/api/users",
        json={"username": "Carl", "role": "supervisor", "password": "a long enough passphrase"},
        headers=headers,
    )
    assert response.status == 201
    assert (await response.json()) | {"created_at": None} == {
        "username": "carl",
        "role": "supervisor",
        "locked": False,
        "created_at": None,
    }
    duplicate = await client.post(
        "/console/api/users",
        json={"username": "carl", "role": "caseworker", "password": "another long passphrase"},
        headers=headers,
    )
    assert duplicate.status == 409


@pytest.mark.parametrize(
    "body",
    [
        {"username": "dan", "role": "caseworker", "password": "short"},
        {"username": "dan", "role": "caseworker", "password": ""},
        {"username": "dan", "role": "caseworker", "password": "dan-is-my-password"},
        {"username": "dan", "role": "boss", "password": "a long enough passphrase"},
        {"username": "<b>", "role": "caseworker", "password": "a long enough passphrase"},
        {"username": "dan", "role": "caseworker"},
    ],
)
async def test_bad_accounts_are_a_400_with_a_reason(console: Console, body: dict) -> None:
    client, headers = await console.logged_in("ada")
    response = await client.post("/console/api/users", json=body, headers=headers)
    assert response.status == 400
    assert (await response.json())["message"]


async def test_unlock_new_password_and_remove_end_sessions(console: Console) -> None:
    admin, headers = await console.logged_in("ada")
    anna, _ = await console.logged_in("anna")
    for _ in range(5):
        await console.client.post(
            "/console/api/login", json={"username": "ben", "password": "wrong wrong wrong"}
        )
    assert caseworkers.by_username(console.store, "ben").locked()
    assert (await admin.post("/console/api/users/ben/unlock", headers=headers)).status == 200
    await console.login("ben")
    response = await admin.post(
        "/console/api/users/anna/password",
        json={"password": "a completely new passphrase"},
        headers=headers,
    )
    assert response.status == 200
    assert (await anna.get("/console/api/handoffs")).status == 401
    assert (await admin.delete("/console/api/users/ben", headers=headers)).status == 200
    assert (await console.client.get("/console/api/handoffs")).status == 401
    assert (await admin.delete("/console/api/users/ada", headers=headers)).status == 400
    assert (await admin.delete("/console/api/users/nobody", headers=headers)).status == 404
    relogin = await console.client.post(
        "/console/api/login", json={"username": "anna", "password": PASSWORD}
    )
    assert relogin.status == 401
