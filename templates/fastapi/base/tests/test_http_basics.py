"""Behaviour every route shares: errors for unknown routes and methods, request ids, body size
limit, the 500 handler, and the OpenAPI document."""

import httpx
import pytest

from app.main import create_app
from tests.support.app_runner import client_for, started
from tests.support.assertions import assert_error
from tests.support.fixture_types import MakeSettings


async def test_unknown_route_is_404_not_found(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/no/such/route"), 404, "not_found")


async def test_wrong_method_is_405_method_not_allowed(client: httpx.AsyncClient) -> None:
    response = await client.delete("/health")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["allow"]


async def test_request_id_is_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"X-Request-Id": "my-trace.42"})
    assert response.headers["x-request-id"] == "my-trace.42"


@pytest.mark.parametrize("incoming", [None, "", "has spaces", "x" * 200])
async def test_request_id_is_generated_when_missing_or_unsafe(
    client: httpx.AsyncClient, incoming: str | None
) -> None:
    headers = {} if incoming is None else {"X-Request-Id": incoming}
    response = await client.get("/health", headers=headers)
    generated = response.headers["x-request-id"]
    assert generated and generated != incoming and len(generated) == 36


async def test_errors_carry_the_request_id_too(client: httpx.AsyncClient) -> None:
    response = await client.get("/no/such/route", headers={"X-Request-Id": "abc"})
    assert response.headers["x-request-id"] == "abc"


async def test_body_over_the_limit_is_413_payload_too_large(client: httpx.AsyncClient) -> None:
    # Larger than any route of any of these services accepts (the limit differs per project).
    response = await client.post("/health", content=b"x" * (16 * 1024 * 1024))
    assert_error(response, 413, "payload_too_large")


async def test_unexpected_errors_are_500_without_details(make_settings: MakeSettings) -> None:
    app = create_app(make_settings())

    async def broken() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/test/broken", broken)
    async with started(app), client_for(app) as client:
        response = await client.get("/test/broken", headers={"X-Request-Id": "boom-1"})
    error = assert_error(response, 500, "internal_error")
    assert "secret" not in response.text and "Traceback" not in response.text
    assert error["message"] == "Internal server error"
    assert response.headers["x-request-id"] == "boom-1"


async def test_openapi_document_and_docs_page(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert spec["openapi"].startswith("3.")
    assert "/health" in spec["paths"]
    assert "ErrorResponse" in spec["components"]["schemas"]
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert docs.headers["content-type"].startswith("text/html")
