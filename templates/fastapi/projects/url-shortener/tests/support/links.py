"""Helpers for tests of the links API."""

import uuid
from typing import Any

import httpx


def unique_url(label: str = "page") -> str:
    """A URL no other test (or test run) uses."""
    return f"https://example.com/{label}/{uuid.uuid4().hex}"


async def create_link(client: httpx.AsyncClient, url: str | None = None) -> dict[str, Any]:
    response = await client.post("/shorten", json={"url": url or unique_url()})
    assert response.status_code == 201, response.text
    return response.json()


async def access_count(client: httpx.AsyncClient, code: str) -> int:
    response = await client.get(f"/shorten/{code}/stats")
    assert response.status_code == 200, response.text
    return response.json()["accessCount"]
