"""Idempotency keys: the same key returns the first job, also under concurrent requests."""

import asyncio
import uuid

import httpx


async def test_the_same_key_again_returns_the_first_job_with_200(
    client: httpx.AsyncClient,
) -> None:
    key = f"order-{uuid.uuid4()}"
    first = await client.post("/jobs", json={"type": "echo", "payload": 1, "idempotencyKey": key})
    again = await client.post("/jobs", json={"type": "echo", "payload": 2, "idempotencyKey": key})
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()  # the first job, payload 1: nothing new was created
    assert (await client.get("/stats")).json()["queued"] == 1


async def test_ten_concurrent_requests_with_one_key_create_one_job(
    client: httpx.AsyncClient,
) -> None:
    key = f"race-{uuid.uuid4()}"
    body = {"type": "echo", "idempotencyKey": key}
    responses = await asyncio.gather(*(client.post("/jobs", json=body) for _ in range(10)))

    assert sorted(response.status_code for response in responses) == [200] * 9 + [201]
    assert len({response.json()["id"] for response in responses}) == 1
    assert (await client.get("/stats")).json()["queued"] == 1


async def test_different_keys_and_no_key_create_separate_jobs(client: httpx.AsyncClient) -> None:
    bodies = [
        {"type": "echo", "idempotencyKey": "a"},
        {"type": "echo", "idempotencyKey": "b"},
        {"type": "echo"},
        {"type": "echo"},
    ]
    ids = set()
    for body in bodies:
        response = await client.post("/jobs", json=body)
        assert response.status_code == 201
        ids.add(response.json()["id"])
    assert len(ids) == 4
