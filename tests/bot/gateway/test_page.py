async def test_page_in_browser_language_with_safety_line(make_gateway):
    client, _ = await make_gateway()
    response = await client.get("/", headers={"Accept-Language": "fi"})
    assert response.status == 200
    page = await response.text()
    assert '<html lang="fi" dir="ltr">' in page
    assert "112" in page and "+358 2954 63 177" in page
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


async def test_static_script_is_served(make_gateway):
    client, _ = await make_gateway()
    response = await client.get("/static/chat.js")
    assert response.status == 200
    assert "textContent" in await response.text()
