"""The website page at ``/``: a plain, working chat box (no external resources)."""

from __future__ import annotations

import html
import json
from pathlib import Path
from string import Template

from aiohttp import web

from bot.gateway.keys import CATALOG
from bot.gateway.locale_hint import hint_from_accept_language

STATIC_DIR = Path(__file__).resolve().parent / "static"
PAGE_KEYS = (
    "title",
    "safety_line",
    "placeholder",
    "send",
    "language_label",
    "connecting",
    "disconnected",
)

_PAGE = Template(
    """<!doctype html>
<html lang="$lang" dir="$dir">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>$title</title>
<link rel="stylesheet" href="/static/chat.css">
</head>
<body>
<header>
  <p id="safety" role="note">$safety_line</p>
  <label>$language_label <select id="language">$options</select></label>
</header>
<main id="log" aria-live="polite"></main>
<p id="status" role="status">$connecting</p>
<form id="composer" autocomplete="off">
  <input id="text" maxlength="2000" placeholder="$placeholder" aria-label="$placeholder">
  <button type="submit">$send</button>
</form>
<script id="texts" type="application/json">$texts</script>
<script src="/static/chat.js"></script>
</body>
</html>
"""
)


async def index(request: web.Request) -> web.Response:
    """Render the page in the browser's language where the assistant speaks it."""
    catalog = request.app[CATALOG]
    language = catalog.supported(
        hint_from_accept_language(request.headers.get("Accept-Language"), catalog.locales)
    )
    names = catalog.language_names()
    options = "".join(
        '<option value="{}"{}>{}</option>'.format(
            code, " selected" if code == language else "", html.escape(name)
        )
        for code, name in names.items()
    )
    texts = {
        code: {key: catalog.ui(key, code) for key in PAGE_KEYS} | {"dir": catalog.direction(code)}
        for code in names
    }
    body = _PAGE.substitute(
        lang=language,
        dir=catalog.direction(language),
        options=options,
        texts=json.dumps(texts, ensure_ascii=False).replace("</", "<\\/"),
        **{key: html.escape(catalog.ui(key, language)) for key in PAGE_KEYS},
    )
    return web.Response(
        text=body,
        content_type="text/html",
        headers={
            "Content-Security-Policy": "default-src 'self'; connect-src 'self'; object-src 'none'",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        },
    )


def setup(app: web.Application) -> None:
    """Add the page and its static files."""
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC_DIR)
