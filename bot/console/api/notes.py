"""Notes on a handoff or a referral: the same two endpoints under each subject."""

from __future__ import annotations

from aiohttp import web

from bot.console import notes
from bot.console.auth import api
from bot.console.handling import json_body, not_found, object_id, run, text_field
from bot.console.sessions import ConsoleSession


def setup_notes(app: web.Application, base: str, subject: str) -> None:
    """Add ``GET`` and ``POST {base}/{id}/notes`` for ``subject`` ("handoff" or "referral")."""
    key = f"{subject}_id"

    @api()
    async def list_notes(request: web.Request, session: ConsoleSession) -> web.Response:
        """``GET .../{id}/notes``: oldest first."""
        subject_id = {key: object_id(request)}
        if not await run(request, notes.subject_exists, **subject_id):
            raise not_found(subject)
        found = await run(request, notes.listing, **subject_id)
        return web.json_response([note.as_json() for note in found])

    @api()
    async def add_note(request: web.Request, session: ConsoleSession) -> web.Response:
        """``POST .../{id}/notes {"text"}``."""
        subject_id = {key: object_id(request)}
        text = text_field(await json_body(request), "text", notes.MAX_NOTE_LENGTH)
        try:
            note = await run(request, notes.add, session.caseworker_id, text, **subject_id)
        except notes.SubjectNotFoundError:
            raise not_found(subject) from None
        return web.json_response(note.as_json(), status=201)

    app.router.add_get(base + "/{id:\\d+}/notes", list_notes)
    app.router.add_post(base + "/{id:\\d+}/notes", add_note)
