"""GET /: the chat page, one HTML file that shows every text as text."""

import re

import httpx


async def test_the_chat_page_is_served_at_the_root(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "new WebSocket(" in page and "/rooms/" in page


async def test_the_page_never_renders_data_as_html(client: httpx.AsyncClient) -> None:
    script = (await client.get("/")).text
    assert "textContent" in script
    assert not re.search(r"(inner|outer)HTML\s*[+]?=|insertAdjacentHTML\(|document\.write", script)
