"""Handoffs: the queue, claiming, the chat, transfer, closing and notes."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot import caseworkers, handoffs
from bot.console.api.notes import setup_notes
from bot.console.auth import api
from bot.console.handling import (
    ApiError,
    bad_request,
    conflict,
    json_body,
    not_found,
    object_id,
    run,
    text_field,
)
from bot.console.sessions import ConsoleSession
from bot.console.texts import TEXTS
from bot.gateway.hub import CONSOLE, conversation_topic
from bot.gateway.keys import HUB
from bot.handoffs import AlreadyClaimedError, HandoffNotFoundError, HandoffView, NotYoursError
from bot.store.vocabulary import HandoffStatus, Sender

MAX_MESSAGE_LENGTH = 4000
CLOSED_SHOWN = 200  # the newest closed handoffs listed


def _status(request: web.Request) -> HandoffStatus:
    raw = request.query.get("status", HandoffStatus.WAITING.value)
    try:
        return HandoffStatus(raw)
    except ValueError:
        raise bad_request(TEXTS["error_handoff_status"], "bad_status") from None


async def find(request: web.Request, handoff_id: int) -> HandoffView:
    """The handoff, or a 404."""
    try:
        return await run(request, handoffs.get, handoff_id)
    except HandoffNotFoundError:
        raise not_found("handoff") from None


async def _tell(
    request: web.Request, view: HandoffView, kind: str, person: dict[str, Any] | None
) -> None:
    """Tell the person's channel (if ``person``) and every console (``kind``) what changed."""
    hub = request.app[HUB]
    if person is not None:
        await hub.publish(conversation_topic(view.conversation_id), person)
    await hub.publish(CONSOLE, {"type": kind, "handoff": view.as_json()})


@api()
async def list_handoffs(request: web.Request, session: ConsoleSession) -> web.Response:
    """``GET /console/api/handoffs?status=waiting|active|closed`` (urgent first)."""
    status = _status(request)
    views = await run(request, handoffs.listing, status)
    if status == HandoffStatus.CLOSED:
        views = sorted(views, key=lambda view: view.waiting_since, reverse=True)[:CLOSED_SHOWN]
    return web.json_response([view.as_json() for view in views])


@api()
async def show(request: web.Request, session: ConsoleSession) -> web.Response:
    """``GET /console/api/handoffs/{id}``."""
    return web.json_response((await find(request, object_id(request))).as_json())


@api()
async def claim(request: web.Request, session: ConsoleSession) -> web.Response:
    """``POST /console/api/handoffs/{id}/claim``: the first caseworker wins, others get 409."""
    handoff_id = object_id(request)
    try:
        view = await run(request, handoffs.claim, handoff_id, session.caseworker_id)
    except HandoffNotFoundError:
        raise not_found("handoff") from None
    except AlreadyClaimedError:
        raise conflict(TEXTS["error_already_claimed"], "already_claimed") from None
    await _tell(request, view, "handoff_claimed", {"type": "claimed", "handoff_id": handoff_id})
    return web.json_response(view.as_json())


def _require_mine(view: HandoffView, session: ConsoleSession) -> None:
    if view.status != HandoffStatus.ACTIVE:
        raise conflict(TEXTS["error_not_active"], "not_active")
    if view.caseworker != session.username:
        raise ApiError(403, "not_yours", TEXTS["error_not_yours"])


@api()
async def send(request: web.Request, session: ConsoleSession) -> web.Response:
    """``POST /console/api/handoffs/{id}/messages {"text"}``: a reply to the person."""
    handoff_id = object_id(request)
    text = text_field(await json_body(request), "text", MAX_MESSAGE_LENGTH)
    view = await find(request, handoff_id)
    _require_mine(view, session)
    try:
        message = await run(request, handoffs.add_message, handoff_id, Sender.CASEWORKER, text)
    except HandoffNotFoundError:
        raise conflict(TEXTS["error_not_active"], "not_active") from None
    hub = request.app[HUB]
    await hub.publish(
        conversation_topic(view.conversation_id),
        {
            "type": "caseworker_message",
            "handoff_id": handoff_id,
            "message_id": message.id,
            "text": text,
        },
    )
    await hub.publish(
        CONSOLE,
        {"type": "caseworker_message", "handoff_id": handoff_id, "message_id": message.id},
    )
    return web.json_response(message.as_json(), status=201)


@api()
async def history(request: web.Request, session: ConsoleSession) -> web.Response:
    """``GET /console/api/handoffs/{id}/messages``: the chat, oldest first."""
    handoff_id = object_id(request)
    await find(request, handoff_id)
    found = await run(request, handoffs.messages, handoff_id)
    return web.json_response([message.as_json() for message in found])


@api()
async def close(request: web.Request, session: ConsoleSession) -> web.Response:
    """``POST /console/api/handoffs/{id}/close``: the assistant takes the conversation back."""
    handoff_id = object_id(request)
    try:
        view = await run(request, handoffs.close, handoff_id, session.caseworker_id)
    except HandoffNotFoundError:
        raise not_found("handoff") from None
    except NotYoursError:
        raise conflict(TEXTS["error_not_yours_active"], "not_yours") from None
    await _tell(request, view, "handoff_closed", {"type": "closed", "handoff_id": handoff_id})
    return web.json_response(view.as_json())


@api()
async def transfer(request: web.Request, session: ConsoleSession) -> web.Response:
    """``POST /console/api/handoffs/{id}/transfer {"to": username}``."""
    handoff_id = object_id(request)
    body = await json_body(request)
    to = body.get("to")
    if not isinstance(to, str) or not to.strip():
        raise bad_request(TEXTS["error_transfer_to"], "missing_to")
    account = await run(request, caseworkers.by_username, to)
    if account is None:
        raise bad_request(TEXTS["error_unknown_caseworker"], "unknown_caseworker")
    if account.id == session.caseworker_id:
        raise bad_request(TEXTS["error_transfer_self"], "transfer_to_self")
    try:
        view = await run(request, handoffs.transfer, handoff_id, session.caseworker_id, account.id)
    except HandoffNotFoundError:
        raise not_found("handoff") from None
    except NotYoursError:
        raise conflict(TEXTS["error_not_yours_active"], "not_yours") from None
    await _tell(request, view, "handoff_transferred", None)
    return web.json_response(view.as_json())


def setup(app: web.Application) -> None:
    """Add the handoff routes."""
    base = "/console/api/handoffs"
    app.router.add_get(base, list_handoffs)
    app.router.add_get(base + "/{id:\\d+}", show)
    app.router.add_post(base + "/{id:\\d+}/claim", claim)
    app.router.add_get(base + "/{id:\\d+}/messages", history)
    app.router.add_post(base + "/{id:\\d+}/messages", send)
    app.router.add_post(base + "/{id:\\d+}/close", close)
    app.router.add_post(base + "/{id:\\d+}/transfer", transfer)
    setup_notes(app, base, "handoff")
