"""The jobs API, call by call (no worker runs here, so jobs stay as the API left them)."""

import re
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx

from tests.support.assertions import assert_error
from tests.support.jobs import enqueue, get_job

ISO_MILLIS_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

JOB_FIELDS = {
    "id",
    "type",
    "status",
    "attempts",
    "maxAttempts",
    "runAt",
    "createdAt",
    "payload",
    "lastError",
    "result",
    "updatedAt",
    "finishedAt",
}


async def test_post_creates_a_queued_job(client: httpx.AsyncClient) -> None:
    response = await client.post("/jobs", json={"type": "echo", "payload": {"hello": ["world"]}})
    assert response.status_code == 201
    job = response.json()
    assert set(job) == JOB_FIELDS
    assert isinstance(job["id"], int)
    assert job["type"] == "echo"
    assert job["status"] == "queued"
    assert job["attempts"] == 0
    assert job["maxAttempts"] == 5
    assert job["payload"] == {"hello": ["world"]}
    assert job["lastError"] is None and job["result"] is None and job["finishedAt"] is None
    for field in ("runAt", "createdAt", "updatedAt"):
        assert ISO_MILLIS_UTC.match(job[field]), job[field]
    assert job["runAt"] == job["createdAt"]  # due at once


async def test_post_takes_max_attempts_and_run_at(client: httpx.AsyncClient) -> None:
    run_at = datetime.now(UTC) + timedelta(hours=1)
    job = await enqueue(client, "sleep", payload={"ms": 5}, maxAttempts=9, runAt=run_at.isoformat())
    assert job["maxAttempts"] == 9
    assert job["runAt"] == run_at.isoformat(timespec="milliseconds").replace("+00:00", "Z")


async def test_run_at_is_stored_in_utc(client: httpx.AsyncClient) -> None:
    with_offset = await enqueue(client, runAt="2030-01-31T14:00:00.250+02:00")
    in_utc = await enqueue(client, runAt="2030-01-31T12:00:00.250Z")
    assert with_offset["runAt"] == in_utc["runAt"] == "2030-01-31T12:00:00.250Z"


async def test_payload_defaults_to_null_and_keeps_any_json(client: httpx.AsyncClient) -> None:
    assert (await enqueue(client))["payload"] is None
    for payload in ["text", 42, 1.5, True, [1, "two", None], {"nested": {"deep": [{}]}}]:
        assert (await enqueue(client, payload=payload))["payload"] == payload


async def test_get_returns_the_job(client: httpx.AsyncClient) -> None:
    created = await enqueue(client, payload={"n": 1})
    assert await get_job(client, created["id"]) == created


async def test_get_unknown_or_impossible_ids_is_404(client: httpx.AsyncClient) -> None:
    for job_id in ["999999999", "0", "-1", "abc", "1.5", "9" * 30, "%C2%B2", "1e3"]:
        assert_error(await client.get(f"/jobs/{job_id}"), 404, "not_found")


async def test_list_is_newest_first_and_filters_by_status(
    client: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    ids = [(await enqueue(client))["id"] for _ in range(3)]
    await pool.execute("UPDATE jobs SET status = 'dead' WHERE id = $1", ids[1])

    response = await client.get("/jobs")
    assert response.status_code == 200
    assert [job["id"] for job in response.json()["jobs"]] == ids[::-1]
    assert set(response.json()["jobs"][0]) == JOB_FIELDS

    dead = (await client.get("/jobs", params={"status": "dead"})).json()["jobs"]
    assert [job["id"] for job in dead] == [ids[1]]
    queued = (await client.get("/jobs", params={"status": "queued", "limit": 1})).json()["jobs"]
    assert [job["id"] for job in queued] == [ids[2]]


async def test_list_limit_defaults_to_50(client: httpx.AsyncClient, pool: asyncpg.Pool) -> None:
    await pool.execute("INSERT INTO jobs (type) SELECT 'echo' FROM generate_series(1, 60)")
    assert len((await client.get("/jobs")).json()["jobs"]) == 50
    assert len((await client.get("/jobs", params={"limit": 200})).json()["jobs"]) == 60


async def test_stats_counts_every_status(client: httpx.AsyncClient, pool: asyncpg.Pool) -> None:
    assert (await client.get("/stats")).json() == {
        "queued": 0,
        "running": 0,
        "succeeded": 0,
        "failed": 0,
        "dead": 0,
    }
    ids = [(await enqueue(client))["id"] for _ in range(6)]
    statuses = ["running", "succeeded", "succeeded", "failed", "dead"]  # the first stays queued
    for job_id, status in zip(ids[1:], statuses, strict=True):
        await pool.execute("UPDATE jobs SET status = $2 WHERE id = $1", job_id, status)
    assert (await client.get("/stats")).json() == {
        "queued": 1,
        "running": 1,
        "succeeded": 2,
        "failed": 1,
        "dead": 1,
    }


async def test_retry_requeues_a_dead_job(client: httpx.AsyncClient, pool: asyncpg.Pool) -> None:
    job = await enqueue(client, "fail", maxAttempts=2)
    await pool.execute(
        """UPDATE jobs SET status = 'dead', attempts = 2, last_error = 'boom',
                  finished_at = now(), run_at = now() - interval '1 hour'
            WHERE id = $1""",
        job["id"],
    )
    response = await client.post(f"/jobs/{job['id']}/retry")
    assert response.status_code == 200
    retried = response.json()
    assert retried["status"] == "queued"
    assert retried["attempts"] == 0
    assert retried["finishedAt"] is None
    assert retried["lastError"] == "boom"  # why it died, until the next attempt says otherwise
    assert retried["runAt"] >= job["runAt"]  # due now, not an hour ago
    assert await get_job(client, job["id"]) == retried


async def test_retry_of_a_job_that_is_not_dead_is_409(
    client: httpx.AsyncClient, pool: asyncpg.Pool
) -> None:
    job = await enqueue(client)
    for status in ["queued", "running", "succeeded", "failed"]:
        await pool.execute("UPDATE jobs SET status = $2 WHERE id = $1", job["id"], status)
        error = assert_error(await client.post(f"/jobs/{job['id']}/retry"), 409, "conflict")
        assert status in error["message"]
    assert (await get_job(client, job["id"]))["status"] == "failed"  # unchanged


async def test_retry_of_an_unknown_job_is_404(client: httpx.AsyncClient) -> None:
    assert_error(await client.post("/jobs/999999999/retry"), 404, "not_found")
    assert_error(await client.post("/jobs/abc/retry"), 404, "not_found")


async def test_wrong_methods_are_405(client: httpx.AsyncClient) -> None:
    job = await enqueue(client)
    assert_error(await client.delete(f"/jobs/{job['id']}"), 405, "method_not_allowed")
    assert_error(await client.get(f"/jobs/{job['id']}/retry"), 405, "method_not_allowed")
    assert_error(await client.put("/jobs", json={}), 405, "method_not_allowed")


async def test_openapi_documents_every_call(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    paths = spec["paths"]
    assert set(paths["/jobs"]) == {"get", "post"}
    assert set(paths["/jobs/{id}"]) == {"get"}
    assert set(paths["/jobs/{id}/retry"]) == {"post"}
    assert set(paths["/stats"]) == {"get"}
    assert {"200", "201", "400", "413"} <= set(paths["/jobs"]["post"]["responses"])
    assert "409" in paths["/jobs/{id}/retry"]["post"]["responses"]
    enqueue_body = spec["components"]["schemas"]["EnqueueRequest"]["properties"]
    assert {"type", "payload", "runAt", "maxAttempts", "idempotencyKey"} == set(enqueue_body)
    assert enqueue_body["type"]["enum"] == ["echo", "sleep", "fail", "flaky"]
    created = paths["/jobs"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in created.values()} == {"getJob", "retryJob"}
    assert set(spec["components"]["schemas"]["JobOut"]["properties"]) == JOB_FIELDS
