"""A gateway wired to a stand-in Rasa server that echoes what it was sent."""

from __future__ import annotations

import pytest
from aiohttp import web

from bot.gateway.app import create_app
from bot.language import service
from bot.settings import Settings
from bot.store import open_store
from bot.store.migrate import upgrade

INTERNAL_TOKEN = "internal-secret"


def rasa_stand_in(down: bool = False) -> web.Application:
    """Answers like Rasa's REST channel: one message naming the language it was given."""
    app = web.Application()
    app["received"] = []

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        app["received"].append(body)
        if down:
            return web.Response(status=500)
        language = body["metadata"]["language"]
        return web.json_response(
            [
                {
                    "recipient_id": body["sender"],
                    "text": f"{language}: {body['message']}",
                    "buttons": [{"title": "OK", "payload": "/affirm"}],
                }
            ]
        )

    async def status(request: web.Request) -> web.Response:
        if request.query.get("token") != "secret":
            return web.Response(status=401)
        return web.json_response({"model_id": "abc", "model_file": "turva.tar.gz"})

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def parse(request: web.Request) -> web.Response:
        body = await request.json()
        intent = "danger" if "danger" in body["text"].lower() else "inform"
        return web.json_response({"text": body["text"], "intent": {"name": intent}})

    async def tracker_events(request: web.Request) -> web.Response:
        app["resumed"].append(request.match_info["sender"])
        return web.json_response({"sender_id": request.match_info["sender"]})

    app["resumed"] = []
    app.router.add_post("/model/parse", parse)
    app.router.add_post("/conversations/{sender}/tracker/events", tracker_events)
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_get("/status", status)
    app.router.add_get("/health", health)
    return app


@pytest.fixture
def make_gateway(aiohttp_client, aiohttp_server, tmp_path):
    async def make(down: bool = False):
        rasa = await aiohttp_server(rasa_stand_in(down))
        url = str(rasa.make_url("")).rstrip("/")
        settings = Settings(
            rasa_url=url,
            actions_url=url,
            rasa_token="secret",
            internal_token=INTERNAL_TOKEN,
            var_dir=tmp_path,
        )
        store = open_store(settings)
        upgrade(store.engine)
        store.close()
        client = await aiohttp_client(create_app(settings, ranker=service.detector().rank))
        return client, rasa.app

    return make
