"""Account management for admins: list, create, unlock, new password, remove."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from bot import caseworkers
from bot.caseworkers import Account, AccountError, UnknownAccountError, UsernameTakenError
from bot.console.auth import api
from bot.console.handling import ApiError, bad_request, json_body, not_found, run
from bot.console.keys import SESSIONS
from bot.console.sessions import ConsoleSession
from bot.console.texts import TEXTS
from bot.store.audit import caseworker
from bot.store.vocabulary import Role


def _string(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str):
        raise bad_request(f"{name!r} must be text", f"missing_{name}")
    return value


def _account_error(error: AccountError) -> ApiError:
    if isinstance(error, UsernameTakenError):
        return ApiError(409, "username_taken", str(error))
    if isinstance(error, UnknownAccountError):
        return not_found("account")
    return bad_request(str(error), "bad_account")


@api(Role.ADMIN)
async def list_users(request: web.Request, session: ConsoleSession) -> web.Response:
    """``GET /console/api/users``."""
    accounts = await run(request, caseworkers.listing)
    return web.json_response([account.as_json() for account in accounts])


@api(Role.ADMIN)
async def create_user(request: web.Request, session: ConsoleSession) -> web.Response:
    """``POST /console/api/users {"username", "role", "password"}``."""
    body = await json_body(request)
    username, password = _string(body, "username"), _string(body, "password")
    role = body.get("role", Role.CASEWORKER.value)
    try:
        account = await run(request, caseworkers.create, username, role, password)
    except AccountError as error:
        raise _account_error(error) from None
    return web.json_response(account.as_json(), status=201)


async def _changed(request: web.Request, work: Callable[..., Account], *args: str) -> web.Response:
    try:
        account = await run(request, work, request.match_info["username"], *args)
    except AccountError as error:
        raise _account_error(error) from None
    request.app[SESSIONS].drop_account(account.id)
    return web.json_response(account.as_json())


@api(Role.ADMIN)
async def unlock(request: web.Request, session: ConsoleSession) -> web.Response:
    """``POST /console/api/users/{username}/unlock``."""
    return await _changed(request, caseworkers.unlock, caseworker(session.caseworker_id))


@api(Role.ADMIN)
async def set_password(request: web.Request, session: ConsoleSession) -> web.Response:
    """``POST /console/api/users/{username}/password {"password"}``: ends their sessions."""
    password = _string(await json_body(request), "password")
    return await _changed(
        request, caseworkers.set_password, password, caseworker(session.caseworker_id)
    )


@api(Role.ADMIN)
async def remove(request: web.Request, session: ConsoleSession) -> web.Response:
    """``DELETE /console/api/users/{username}`` (not one's own account)."""
    if caseworkers.normalise_username(request.match_info["username"]) == session.username:
        raise bad_request(TEXTS["error_remove_self"], "remove_self")
    return await _changed(request, caseworkers.remove, caseworker(session.caseworker_id))


def setup(app: web.Application) -> None:
    """Add the account routes."""
    app.router.add_get("/console/api/users", list_users)
    app.router.add_post("/console/api/users", create_user)
    app.router.add_post("/console/api/users/{username}/unlock", unlock)
    app.router.add_post("/console/api/users/{username}/password", set_password)
    app.router.add_delete("/console/api/users/{username}", remove)
