"""The referral list and a referral's page (opening one is audited), with status buttons."""

from __future__ import annotations

from aiohttp import web

from bot.console import casefiles, notes
from bot.console.api.referrals import parse_status
from bot.console.handling import not_found, object_id, run
from bot.console.pages.handoffs import notes_section
from bot.console.pages.layout import document, h, label, page, stamp, t
from bot.console.sessions import ConsoleSession
from bot.console.texts import TEXTS
from bot.store.vocabulary import ReferralStatus

COLUMNS = (
    "col_id",
    "col_created",
    "status",
    "col_language",
    "col_exploitation",
    "col_urgent",
    "col_interpreter",
    "col_children",
)


def _row(item: dict) -> str:
    cells = (
        f'<a href="/console/referrals/{item["id"]}">{item["id"]}</a>',
        stamp(item["created_at"]),
        h(label(item["status"])),
        h(item["language"]),
        h(label(item["exploitation"]) or TEXTS["not_answered"]),
        f'<span class="badge urgent">{t("urgent")}</span>' if item["urgent"] else "",
        t("interpreter_needed") if item["interpreter_needed"] else "",
        "" if item["children"] is None else str(item["children"]),
    )
    css = "urgent" if item["urgent"] else ""
    return f'<tr class="{css}">' + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


@page()
async def listing(request: web.Request, session: ConsoleSession) -> web.Response:
    """The newest referrals, optionally of one status."""
    raw = request.query.get("status")
    status = None if raw in (None, "") else parse_status(raw)
    items = await run(request, casefiles.listing, status)
    filters = [f'<a href="/console/referrals">{t("all")}</a>'] + [
        f'<a href="/console/referrals?status={member.value}">{h(label(member))}</a>'
        for member in ReferralStatus
    ]
    head = "".join(f"<th>{t(key)}</th>" for key in COLUMNS)
    rows = "".join(_row(item) for item in items) or (
        f'<tr class="empty"><td colspan="{len(COLUMNS)}">{t("no_referrals")}</td></tr>'
    )
    body = (
        f"<h1>{t('referrals_title')}</h1>"
        f'<nav class="filters">{" · ".join(filters)}</nav>'
        f'<table class="referrals"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )
    return document(TEXTS["referrals_title"], body, page="referrals", session=session)


def _value(value: object) -> str:
    if value is None or value == [] or value == ():
        return f'<span class="muted">{t("not_answered")}</span>'
    if isinstance(value, (list, tuple)):
        return h(", ".join(label(item) for item in value))
    return h(label(value))


@page()
async def detail(request: web.Request, session: ConsoleSession) -> web.Response:
    """Everything the person told, the status workflow and notes."""
    referral_id = object_id(request)
    view = await run(request, casefiles.read, referral_id, session.caseworker_id)
    if view is None:
        raise not_found("referral")
    data = casefiles.detail_json(view)
    found_notes = await run(request, notes.listing, referral_id=referral_id)
    facts = (
        "status",
        "created_at",
        "status_changed_at",
        "language",
        "exploited_in",
        "exploitation",
        "sector",
        "indicators",
        "safe_now",
        "children",
        "needs",
        "contact_method",
        "contact_detail",
        "heard_from",
    )
    facts_html = "".join(
        f"<dt>{h(label(name).capitalize())}</dt><dd>"
        + (stamp(data[name]) if name.endswith("_at") else _value(data[name]))
        + "</dd>"
        for name in facts
    )
    flags = ""
    if data["urgent"]:
        flags += f'<span class="badge urgent">{t("urgent")}</span> '
    if data["interpreter_needed"]:
        flags += f'<span class="badge">{t("interpreter_needed")}</span>'
    buttons = (
        "".join(
            f'<button type="button" data-status="{h(name)}">{t("change_status")}: '
            f"{h(label(name))}</button>"
            for name in data["next_statuses"]
        )
        or f'<span class="muted">{t("final_status")}</span>'
    )
    additions = "".join(
        f'<li><span class="meta">{stamp(item["created_at"])}</span>'
        f'<p class="text">{h(item["text"])}</p></li>'
        for item in data["additions"]
    )
    body = (
        f"<h1>{t('referral_title')} #{view.id}</h1><p>{flags}</p>"
        f'<p class="muted">{t("reads_audited")}</p>'
        f'<div class="actions">{buttons}</div>'
        f'<dl class="facts">{facts_html}</dl>'
        f'<h2>{t("summary")}</h2><p class="text summary">{h(data["summary"])}</p>'
        + (f'<h2>{t("additions")}</h2><ol class="additions">{additions}</ol>' if additions else "")
        + notes_section(found_notes)
    )
    return document(
        f"{TEXTS['referral_title']} #{view.id}",
        body,
        page="referral",
        session=session,
        data={"referral-id": view.id},
    )


def setup(app: web.Application) -> None:
    """Add the referral pages."""
    app.router.add_get("/console/referrals", listing)
    app.router.add_get("/console/referrals/{id:\\d+}", detail)
