"""The login page, and ``/console`` itself (to the queue, or to log in)."""

from __future__ import annotations

from aiohttp import web

from bot.console.auth import LOGIN_PAGE, current_session
from bot.console.pages.layout import document, t
from bot.console.texts import TEXTS

QUEUE_PAGE = "/console/queue"


async def login_page(request: web.Request) -> web.Response:
    """A form that logs in through the JSON API (console.js) and goes to the queue."""
    if current_session(request) is not None:
        raise web.HTTPSeeOther(QUEUE_PAGE)
    body = (
        f"<h1>{t('app_name')}</h1>"
        '<form id="login-form" class="stacked login">'
        f'<label>{t("username")} <input id="username" name="username" required '
        'autocomplete="username" autocapitalize="none" spellcheck="false"></label>'
        f'<label>{t("password")} <input id="password" name="password" type="password" '
        'required autocomplete="current-password"></label>'
        f'<button type="submit">{t("login_button")}</button></form>'
    )
    return document(TEXTS["login_title"], body, page="login")


async def root(request: web.Request) -> web.Response:
    """``/console``: the queue for a logged-in caseworker, else the login page."""
    raise web.HTTPSeeOther(QUEUE_PAGE if current_session(request) else LOGIN_PAGE)


def setup(app: web.Application) -> None:
    """Add the login page and the console's root."""
    app.router.add_get("/console", root)
    app.router.add_get("/console/", root)
    app.router.add_get(LOGIN_PAGE, login_page)
