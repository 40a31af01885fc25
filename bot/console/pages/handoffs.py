"""The queue page and a handoff's chat page (console.js keeps both live)."""

from __future__ import annotations

from aiohttp import web

from bot import caseworkers, handoffs
from bot.console import notes
from bot.console.handling import not_found, object_id, run
from bot.console.notes import NoteView
from bot.console.pages.layout import document, h, page, stamp, t
from bot.console.sessions import ConsoleSession
from bot.console.texts import TEXTS
from bot.handoffs import HandoffNotFoundError, HandoffView, MessageView
from bot.store.vocabulary import HandoffStatus, Sender

QUEUE_COLUMNS = (
    "col_urgent",
    "col_waiting_since",
    "col_language",
    "col_channel",
    "col_summary",
    "col_caseworker",
)


def handoff_row(view: HandoffView) -> str:
    """One row of the queue; console.js builds the same from the API's JSON."""
    urgent = f'<span class="badge urgent">{t("urgent")}</span>' if view.urgent else ""
    claim = (
        f' <button type="button" data-claim="{view.id}">{t("claim")}</button>'
        if view.status == HandoffStatus.WAITING
        else ""
    )
    return (
        f'<tr class="{"urgent" if view.urgent else ""}" data-id="{view.id}">'
        f"<td>{urgent}</td><td>{stamp(view.waiting_since)}</td><td>{h(view.language)}</td>"
        f'<td>{h(view.channel)}</td><td class="summary">{h(view.summary)}</td>'
        f"<td>{h(view.caseworker) if view.caseworker else t('nobody')}</td>"
        f'<td><a href="/console/handoffs/{view.id}">{t("open")}</a>{claim}</td></tr>'
    )


def _table(table_id: str, views: list[HandoffView]) -> str:
    head = "".join(f"<th>{t(key)}</th>" for key in QUEUE_COLUMNS) + "<th></th>"
    rows = "".join(handoff_row(view) for view in views) or (
        f'<tr class="empty"><td colspan="7">{t("no_handoffs")}</td></tr>'
    )
    return (
        f'<table class="handoffs" id="{table_id}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


@page()
async def queue(request: web.Request, session: ConsoleSession) -> web.Response:
    """Waiting and active handoffs, urgent first, then the longest waiting."""
    waiting = await run(request, handoffs.listing, HandoffStatus.WAITING)
    active = await run(request, handoffs.listing, HandoffStatus.ACTIVE)
    body = (
        f"<h1>{t('queue_title')}</h1>"
        f'<section><h2>{t("waiting")} (<span id="waiting-count">{len(waiting)}</span>)</h2>'
        f"{_table('waiting', waiting)}</section>"
        f'<section><h2>{t("active")} (<span id="active-count">{len(active)}</span>)</h2>'
        f"{_table('active', active)}</section>"
    )
    return document(TEXTS["queue_title"], body, page="queue", session=session)


def message_item(message: MessageView) -> str:
    """One chat message, its text escaped."""
    who = t("from_person") if message.sender == Sender.PERSON else t("from_caseworker")
    return (
        f'<li class="msg {h(message.sender)}" data-id="{message.id}">'
        f'<span class="meta">{who} · {stamp(message.created_at)}</span>'
        f'<p class="text">{h(message.text)}</p></li>'
    )


def note_item(note: NoteView) -> str:
    """One note, its text escaped."""
    return (
        f'<li class="note"><span class="meta">{h(note.author or t("nobody"))} · '
        f'{stamp(note.created_at)}</span><p class="text">{h(note.text)}</p></li>'
    )


def notes_section(found: list[NoteView]) -> str:
    """The notes list and the form to add one."""
    items = "".join(note_item(note) for note in found)
    return (
        f"<section><h2>{t('notes')}</h2>"
        f'<ol id="notes" class="notes" data-empty="{t("no_notes")}">{items}</ol>'
        f'<form id="note-form"><textarea id="note-text" maxlength="{notes.MAX_NOTE_LENGTH}" '
        f'rows="3" placeholder="{t("note_placeholder")}" aria-label="{t("notes")}" required>'
        f'</textarea><button type="submit">{t("add_note")}</button></form></section>'
    )


def _facts(view: HandoffView) -> str:
    rows = (
        ("status", "status", h(view.status)),
        ("urgent", "col_urgent", t("yes") if view.urgent else t("no")),
        ("language", "col_language", h(view.language)),
        ("channel", "col_channel", h(view.channel)),
        ("waiting_since", "col_waiting_since", stamp(view.waiting_since)),
        ("caseworker", "col_caseworker", h(view.caseworker) if view.caseworker else t("nobody")),
        ("summary", "summary", h(view.summary)),
    )
    return (
        '<dl id="handoff-facts" class="facts">'
        + "".join(
            f'<dt>{t(key)}</dt><dd data-fact="{name}">{value}</dd>' for name, key, value in rows
        )
        + "</dl>"
    )


def chat_state(view: HandoffView, username: str) -> str:
    """``waiting``, ``mine``, ``other`` or ``closed``: which controls the page offers."""
    if view.status == HandoffStatus.WAITING:
        return "waiting"
    if view.status == HandoffStatus.CLOSED:
        return "closed"
    return "mine" if view.caseworker == username else "other"


@page()
async def chat(request: web.Request, session: ConsoleSession) -> web.Response:
    """One handoff: its facts, the chat so far, the reply box, actions and notes."""
    handoff_id = object_id(request)
    try:
        view = await run(request, handoffs.get, handoff_id)
    except HandoffNotFoundError:
        raise not_found("handoff") from None
    found = await run(request, handoffs.messages, handoff_id)
    found_notes = await run(request, notes.listing, handoff_id=handoff_id)
    names = [a.username for a in await run(request, caseworkers.listing)]
    options = "".join(f'<option value="{h(n)}">' for n in names if n != session.username)
    items = "".join(message_item(message) for message in found)
    body = (
        f"<h1>{t('handoff_title')} #{view.id}</h1>{_facts(view)}"
        '<div class="actions">'
        f'<button type="button" id="claim">{t("claim")}</button>'
        f'<button type="button" id="close">{t("close")}</button>'
        '<form id="transfer-form" class="inline">'
        f'<input id="transfer-to" list="caseworker-names" autocomplete="off" '
        f'aria-label="{t("transfer_to")}" placeholder="{t("transfer_to")}" required>'
        f'<button type="submit">{t("transfer")}</button></form>'
        f'<datalist id="caseworker-names">{options}</datalist></div>'
        f"<section><h2>{t('messages')}</h2>"
        f'<ol id="messages" class="messages" data-empty="{t("no_messages")}">{items}</ol>'
        '<p id="chat-hint" class="hint"></p>'
        f'<form id="send-form"><textarea id="message-text" maxlength="4000" rows="3" '
        f'placeholder="{t("message_placeholder")}" aria-label="{t("message_placeholder")}" '
        f'required></textarea><button type="submit">{t("send")}</button></form></section>'
        f"{notes_section(found_notes)}"
    )
    return document(
        f"{TEXTS['handoff_title']} #{view.id}",
        body,
        page="handoff",
        session=session,
        data={
            "handoff-id": view.id,
            "state": chat_state(view, session.username),
            "username": session.username,
        },
    )


def setup(app: web.Application) -> None:
    """Add the queue and chat pages."""
    app.router.add_get("/console/queue", queue)
    app.router.add_get("/console/handoffs/{id:\\d+}", chat)
