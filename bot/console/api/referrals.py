"""Referrals: the list, an audited full read, the status workflow and notes."""

from __future__ import annotations

from aiohttp import web

from bot import referrals
from bot.console import casefiles
from bot.console.api.notes import setup_notes
from bot.console.auth import api
from bot.console.handling import (
    bad_request,
    conflict,
    json_body,
    not_found,
    object_id,
    run,
)
from bot.console.sessions import ConsoleSession
from bot.console.texts import TEXTS
from bot.store.audit import caseworker
from bot.store.vocabulary import ReferralStatus


def parse_status(raw: object) -> ReferralStatus:
    """A referral status from input, or a 400 naming the valid ones."""
    try:
        return ReferralStatus(raw)
    except ValueError:
        names = ", ".join(member.value for member in ReferralStatus)
        raise bad_request(
            TEXTS["error_referral_status"].format(names=names), "bad_status"
        ) from None


@api()
async def list_referrals(request: web.Request, session: ConsoleSession) -> web.Response:
    """``GET /console/api/referrals[?status=...]``: newest first, no free text."""
    raw = request.query.get("status")
    status = None if raw in (None, "") else parse_status(raw)
    return web.json_response(await run(request, casefiles.listing, status))


@api()
async def show(request: web.Request, session: ConsoleSession) -> web.Response:
    """``GET /console/api/referrals/{id}``: the whole referral (the read is audited)."""
    referral_id = object_id(request)
    view = await run(request, casefiles.read, referral_id, session.caseworker_id)
    if view is None:
        raise not_found("referral")
    return web.json_response(casefiles.detail_json(view))


@api()
async def change_status(request: web.Request, session: ConsoleSession) -> web.Response:
    """``POST /console/api/referrals/{id}/status {"status"}``: 409 for a step not allowed."""
    referral_id = object_id(request)
    status = parse_status((await json_body(request)).get("status"))
    try:
        view = await run(
            request,
            referrals.change_status,
            referral_id,
            status,
            actor=caseworker(session.caseworker_id),
        )
    except referrals.ReferralNotFoundError:
        raise not_found("referral") from None
    except referrals.IllegalTransitionError as error:
        raise conflict(str(error), "illegal_transition") from None
    return web.json_response(casefiles.detail_json(view))


def setup(app: web.Application) -> None:
    """Add the referral routes."""
    base = "/console/api/referrals"
    app.router.add_get(base, list_referrals)
    app.router.add_get(base + "/{id:\\d+}", show)
    app.router.add_post(base + "/{id:\\d+}/status", change_status)
    setup_notes(app, base, "referral")
