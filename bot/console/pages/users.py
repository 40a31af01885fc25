"""The accounts page, for admins."""

from __future__ import annotations

from aiohttp import web

from bot import caseworkers
from bot.caseworkers import MIN_PASSWORD_LENGTH
from bot.console.handling import run
from bot.console.pages.layout import document, h, page, stamp, t
from bot.console.sessions import ConsoleSession
from bot.console.texts import TEXTS
from bot.store.vocabulary import Role


@page(Role.ADMIN)
async def accounts(request: web.Request, session: ConsoleSession) -> web.Response:
    """Every account, with unlock and remove, and a form to create one."""
    found = await run(request, caseworkers.listing)
    rows = "".join(
        f"<tr><td>{h(a.username)}</td><td>{h(a.role)}</td>"
        f"<td>{t('yes') if a.locked() else ''}</td><td>{stamp(a.created_at)}</td>"
        f'<td><button type="button" data-unlock="{h(a.username)}">{t("unlock")}</button>'
        + (
            f' <button type="button" data-remove="{h(a.username)}">{t("remove")}</button>'
            if a.username != session.username
            else ""
        )
        + "</td></tr>"
        for a in found
    )
    roles = "".join(f'<option value="{role.value}">{role.value}</option>' for role in Role)
    body = (
        f"<h1>{t('users_title')}</h1>"
        f'<table class="users"><thead><tr><th>{t("username")}</th><th>{t("role")}</th>'
        f"<th>{t('locked')}</th><th>{t('created')}</th><th></th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f"<h2>{t('create_account')}</h2>"
        '<form id="user-form" class="stacked" autocomplete="off">'
        f'<label>{t("username")} <input id="new-username" required maxlength="64"></label>'
        f'<label>{t("role")} <select id="new-role">{roles}</select></label>'
        f'<label>{t("new_password")} <input id="new-password" type="password" required '
        f'minlength="{MIN_PASSWORD_LENGTH}" autocomplete="new-password"></label>'
        f'<button type="submit">{t("create")}</button></form>'
    )
    return document(TEXTS["users_title"], body, page="users", session=session)


def setup(app: web.Application) -> None:
    """Add the accounts page."""
    app.router.add_get("/console/users", accounts)
