"""Builds the FastAPI app: routes, error handlers, middleware, and the lifespan that owns the
Postgres pool, the Redis client and the click flusher."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from app import health
from app.database import create_pool
from app.errors import DEFAULT_ERROR_RESPONSES, error_response, install_error_handlers
from app.links import routes as links
from app.links.cache import LinkCache
from app.links.clicks import ClickCounter
from app.links.rate_limit import RateLimiter
from app.links.repository import LinkRepository
from app.links.service import LinkService
from app.logging_config import configure_logging
from app.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from app.migrations import apply_migrations
from app.redis_client import create_redis
from app.settings import Settings, load_settings

# A link body is a URL of at most 2048 characters: 16 KiB is plenty.
MAX_BODY_BYTES = 16 * 1024


class OnlyPostOnCollection:
    """/shorten is the collection, never a short code: every method but POST is a 405 there,
    even GET, which GET /{code} would otherwise take (a random code spells "shorten" once in
    62^7 links)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == "/shorten" and scope["method"] != "POST":
            message = f"{scope['method']} is not allowed on this path"
            response = error_response(405, "method_not_allowed", message, headers={"Allow": "POST"})
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    pool = await create_pool(settings.database_url)
    try:
        await apply_migrations(pool)
        redis = create_redis(settings.redis_url)
        repository = LinkRepository(pool)
        clicks = ClickCounter(repository, redis)
        app.state.pool = pool
        app.state.redis = redis
        app.state.clicks = clicks
        app.state.links = LinkService(
            repository, LinkCache(redis, settings.cache_ttl_seconds), clicks
        )
        app.state.rate_limiter = RateLimiter(
            redis, settings.rate_limit_per_minute, trust_proxy=settings.trust_proxy
        )
        clicks.start_flushing()
        try:
            yield
        finally:
            # Runs after uvicorn stopped accepting and in-flight requests finished.
            await clicks.stop_flushing()  # also flushes the last pending counts
            await redis.aclose()
    finally:
        await pool.close()


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="URL Shortener",
        version="0.1.0",
        description="Shorten, resolve, redirect and count links.",
        lifespan=lifespan,
        responses=DEFAULT_ERROR_RESPONSES,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(OnlyPostOnCollection)
    app.add_middleware(RequestContextMiddleware)  # added last, so it runs first
    app.include_router(health.router)
    app.include_router(links.router)
    app.include_router(links.redirect_router)  # last: GET /{code} would shadow other paths
    return app


def create_app_from_env() -> FastAPI:
    """For `uvicorn --factory app.main:create_app_from_env`."""
    settings = load_settings()
    configure_logging(settings.log_level)
    return create_app(settings)
