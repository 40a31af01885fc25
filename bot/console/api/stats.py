"""Statistics for supervisors: the report's figures as JSON and as a PNG chart."""

from __future__ import annotations

import asyncio
import io
import threading
from datetime import date, datetime, timedelta, timezone
from typing import Any

from aiohttp import web

from bot.console.auth import api
from bot.console.handling import bad_request, run
from bot.console.sessions import ConsoleSession
from bot.console.texts import TEXTS
from bot.reports.figures import figures
from bot.reports.render import chart
from bot.store.vocabulary import Role

DEFAULT_DAYS = 30
MAX_DAYS = 3660
_chart_lock = threading.Lock()  # matplotlib is not meant to draw in several threads at once


def period(query: Any) -> tuple[date, date]:
    """``from``/``to`` (YYYY-MM-DD, both included) from a query; the last 30 days by default."""

    def day(name: str, default: date) -> date:
        raw = query.get(name)
        if raw in (None, ""):
            return default
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise bad_request(TEXTS["error_date"].format(name=name), "bad_date") from None

    end = day("to", datetime.now(timezone.utc).date())
    start = day("from", end - timedelta(days=DEFAULT_DAYS - 1))
    if end < start:
        raise bad_request(TEXTS["error_period_order"], "bad_period")
    if (end - start).days >= MAX_DAYS:
        raise bad_request(TEXTS["error_period_long"], "bad_period")
    return start, end


def chart_png(report: dict[str, Any]) -> bytes:
    """The report's chart as PNG bytes."""
    buffer = io.BytesIO()
    with _chart_lock:
        chart(report, buffer)  # type: ignore[arg-type]  # savefig takes a file object too
    return buffer.getvalue()


@api(Role.SUPERVISOR)
async def stats(request: web.Request, session: ConsoleSession) -> web.Response:
    """``GET /console/api/stats?from=YYYY-MM-DD&to=YYYY-MM-DD``: the figures dict."""
    start, end = period(request.query)
    return web.json_response(await run(request, figures, start, end))


@api(Role.SUPERVISOR)
async def stats_chart(request: web.Request, session: ConsoleSession) -> web.Response:
    """``GET /console/api/stats/chart.png?from=...&to=...``."""
    start, end = period(request.query)
    report = await run(request, figures, start, end)
    png = await asyncio.get_running_loop().run_in_executor(None, chart_png, report)
    return web.Response(body=png, content_type="image/png", headers={"Cache-Control": "no-store"})


def setup(app: web.Application) -> None:
    """Add the statistics routes."""
    app.router.add_get("/console/api/stats", stats)
    app.router.add_get("/console/api/stats/chart.png", stats_chart)
