"""The statistics page: the report's figures for a period, and its chart."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from bot.console.api.stats import period
from bot.console.handling import run
from bot.console.pages.layout import document, h, label, page, t
from bot.console.sessions import ConsoleSession
from bot.console.texts import TEXTS
from bot.reports.figures import figures
from bot.reports.render import TITLES
from bot.store.vocabulary import Role


def _section(name: str, value: object) -> str:
    title = h(TITLES.get(name, label(name)))
    if not isinstance(value, dict):
        return f'<tr><th scope="row">{title}</th><td class="number">{h(value)}</td></tr>'
    rows = "".join(
        f'<tr><td>{h(label(key))}</td><td class="number">{h(count)}</td></tr>'
        for key, count in value.items()
    )
    return f'<table class="figures"><caption>{title}</caption><tbody>{rows}</tbody></table>'


@page(Role.SUPERVISOR)
async def statistics(request: web.Request, session: ConsoleSession) -> web.Response:
    """Totals first, then one table per breakdown, then the chart."""
    start, end = period(request.query)
    report = await run(request, figures, start, end)
    query = urlencode({"from": start.isoformat(), "to": end.isoformat()})
    totals = "".join(
        _section(name, value)
        for name, value in report.items()
        if name != "period" and not isinstance(value, dict)
    )
    children = report["children"]
    totals += _section("children", children["total"])
    tables = "".join(
        _section(name, value)
        for name, value in report.items()
        if isinstance(value, dict) and name not in ("period", "children")
    )
    body = (
        f"<h1>{t('stats_title')}</h1>"
        '<form method="get" action="/console/stats" class="inline">'
        f'<label>{t("from")} <input type="date" name="from" value="{start.isoformat()}"></label>'
        f'<label>{t("to")} <input type="date" name="to" value="{end.isoformat()}"></label>'
        f'<button type="submit">{t("show")}</button> '
        f'<a href="/console/api/stats?{h(query)}">{t("as_json")}</a></form>'
        f'<table class="figures totals"><tbody>{totals}</tbody></table>'
        f'<img class="chart" src="/console/api/stats/chart.png?{h(query)}" '
        f'alt="{t("chart_alt")}" width="1100" height="800">'
        f'<div class="figure-grid">{tables}</div>'
    )
    return document(TEXTS["stats_title"], body, page="stats", session=session)


def setup(app: web.Application) -> None:
    """Add the statistics page."""
    app.router.add_get("/console/stats", statistics)
