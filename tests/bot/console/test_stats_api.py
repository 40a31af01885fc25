"""Statistics for supervisors: the report's figures and chart."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.bot.console.conftest import Console
from tests.bot.console.test_referrals_api import record


async def test_a_supervisor_gets_the_figures(console: Console) -> None:
    record(console)
    record(console, exploitation="sexual", sector=None)
    client, _ = await console.logged_in("sue")
    today = datetime.now(timezone.utc).date().isoformat()
    response = await client.get(f"/console/api/stats?from=2020-01-01&to={today}")
    assert response.status == 200
    figures = await response.json()
    assert figures["period"] == {"from": "2020-01-01", "to": today}
    assert figures["referrals"] == 2
    assert figures["exploitation"]["forced_labour"] == 1
    assert figures["exploitation"]["sexual"] == 1


async def test_the_default_period_is_the_last_30_days(console: Console) -> None:
    client, _ = await console.logged_in("ada")
    figures = await (await client.get("/console/api/stats")).json()
    start = datetime.fromisoformat(figures["period"]["from"]).date()
    end = datetime.fromisoformat(figures["period"]["to"]).date()
    assert (end - start).days == 29


@pytest.mark.parametrize(
    "query",
    ["from=2026-13-01", "from=yesterday", "from=2026-02-01&to=2026-01-01", "from=1900-01-01"],
)
async def test_a_bad_period_is_a_400(console: Console, query: str) -> None:
    client, _ = await console.logged_in("sue")
    response = await client.get(f"/console/api/stats?{query}&to=2026-01-31")
    assert response.status == 400
    assert (await response.json())["error"] in ("bad_date", "bad_period")


async def test_the_chart_is_a_png(console: Console) -> None:
    record(console)
    client, _ = await console.logged_in("sue")
    response = await client.get("/console/api/stats/chart.png")
    assert response.status == 200
    assert response.content_type == "image/png"
    assert (await response.read()).startswith(b"\x89PNG")


async def test_caseworkers_see_no_statistics(console: Console) -> None:
    client, _ = await console.logged_in("anna")
    assert (await client.get("/console/api/stats/chart.png")).status == 403
    page = await client.get("/console/stats")
    assert page.status == 403
