"""Every 400 of the spec, for POST /shorten and PUT /shorten/{code}: never a 500 for bad input."""

from collections.abc import AsyncIterator

import httpx
import pytest

from app.links.schemas import MAX_URL_LENGTH
from tests.support.assertions import assert_error
from tests.support.links import create_link

LONG_URL = "https://example.com/" + "a" * (MAX_URL_LENGTH - len("https://example.com/") + 1)

INVALID_BODIES = [
    pytest.param({"url": "javascript:alert(1)"}, id="javascript"),
    pytest.param({"url": "ftp://example.com/file"}, id="ftp"),
    pytest.param({"url": "/relative/path"}, id="relative"),
    pytest.param({"url": "example.com"}, id="no-scheme"),
    pytest.param({"url": ""}, id="empty"),
    pytest.param({"url": "https://"}, id="no-host"),
    pytest.param({"url": 123}, id="number"),
    pytest.param({"url": None}, id="null"),
    pytest.param({"url": ["https://example.com"]}, id="list"),
    pytest.param({"url": {"href": "https://example.com"}}, id="object"),
    pytest.param({}, id="missing-url"),
    pytest.param({"link": "https://example.com"}, id="wrong-field"),
    pytest.param({"url": LONG_URL}, id="too-long"),
    pytest.param([], id="array-body"),
    pytest.param("https://example.com", id="string-body"),
    pytest.param(42, id="number-body"),
]

MALFORMED_JSON = [
    pytest.param(b'{"url": "https://example.com"', id="truncated"),
    pytest.param(b"{url: 'https://example.com'}", id="not-json"),
    pytest.param(b"\xff\xfe\x00garbage", id="binary"),
    pytest.param(b'{"url": "https://example.com"} trailing', id="trailing"),
]


@pytest.fixture
async def code(client: httpx.AsyncClient) -> str:
    return (await create_link(client))["shortCode"]


@pytest.mark.parametrize("body", INVALID_BODIES)
async def test_post_invalid_body_is_400_validation_error(
    client: httpx.AsyncClient, body: object
) -> None:
    error = assert_error(await client.post("/shorten", json=body), 400, "validation_error")
    assert error["details"] and all({"path", "message"} == set(d) for d in error["details"])


@pytest.mark.parametrize("body", INVALID_BODIES)
async def test_put_invalid_body_is_400_validation_error(
    client: httpx.AsyncClient, code: str, body: object
) -> None:
    response = await client.put(f"/shorten/{code}", json=body)
    assert_error(response, 400, "validation_error")


async def test_details_name_the_field(client: httpx.AsyncClient) -> None:
    error = assert_error(
        await client.post("/shorten", json={"url": "ftp://x"}), 400, "validation_error"
    )
    assert error["details"][0]["path"] == "url"
    assert "http" in error["details"][0]["message"]


@pytest.mark.parametrize("content", MALFORMED_JSON)
@pytest.mark.parametrize(
    "content_type",
    ["application/json", "text/plain", "application/x-www-form-urlencoded", None],
    ids=["json", "text", "form", "none"],
)
async def test_post_malformed_json_is_400_invalid_json(
    client: httpx.AsyncClient, content: bytes, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = await client.post("/shorten", content=content, headers=headers)
    assert_error(response, 400, "invalid_json")


@pytest.mark.parametrize("content", MALFORMED_JSON)
async def test_put_malformed_json_is_400_invalid_json(
    client: httpx.AsyncClient, code: str, content: bytes
) -> None:
    response = await client.put(
        f"/shorten/{code}", content=content, headers={"Content-Type": "application/json"}
    )
    assert_error(response, 400, "invalid_json")


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded"]
)  # the last one is what `curl -d` sends
async def test_json_is_read_whatever_the_content_type(
    client: httpx.AsyncClient, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = await client.post(
        "/shorten", content=b'{"url": "https://example.com/ct"}', headers=headers
    )
    assert response.status_code == 201


async def test_empty_body_is_not_json(client: httpx.AsyncClient) -> None:
    response = await client.post("/shorten", headers={"Content-Type": "application/json"})
    assert_error(response, 400, "invalid_json")


async def test_no_body_at_all_is_not_json(client: httpx.AsyncClient) -> None:
    assert_error(await client.post("/shorten"), 400, "invalid_json")


async def test_huge_body_is_413(client: httpx.AsyncClient) -> None:
    body = {"url": "https://example.com/" + "a" * 200_000}
    assert_error(await client.post("/shorten", json=body), 413, "payload_too_large")


async def test_huge_chunked_body_is_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"url": "https://example.com/'
        for _ in range(100):
            yield b"a" * 4096
        yield b'"}'

    response = await client.post(
        "/shorten", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert_error(response, 413, "payload_too_large")


async def test_post_to_a_code_is_405(client: httpx.AsyncClient, code: str) -> None:
    assert_error(await client.post(f"/shorten/{code}", json={}), 405, "method_not_allowed")
