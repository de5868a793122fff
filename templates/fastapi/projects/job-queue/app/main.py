"""The job queue API's app: its routes and the job service the lifespan builds on Postgres and
Redis. The rest (migrations, connections, error handlers, request ids, /health) is
app/application.py. Workers are another process (`python -m app.worker`)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.application import Connections, build_app
from app.jobs import routes as jobs
from app.jobs.repository import JobRepository
from app.jobs.schemas import MAX_PAYLOAD_BYTES
from app.jobs.service import JobService
from app.settings import Settings

# A payload may be 1 MiB; the rest of the body (type, runAt, keys, whitespace) gets 64 KiB.
MAX_BODY_BYTES = MAX_PAYLOAD_BYTES + 64 * 1024


@asynccontextmanager
async def job_services(app: FastAPI, shared: Connections) -> AsyncIterator[None]:
    # Nothing runs in the background here: the workers run the jobs.
    app.state.jobs = JobService(JobRepository(shared.pool), shared.redis)
    yield


def create_app(settings: Settings) -> FastAPI:
    return build_app(
        settings,
        title="Job Queue",
        description=(
            "Enqueue jobs, follow them through retries to success or the dead letters, and "
            "requeue dead ones. Worker processes (`python -m app.worker`) run the jobs."
        ),
        routers=[jobs.router],
        services=job_services,
        max_body_bytes=MAX_BODY_BYTES,
    )
