"""Headers on every console response: a strict CSP, no framing, no caching, no referrer."""

from __future__ import annotations

from aiohttp import web

PREFIX = "/console"
STATIC_PREFIX = "/console/static/"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


async def add_headers(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare``: only the console's responses are touched."""
    if request.path != PREFIX and not request.path.startswith(PREFIX + "/"):
        return
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.path.startswith(STATIC_PREFIX):
        response.headers["Cache-Control"] = "no-store"


def setup(app: web.Application) -> None:
    """Register the header hook."""
    app.on_response_prepare.append(add_headers)
