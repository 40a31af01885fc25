import logging

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.gateway.access_log import PrivateAccessLogger

SECRET_NAME = "aino.virtanen"


async def server_with_a_named_path() -> TestServer:
    async def unlock(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/users/{username}/unlock", unlock)
    server = TestServer(app)
    await server.start_server(access_log_class=PrivateAccessLogger)
    return server


async def test_logs_the_route_template_status_and_nothing_identifying(aiohttp_client, caplog):
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    client = await aiohttp_client(await server_with_a_named_path())
    headers = {"User-Agent": "Borrowed-Phone/1.0", "Referer": "https://example.org/secret"}
    response = await client.post(f"/users/{SECRET_NAME}/unlock?ref=TRV-1234", headers=headers)
    assert response.status == 200

    lines = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert len(lines) == 1
    assert lines[0].startswith("POST /users/{username}/unlock 200 ")
    for private in (SECRET_NAME, "127.0.0.1", "Borrowed-Phone", "example.org", "TRV-1234"):
        assert private not in lines[0]


async def test_an_unknown_path_is_logged_without_its_value(aiohttp_client, caplog):
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    client = await aiohttp_client(await server_with_a_named_path())
    response = await client.get(f"/profile/{SECRET_NAME}")
    assert response.status == 404

    (line,) = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert line.startswith("GET (no route) 404 ")
