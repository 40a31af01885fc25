"""The pages: what people wrote is data in the API and escaped text in the HTML."""

from __future__ import annotations

import re

from bot import handoffs
from bot.console import notes
from bot.store.vocabulary import Sender
from tests.bot.console.conftest import Console
from tests.bot.console.test_referrals_api import record

SCRIPT = "<script>alert('x')</script>"
IMAGE = '<img src=x onerror="alert(1)">'


def assert_escaped(page: str, *raw: str) -> None:
    for text in raw:
        assert text not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def assert_no_inline_script(page: str) -> None:
    for tag in re.findall(r"<script[^>]*>", page):
        assert 'src="/console/static/console.js"' in tag or 'type="application/json"' in tag
    assert " on" not in " ".join(re.findall(r"<[a-z]+ [^>]*>", page)).replace(" one", "")


async def test_a_persons_html_is_data_in_the_api_and_text_on_the_page(console: Console) -> None:
    handoff = console.queue(summary=f"{IMAGE} {SCRIPT}")
    handoffs.add_message(console.store, handoff.id, Sender.PERSON, SCRIPT)
    client, headers = await console.logged_in("anna")
    await client.post(
        f"/console/api/handoffs/{handoff.id}/notes", json={"text": IMAGE}, headers=headers
    )
    listed = await (await client.get(f"/console/api/handoffs/{handoff.id}/messages")).json()
    assert listed[0]["text"] == SCRIPT  # returned as it was written, as data

    chat = await (await client.get(f"/console/handoffs/{handoff.id}")).text()
    assert_escaped(chat, SCRIPT, IMAGE, "<img")
    assert_no_inline_script(chat)
    queue = await (await client.get("/console/queue")).text()
    assert_escaped(queue, SCRIPT, IMAGE, "<img")
    assert_no_inline_script(queue)


async def test_the_referral_page_escapes_what_the_person_wrote(console: Console) -> None:
    referral_id = record(console, summary=SCRIPT, contact_detail=IMAGE)
    notes.add(console.store, 1, SCRIPT, referral_id=referral_id)
    client, _ = await console.logged_in("anna")
    page = await client.get(f"/console/referrals/{referral_id}")
    assert page.status == 200
    text = await page.text()
    assert_escaped(text, SCRIPT, IMAGE, "<img")
    assert 'data-status="in_contact"' in text
    listing = await (await client.get("/console/referrals")).text()
    assert f'href="/console/referrals/{referral_id}"' in listing


async def test_the_queue_page_shows_language_channel_and_urgency(console: Console) -> None:
    console.queue(summary="calm one")
    console.queue(urgent=True, summary="urgent one")
    client, _ = await console.logged_in("anna")
    page = await (await client.get("/console/queue")).text()
    assert page.index("urgent one") < page.index("calm one")
    assert "<td>fi</td><td>web</td>" in page
    assert 'class="badge urgent"' in page
    assert '<meta name="csrf-token"' in page


async def test_the_statistics_page_for_a_supervisor(console: Console) -> None:
    record(console)
    client, _ = await console.logged_in("sue")
    response = await client.get("/console/stats?from=2020-01-01")
    assert response.status == 200
    page = await response.text()
    assert "New referrals" in page and "Forms of exploitation" in page
    assert 'src="/console/api/stats/chart.png?from=2020-01-01&amp;to=' in page
    assert (await client.get("/console/stats?from=nonsense")).status == 400


async def test_the_accounts_page_is_for_admins(console: Console) -> None:
    admin, _ = await console.logged_in("ada")
    page = await (await admin.get("/console/users")).text()
    assert 'data-unlock="anna"' in page and 'data-remove="ada"' not in page
    anna, _ = await console.logged_in("anna")
    assert (await anna.get("/console/users")).status == 403


async def test_login_page_and_unknown_pages(console: Console) -> None:
    page = await console.client.get("/console/login")
    assert page.status == 200
    assert 'id="login-form"' in await page.text()
    await console.login("anna")
    again = await console.client.get("/console/login", allow_redirects=False)
    assert again.headers["Location"] == "/console/queue"
    assert (await console.client.get("/console/handoffs/999")).status == 404
    assert (await console.client.get("/console/referrals/999")).status == 404


async def test_the_static_script_sets_text_never_html(console: Console) -> None:
    script = await (await console.client.get("/console/static/console.js")).text()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert "eval(" not in script and "document.write" not in script
