"""The referral API: list, audited reads, the status workflow, notes."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import select

from bot import referrals
from bot.store.models import AuditEvent
from tests.bot.console.conftest import Console
from tests.bot.store.helpers import consent, sample_form

_submissions = itertools.count(1)


def record(console: Console, **answers: object) -> int:
    number = next(_submissions)
    result = referrals.record(
        console.store,
        sample_form(**answers),
        conversation_id=f"referral-conversation-{number}",
        submission_id=f"s{number}",
        channel="web",
        consent=consent(),
    )
    assert result.referral_id is not None
    return result.referral_id


def views(console: Console, referral_id: int) -> list[str]:
    with console.store.session() as session:
        return list(
            session.execute(
                select(AuditEvent.actor).where(
                    AuditEvent.action == "referral.viewed",
                    AuditEvent.object_id == str(referral_id),
                )
            ).scalars()
        )


async def test_the_list_has_no_free_text_and_flags_interpreters(console: Console) -> None:
    plain = record(console)
    interpreted = record(console, needs=["interpreter", "housing"], safe_now="no")
    client, _ = await console.logged_in("anna")
    listed = await (await client.get("/console/api/referrals")).json()
    assert [item["id"] for item in listed] == [interpreted, plain]
    assert listed[0]["interpreter_needed"] is True and listed[0]["urgent"] is True
    assert listed[1]["interpreter_needed"] is False
    assert "summary" not in listed[0] and "contact_detail" not in listed[0]
    assert views(console, plain) == []  # listing reads no free text
    filtered = await client.get("/console/api/referrals?status=closed")
    assert await filtered.json() == []
    assert (await client.get("/console/api/referrals?status=lost")).status == 400


async def test_every_read_of_a_referral_is_audited(console: Console) -> None:
    referral_id = record(console, needs=["interpreter"])
    client, _ = await console.logged_in("anna")
    response = await client.get(f"/console/api/referrals/{referral_id}")
    assert response.status == 200
    body = await response.json()
    assert body["summary"] == sample_form().summary
    assert body["interpreter_needed"] is True
    assert body["next_statuses"] == ["in_contact", "closed"]
    await client.get(f"/console/api/referrals/{referral_id}")
    await client.get(f"/console/referrals/{referral_id}")  # the page too
    assert len(views(console, referral_id)) == 3
    assert set(views(console, referral_id)) == {"caseworker:1"}
    assert (await client.get("/console/api/referrals/4242")).status == 404


async def test_the_status_workflow(console: Console) -> None:
    referral_id = record(console)
    client, headers = await console.logged_in("anna")
    url = f"/console/api/referrals/{referral_id}/status"
    skipped = await client.post(url, json={"status": "admitted"}, headers=headers)
    assert skipped.status == 409
    assert (await skipped.json())["error"] == "illegal_transition"
    for status in ("in_contact", "admitted"):
        response = await client.post(url, json={"status": status}, headers=headers)
        assert response.status == 200
        assert (await response.json())["status"] == status
    final = await client.post(url, json={"status": "closed"}, headers=headers)
    assert final.status == 409
    assert (await (await client.get(f"/console/api/referrals/{referral_id}")).json())[
        "next_statuses"
    ] == []


@pytest.mark.parametrize("body", [{"status": "archived"}, {"status": None}, {}])
async def test_an_unknown_status_is_a_400(console: Console, body: dict) -> None:
    referral_id = record(console)
    client, headers = await console.logged_in("anna")
    response = await client.post(
        f"/console/api/referrals/{referral_id}/status", json=body, headers=headers
    )
    assert response.status == 400


async def test_status_of_an_unknown_referral_is_a_404(console: Console) -> None:
    client, headers = await console.logged_in("anna")
    response = await client.post(
        "/console/api/referrals/77/status", json={"status": "in_contact"}, headers=headers
    )
    assert response.status == 404


async def test_notes_on_a_referral(console: Console) -> None:
    referral_id = record(console)
    client, headers = await console.logged_in("sue")
    url = f"/console/api/referrals/{referral_id}/notes"
    assert (await client.post(url, json={"text": "called"}, headers=headers)).status == 201
    listed = await (await client.get(url)).json()
    assert [(n["author"], n["text"]) for n in listed] == [("sue", "called")]
    assert (await client.get("/console/api/referrals/77/notes")).status == 404
