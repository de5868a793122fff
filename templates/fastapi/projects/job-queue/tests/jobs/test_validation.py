"""Every 4xx of POST /jobs and GET /jobs: bad input is a 400 (or 413), never a 500."""

import json

import httpx
import pytest

from app.jobs.schemas import MAX_PAYLOAD_BYTES
from tests.support.assertions import assert_error

INVALID_BODIES = [
    pytest.param({}, "type", id="missing-type"),
    pytest.param({"type": "nope"}, "type", id="unknown-type"),
    pytest.param({"type": ""}, "type", id="empty-type"),
    pytest.param({"type": 7}, "type", id="number-type"),
    pytest.param({"type": None}, "type", id="null-type"),
    pytest.param({"type": ["echo"]}, "type", id="list-type"),
    pytest.param({"type": "echo", "maxAttempts": 0}, "maxAttempts", id="max-attempts-0"),
    pytest.param({"type": "echo", "maxAttempts": 101}, "maxAttempts", id="max-attempts-101"),
    pytest.param({"type": "echo", "maxAttempts": -1}, "maxAttempts", id="max-attempts-negative"),
    pytest.param({"type": "echo", "maxAttempts": "5"}, "maxAttempts", id="max-attempts-string"),
    pytest.param({"type": "echo", "maxAttempts": 2.5}, "maxAttempts", id="max-attempts-float"),
    pytest.param({"type": "echo", "maxAttempts": True}, "maxAttempts", id="max-attempts-bool"),
    pytest.param({"type": "echo", "maxAttempts": None}, "maxAttempts", id="max-attempts-null"),
    pytest.param({"type": "echo", "runAt": "tomorrow"}, "runAt", id="run-at-words"),
    pytest.param({"type": "echo", "runAt": ""}, "runAt", id="run-at-empty"),
    pytest.param({"type": "echo", "runAt": "2030-02-30T00:00:00Z"}, "runAt", id="run-at-feb-30"),
    pytest.param({"type": "echo", "runAt": "2030-01-01T25:00:00Z"}, "runAt", id="run-at-hour-25"),
    pytest.param({"type": "echo", "runAt": "2030-01-31T12:00:00"}, "runAt", id="run-at-no-zone"),
    pytest.param({"type": "echo", "runAt": "2030-01-31"}, "runAt", id="run-at-date-only"),
    pytest.param({"type": "echo", "runAt": 1893456000}, "runAt", id="run-at-number"),
    pytest.param({"type": "echo", "runAt": {}}, "runAt", id="run-at-object"),
    pytest.param({"type": "echo", "idempotencyKey": ""}, "idempotencyKey", id="key-empty"),
    pytest.param({"type": "echo", "idempotencyKey": "k" * 201}, "idempotencyKey", id="key-201"),
    pytest.param({"type": "echo", "idempotencyKey": 5}, "idempotencyKey", id="key-number"),
    pytest.param({"type": "echo", "idempotencyKey": "a\u0000b"}, "idempotencyKey", id="key-nul"),
    pytest.param({"type": "echo", "payload": "a\u0000b"}, "payload", id="payload-nul"),
    pytest.param({"type": "echo", "payload": {"k\u0000": 1}}, "payload", id="payload-nul-key"),
]


@pytest.mark.parametrize(("body", "field"), INVALID_BODIES)
async def test_invalid_body_is_400_validation_error_naming_the_field(
    client: httpx.AsyncClient, body: dict, field: str
) -> None:
    error = assert_error(await client.post("/jobs", json=body), 400, "validation_error")
    assert [detail["path"] for detail in error["details"]] == [field]
    assert all(detail["message"] for detail in error["details"])


@pytest.mark.parametrize("content", [b"[]", b'"echo"', b"42", b"null", b"true"])
async def test_a_body_that_is_not_an_object_is_400(
    client: httpx.AsyncClient, content: bytes
) -> None:
    response = await client.post("/jobs", content=content)  # JSON, but not an object
    assert_error(response, 400, "validation_error")


async def test_the_limits_themselves_are_accepted(client: httpx.AsyncClient) -> None:
    for body in [
        {"type": "echo", "maxAttempts": 1},
        {"type": "echo", "maxAttempts": 100},
        {"type": "echo", "maxAttempts": 7.0},  # the same JSON number as 7
        {"type": "echo", "idempotencyKey": "k"},
        {"type": "echo", "idempotencyKey": "k" * 200},
        {"type": "echo", "payload": "\\u0000 is only text here"},
    ]:
        response = await client.post("/jobs", json=body)
        assert response.status_code == 201, (body, response.text)


@pytest.mark.parametrize(
    "content",
    [b'{"type": "echo"', b"{type: echo}", b"\xff\xfe garbage", b'{"type": "echo"} trailing'],
    ids=["truncated", "not-json", "binary", "trailing"],
)
@pytest.mark.parametrize("content_type", ["application/json", "text/plain", None])
async def test_malformed_json_is_400_invalid_json(
    client: httpx.AsyncClient, content: bytes, content_type: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = await client.post("/jobs", content=content, headers=headers)
    assert_error(response, 400, "invalid_json")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
async def test_nan_and_infinity_are_not_json(client: httpx.AsyncClient, literal: str) -> None:
    content = f'{{"type": "echo", "payload": {{"x": {literal}}}}}'.encode()
    response = await client.post("/jobs", content=content)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] in ("invalid_json", "validation_error")


@pytest.mark.parametrize("headers", [{"Content-Type": "application/json"}, {}])
async def test_an_empty_body_is_400_invalid_json(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    assert_error(await client.post("/jobs", headers=headers), 400, "invalid_json")


async def test_json_is_read_whatever_the_content_type(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/jobs",
        content=b'{"type": "echo"}',
        headers={"Content-Type": "application/x-www-form-urlencoded"},  # what curl -d sends
    )
    assert response.status_code == 201


async def test_a_payload_of_1_mib_is_accepted(client: httpx.AsyncClient) -> None:
    payload = "x" * (MAX_PAYLOAD_BYTES - 2)  # plus its two quotes: exactly 1 MiB of JSON
    response = await client.post("/jobs", json={"type": "echo", "payload": payload})
    assert response.status_code == 201
    assert len(response.json()["payload"]) == len(payload)


async def test_a_payload_over_1_mib_is_413(client: httpx.AsyncClient) -> None:
    payload = "x" * (MAX_PAYLOAD_BYTES - 1)
    response = await client.post("/jobs", json={"type": "echo", "payload": payload})
    assert_error(response, 413, "payload_too_large")
    assert (await client.get("/stats")).json()["queued"] == 0


async def test_a_body_far_over_the_limit_is_413(client: httpx.AsyncClient) -> None:
    body = json.dumps({"type": "echo", "payload": "x" * (2 * MAX_PAYLOAD_BYTES)})
    assert_error(await client.post("/jobs", content=body), 413, "payload_too_large")


async def test_a_deeply_nested_payload_is_a_4xx(client: httpx.AsyncClient) -> None:
    content = b'{"type": "echo", "payload": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    response = await client.post("/jobs", content=content)
    assert 400 <= response.status_code < 500, response.text


@pytest.mark.parametrize(
    "params",
    [
        {"status": "done"},
        {"status": ""},
        {"limit": 0},
        {"limit": 201},
        {"limit": "ten"},
        {"limit": -5},
    ],
)
async def test_list_with_a_bad_status_or_limit_is_400(
    client: httpx.AsyncClient, params: dict
) -> None:
    error = assert_error(await client.get("/jobs", params=params), 400, "validation_error")
    assert [detail["path"] for detail in error["details"]] == list(params)
