"""The built-in job types, called directly."""

import time

import pytest

from app.jobs.handlers import HANDLERS, JobContext, JobPayloadError


def job(job_type: str, payload: object, attempt: int = 1) -> JobContext:
    return JobContext(id=1, type=job_type, payload=payload, attempt=attempt, max_attempts=5)


def test_the_registry_holds_the_built_in_types() -> None:
    assert set(HANDLERS) == {"echo", "sleep", "fail", "flaky"}


async def test_echo_returns_its_payload() -> None:
    assert await HANDLERS["echo"](job("echo", {"a": [1, 2]})) == {"a": [1, 2]}
    assert await HANDLERS["echo"](job("echo", None)) is None


async def test_sleep_waits_that_long() -> None:
    started = time.monotonic()
    assert await HANDLERS["sleep"](job("sleep", {"ms": 120})) == {"sleptMs": 120}
    assert 0.11 < time.monotonic() - started < 1


@pytest.mark.parametrize(
    "payload",
    [None, {}, {"ms": -1}, {"ms": 600_001}, {"ms": "10"}, {"ms": 1.5}, {"ms": True}, [100]],
)
async def test_sleep_with_a_bad_payload_fails(payload: object) -> None:
    with pytest.raises(JobPayloadError):
        await HANDLERS["sleep"](job("sleep", payload))


async def test_fail_always_raises() -> None:
    for attempt in range(1, 4):
        with pytest.raises(RuntimeError):
            await HANDLERS["fail"](job("fail", None, attempt))


async def test_flaky_fails_fail_times_then_succeeds() -> None:
    flaky = HANDLERS["flaky"]
    for attempt in (1, 2):
        with pytest.raises(RuntimeError, match=f"{attempt} of 2"):
            await flaky(job("flaky", {"failTimes": 2}, attempt))
    assert await flaky(job("flaky", {"failTimes": 2}, 3)) == {"succeededOnAttempt": 3}
    assert await flaky(job("flaky", {"failTimes": 0}, 1)) == {"succeededOnAttempt": 1}
    with pytest.raises(JobPayloadError):
        await flaky(job("flaky", {"failTimes": "two"}))
