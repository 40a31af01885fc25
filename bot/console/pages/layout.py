"""The pages' frame, escaping and guard. Everything a person or colleague wrote goes through
``h`` (``html.escape``): it is shown as text, never read as HTML."""

from __future__ import annotations

import functools
import html
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

from bot.console.auth import LOGIN_PAGE, current_session
from bot.console.handling import ApiError
from bot.console.sessions import ConsoleSession
from bot.console.texts import TEXTS
from bot.store.vocabulary import Role

logger = logging.getLogger(__name__)

PageHandler = Callable[[web.Request, ConsoleSession], Awaitable[web.Response]]
Guarded = Callable[[web.Request], Awaitable[web.StreamResponse]]

NAV = (
    ("/console/queue", "nav_queue", Role.CASEWORKER),
    ("/console/referrals", "nav_referrals", Role.CASEWORKER),
    ("/console/stats", "nav_stats", Role.SUPERVISOR),
    ("/console/users", "nav_users", Role.ADMIN),
)


def h(value: object) -> str:
    """Text made safe to place in HTML content or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def t(key: str) -> str:
    """A console string, escaped."""
    return h(TEXTS[key])


def stamp(moment: datetime | str | None) -> str:
    """A moment as ``YYYY-MM-DD HH:MM UTC`` (console.js writes the same)."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def label(value: object) -> str:
    """A stored choice as words: ``forced_labour`` -> ``forced labour``."""
    return "" if value is None else str(value).replace("_", " ")


def _texts_json() -> str:
    # JSON inside <script type="application/json">: "</" would end the element early.
    return json.dumps(TEXTS, ensure_ascii=False).replace("</", "<\\/")


def document(
    title: str,
    body: str,
    *,
    page: str,
    session: ConsoleSession | None = None,
    data: Mapping[str, object] | None = None,
    status: int = 200,
) -> web.Response:
    """A whole console page. ``body`` must already be escaped HTML."""
    attributes = "".join(f' data-{name}="{h(value)}"' for name, value in (data or {}).items())
    header = ""
    csrf = ""
    if session is not None:
        links = "".join(
            f'<a href="{href}">{t(key)}</a>' for href, key, role in NAV if session.may(role)
        )
        header = (
            f"<header><strong>{t('app_name')}</strong><nav>{links}</nav>"
            f'<span class="who">{t("signed_in_as")} {h(session.username)} '
            f"({h(session.role)})</span>"
            f'<span id="live" class="live off">{t("live_off")}</span>'
            f'<button type="button" id="logout">{t("logout")}</button></header>'
        )
        csrf = f'<meta name="csrf-token" content="{h(session.csrf_token)}">\n'
    text = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
{csrf}<title>{h(title)} · {t("app_name")}</title>
<link rel="stylesheet" href="/console/static/console.css">
</head>
<body data-page="{h(page)}"{attributes}>
{header}
<main>
{body}
<p id="feedback" role="status" aria-live="polite"></p>
</main>
<script id="console-texts" type="application/json">{_texts_json()}</script>
<script src="/console/static/console.js"></script>
</body>
</html>
"""
    return web.Response(text=text, content_type="text/html", status=status)


def error_page(session: ConsoleSession | None, status: int, message: str) -> web.Response:
    """A page that says what went wrong."""
    body = f"<h1>{t('error_page_title')}</h1><p>{h(message)}</p>"
    return document(TEXTS["error_page_title"], body, page="error", session=session, status=status)


def page(role: Role = Role.CASEWORKER) -> Callable[[PageHandler], Guarded]:
    """Guard a page: no session goes to the login page, too small a role gets 403."""

    def decorate(handler: PageHandler) -> Guarded:
        @functools.wraps(handler)
        async def guarded(request: web.Request) -> web.StreamResponse:
            session = current_session(request)
            if session is None:
                raise web.HTTPSeeOther(LOGIN_PAGE)
            if not session.may(role):
                return error_page(session, 403, TEXTS["error_forbidden"].format(role=role))
            try:
                return await handler(request, session)
            except ApiError as error:
                return error_page(session, error.status, error.message)
            except SQLAlchemyError as error:
                logger.error("console %s: database error %s", request.path, type(error).__name__)
                return error_page(session, 503, TEXTS["error_database"])

        return guarded

    return decorate
