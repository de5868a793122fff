"""Builds the FastAPI app of the job queue's API: routes, error handlers, middleware, and the
lifespan that owns the Postgres pool and the Redis client. Workers are another process
(`python -m app.worker`)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import health
from app.database import create_pool
from app.errors import DEFAULT_ERROR_RESPONSES, install_error_handlers
from app.jobs import routes as jobs
from app.jobs.repository import JobRepository
from app.jobs.schemas import MAX_PAYLOAD_BYTES
from app.jobs.service import JobService
from app.logging_config import configure_logging
from app.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from app.migrations import apply_migrations
from app.redis_client import create_redis
from app.settings import Settings, load_settings

# A payload may be 1 MiB; the rest of the body (type, runAt, keys, whitespace) gets 64 KiB.
MAX_BODY_BYTES = MAX_PAYLOAD_BYTES + 64 * 1024


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    pool = await create_pool(settings.database_url)
    try:
        await apply_migrations(pool)
        redis = create_redis(settings.redis_url)
        app.state.pool = pool
        app.state.redis = redis
        app.state.jobs = JobService(JobRepository(pool), redis)
        try:
            yield
        finally:
            # Runs after uvicorn stopped accepting and in-flight requests finished.
            await redis.aclose()
    finally:
        await pool.close()


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="Job Queue",
        version="0.1.0",
        description=(
            "Enqueue jobs, follow them through retries to success or the dead letters, and "
            "requeue dead ones. Worker processes (`python -m app.worker`) run the jobs."
        ),
        lifespan=lifespan,
        responses=DEFAULT_ERROR_RESPONSES,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(RequestContextMiddleware)  # added last, so it runs first
    app.include_router(health.router)
    app.include_router(jobs.router)
    return app


def create_app_from_env() -> FastAPI:
    """For `uvicorn --factory app.main:create_app_from_env`."""
    settings = load_settings()
    configure_logging(settings.log_level)
    return create_app(settings)
