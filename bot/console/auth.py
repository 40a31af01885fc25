"""Logging in and out, and the guards every console route passes: session, CSRF, role."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError
from yarl import URL

from bot import caseworkers
from bot.console.handling import ApiError, json_body, run
from bot.console.keys import CONSOLE_CONFIG, SESSIONS
from bot.console.sessions import ConsoleSession
from bot.console.texts import TEXTS
from bot.store.vocabulary import Role

logger = logging.getLogger(__name__)

COOKIE = "turva_console"
COOKIE_PATH = "/console"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_PAGE = "/console/login"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

ApiHandler = Callable[[web.Request, ConsoleSession], Awaitable[web.StreamResponse]]
Guarded = Callable[[web.Request], Awaitable[web.StreamResponse]]


def current_session(request: web.Request, touch: bool = True) -> ConsoleSession | None:
    """The live session the request's cookie opens, if any."""
    return request.app[SESSIONS].get(request.cookies.get(COOKIE), touch=touch)


def same_origin(request: web.Request) -> bool:
    """False when the browser says the request comes from another site."""
    origin = request.headers.get("Origin")
    if origin is None:
        return request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none")
    try:
        return URL(origin).raw_authority == request.host
    except ValueError:
        return False


def _checked(request: web.Request, role: Role) -> ConsoleSession:
    session = current_session(request)
    if session is None:
        raise ApiError(401, "not_logged_in", TEXTS["error_not_logged_in"])
    if request.method in UNSAFE_METHODS and not (
        same_origin(request) and session.csrf_ok(request.headers.get(CSRF_HEADER))
    ):
        raise ApiError(403, "csrf", TEXTS["error_csrf"])
    if not session.may(role):
        raise ApiError(403, "forbidden", TEXTS["error_forbidden"].format(role=role))
    return session


def api(role: Role = Role.CASEWORKER) -> Callable[[ApiHandler], Guarded]:
    """Guard a JSON handler: a session of at least ``role``, and a CSRF token on writes."""

    def decorate(handler: ApiHandler) -> Guarded:
        @functools.wraps(handler)
        async def guarded(request: web.Request) -> web.StreamResponse:
            try:
                return await handler(request, _checked(request, role))
            except ApiError as error:
                return error.response()
            except SQLAlchemyError as error:
                logger.error("console %s: database error %s", request.path, type(error).__name__)
                return ApiError(503, "database", TEXTS["error_database"]).response()

        return guarded

    return decorate


def _secure(request: web.Request) -> bool:
    mode = request.app[CONSOLE_CONFIG].secure_cookie
    return mode == "always" or (mode == "auto" and request.secure)


async def login(request: web.Request) -> web.Response:
    """``POST /console/api/login {"username", "password"}`` -> ``{"csrf_token": ...}``."""
    try:
        if not same_origin(request):
            raise ApiError(403, "csrf", TEXTS["error_csrf"])
        body = await json_body(request)
        username, password = body.get("username"), body.get("password")
        if not isinstance(username, str) or not isinstance(password, str):
            raise ApiError(400, "bad_login", TEXTS["error_login_fields"])
        account = await run(request, caseworkers.authenticate, username, password)
    except ApiError as error:
        return error.response()
    except SQLAlchemyError as error:
        logger.error("console login: database error %s", type(error).__name__)
        return ApiError(503, "database", TEXTS["error_database"]).response()
    if account is None:
        logger.info("console login refused")
        return ApiError(401, "login_failed", TEXTS["error_login_failed"]).response()
    sessions = request.app[SESSIONS]
    sessions.drop(request.cookies.get(COOKIE))  # never carry a session id across a login
    token, session = sessions.create(account)
    response = web.json_response({"csrf_token": session.csrf_token})
    response.set_cookie(
        COOKIE,
        token,
        path=COOKIE_PATH,
        httponly=True,
        samesite="Strict",
        secure=_secure(request),
    )
    return response


@api()
async def logout(request: web.Request, session: ConsoleSession) -> web.Response:
    """``POST /console/api/logout``: end the session and forget the cookie."""
    request.app[SESSIONS].drop(request.cookies.get(COOKIE))
    response = web.json_response({"status": "logged_out"})
    response.del_cookie(COOKIE, path=COOKIE_PATH)
    return response


@api()
async def me(request: web.Request, session: ConsoleSession) -> web.Response:
    """``GET /console/api/me``: who is logged in, and the session's CSRF token."""
    return web.json_response(
        {"username": session.username, "role": str(session.role), "csrf_token": session.csrf_token}
    )


def setup(app: web.Application) -> None:
    """Add the login and logout routes."""
    app.router.add_post("/console/api/login", login)
    app.router.add_post("/console/api/logout", logout)
    app.router.add_get("/console/api/me", me)
