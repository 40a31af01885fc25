from bot.gateway.app import create_app
from bot.language import service
from bot.settings import Settings


async def test_healthz(make_gateway):
    client, _ = await make_gateway()
    response = await client.get("/healthz")
    assert response.status == 200


async def test_readyz_when_everything_answers(make_gateway):
    client, _ = await make_gateway()
    response = await client.get("/readyz")
    assert response.status == 200
    assert (await response.json())["parts"] == {
        "rasa": "ready",
        "actions": "ready",
        "database": "ready",
    }


async def test_readyz_names_what_is_down(aiohttp_client, unused_tcp_port_factory, tmp_path):
    port = unused_tcp_port_factory()
    nowhere = f"http://127.0.0.1:{port}"
    settings = Settings(
        rasa_url=nowhere,
        actions_url=nowhere,
        rasa_token="secret",
        var_dir=tmp_path,
        database_url=f"postgresql://postgres@127.0.0.1:{port}/nothing",
    )
    client = await aiohttp_client(create_app(settings, ranker=service.detector().rank))
    response = await client.get("/readyz")
    assert response.status == 503
    assert (await response.json())["parts"] == {
        "rasa": "unavailable",
        "actions": "unavailable",
        "database": "unavailable",
    }
