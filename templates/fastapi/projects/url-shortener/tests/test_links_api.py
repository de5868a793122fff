"""The API table: create, read, update, delete, stats, and their 404s."""

import asyncio
from datetime import datetime

import httpx
import pytest

from tests.support.assertions import assert_error
from tests.support.links import access_count, create_link, unique_url


def _parse_time(value: str) -> datetime:
    assert value.endswith("Z") and len(value) == len("2025-01-31T12:00:00.123Z"), value
    return datetime.fromisoformat(value)


async def test_create_returns_201_with_the_link(client: httpx.AsyncClient) -> None:
    url = unique_url()
    response = await client.post("/shorten", json={"url": url})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "url", "shortCode", "createdAt", "updatedAt"}
    assert isinstance(body["id"], int)
    assert body["url"] == url
    assert len(body["shortCode"]) == 7 and body["shortCode"].isalnum()
    assert _parse_time(body["createdAt"]) == _parse_time(body["updatedAt"])


async def test_the_same_url_twice_gets_two_codes(client: httpx.AsyncClient) -> None:
    url = unique_url()
    first, second = await create_link(client, url), await create_link(client, url)
    assert first["shortCode"] != second["shortCode"]


async def test_get_returns_the_link(client: httpx.AsyncClient) -> None:
    link = await create_link(client)
    response = await client.get(f"/shorten/{link['shortCode']}")
    assert response.status_code == 200
    assert response.json() == link


async def test_put_changes_the_url_and_moves_updated_at_forward(
    client: httpx.AsyncClient,
) -> None:
    link = await create_link(client)
    new_url = unique_url("new")
    response = await client.put(f"/shorten/{link['shortCode']}", json={"url": new_url})
    assert response.status_code == 200
    updated = response.json()
    assert updated["url"] == new_url
    assert updated["id"] == link["id"] and updated["shortCode"] == link["shortCode"]
    assert updated["createdAt"] == link["createdAt"]
    assert _parse_time(updated["updatedAt"]) > _parse_time(link["updatedAt"])
    assert (await client.get(f"/shorten/{link['shortCode']}")).json() == updated


async def test_delete_returns_204_then_the_code_is_gone(client: httpx.AsyncClient) -> None:
    code = (await create_link(client))["shortCode"]
    response = await client.delete(f"/shorten/{code}")
    assert response.status_code == 204
    assert response.content == b""
    assert_error(await client.get(f"/shorten/{code}"), 404, "not_found")
    assert_error(await client.get(f"/{code}"), 404, "not_found")
    assert_error(await client.delete(f"/shorten/{code}"), 404, "not_found")


async def test_stats_returns_the_link_with_its_access_count(client: httpx.AsyncClient) -> None:
    link = await create_link(client)
    response = await client.get(f"/shorten/{link['shortCode']}/stats")
    assert response.status_code == 200
    assert response.json() == {**link, "accessCount": 0}


@pytest.mark.parametrize("code", ["zzzzzzz", "Nope123", "0000000000"])
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/shorten/{code}", None),
        ("PUT", "/shorten/{code}", {"url": "https://example.com"}),
        ("DELETE", "/shorten/{code}", None),
        ("GET", "/shorten/{code}/stats", None),
        ("GET", "/{code}", None),
    ],
)
async def test_unknown_codes_are_404(
    client: httpx.AsyncClient, method: str, path: str, body: dict | None, code: str
) -> None:
    response = await client.request(method, path.format(code=code), json=body)
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize(
    "code", ["abc-def", "abc_def", "%C3%A9t%C3%A9", "a%20b", "%00", "a" * 65, "%27%3B--"]
)
async def test_codes_outside_the_alphabet_are_404(client: httpx.AsyncClient, code: str) -> None:
    for path in (f"/shorten/{code}", f"/shorten/{code}/stats", f"/{code}"):
        assert_error(await client.get(path), 404, "not_found")
    assert_error(await client.put(f"/shorten/{code}", json={"url": unique_url()}), 404, "not_found")
    assert_error(await client.delete(f"/shorten/{code}"), 404, "not_found")


async def test_concurrent_creates_all_get_unique_codes(client: httpx.AsyncClient) -> None:
    links = await asyncio.gather(*(create_link(client) for _ in range(20)))
    assert len({link["shortCode"] for link in links}) == 20


async def test_reading_the_json_does_not_count(client: httpx.AsyncClient) -> None:
    code = (await create_link(client))["shortCode"]
    for _ in range(3):
        assert (await client.get(f"/shorten/{code}")).status_code == 200
    assert await access_count(client, code) == 0


async def test_openapi_documents_every_call(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert set(paths["/shorten"]) == {"post"}
    assert set(paths["/shorten/{code}"]) == {"get", "put", "delete"}
    assert set(paths["/shorten/{code}/stats"]) == {"get"}
    assert set(paths["/{code}"]) == {"get"}
    create = paths["/shorten"]["post"]
    assert {"201", "400", "429"} <= set(create["responses"])
    assert "422" not in create["responses"]
    assert "302" in paths["/{code}"]["get"]["responses"]
