"""What every console handler shares: JSON errors, input parsing, store work off the loop."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from aiohttp import web

from bot.gateway.keys import STORE
from bot.store import Store

logger = logging.getLogger(__name__)

T = TypeVar("T")
MAX_ID = 2**31 - 1


class ApiError(Exception):
    """An answer other than success, with a machine-readable code and a clear message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def response(self) -> web.Response:
        """The error as the console API's JSON body."""
        return web.json_response({"error": self.code, "message": self.message}, status=self.status)


def bad_request(message: str, code: str = "bad_request") -> ApiError:
    """A 400 for input that cannot be used."""
    return ApiError(400, code, message)


def not_found(what: str) -> ApiError:
    """A 404 naming what was not found."""
    return ApiError(404, "not_found", f"no such {what}")


def conflict(message: str, code: str = "conflict") -> ApiError:
    """A 409 for a request the object's current state does not allow."""
    return ApiError(409, code, message)


async def run(request: web.Request, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run synchronous store work in the default thread pool; ``work(store, *args)``."""
    store: Store = request.app[STORE]
    call = functools.partial(work, store, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(None, call)


async def json_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object, or a 400 saying what is wrong with it."""
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise bad_request("the body must be a JSON object", "bad_json") from None
    if not isinstance(body, dict):
        raise bad_request("the body must be a JSON object", "bad_json")
    return body


def text_field(body: dict[str, Any], name: str, max_length: int) -> str:
    """A required, non-blank text field of at most ``max_length`` characters."""
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{name!r} must be non-empty text", f"missing_{name}")
    if len(value) > max_length:
        raise bad_request(f"{name!r} is longer than {max_length} characters", f"long_{name}")
    return value.strip()


def object_id(request: web.Request, name: str = "id") -> int:
    """A numeric id from the path; one no row can have is a 404."""
    try:
        value = int(request.match_info[name])
    except (KeyError, ValueError):
        raise not_found("object") from None
    if not 0 < value <= MAX_ID:
        raise not_found("object")
    return value
