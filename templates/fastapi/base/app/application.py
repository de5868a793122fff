"""How the app is put together: a lifespan that opens Postgres (running the migrations) and
Redis, the error handlers, the middleware, `GET /health` and the service's own routers.

app/main.py names only what is this service's own: its routers, its body size limit, and the
parts it builds on the shared connections (`services`)."""

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from pydantic.alias_generators import to_camel
from redis.asyncio import Redis
from starlette.types import ASGIApp

from app import health
from app.database import create_pool
from app.errors import DEFAULT_ERROR_RESPONSES, install_error_handlers
from app.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from app.migrations import apply_migrations
from app.redis_client import create_redis
from app.settings import Settings


@dataclass(frozen=True)
class Connections:
    """What the lifespan opened for the service's parts to share."""

    settings: Settings
    pool: asyncpg.Pool
    redis: Redis


# Builds the service's parts on the connections, puts what the routes need in app.state, and
# stops them when the block ends (background tasks first, while the connections are still open).
Services = Callable[[FastAPI, Connections], AbstractAsyncContextManager[None]]


def build_app(
    settings: Settings,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter],
    services: Services,
    max_body_bytes: int,
    middleware: Sequence[Callable[[ASGIApp], ASGIApp]] = (),
    server_options: Mapping[str, Any] | None = None,
) -> FastAPI:
    """The app: `routers` are included in order after /health (a catch-all path goes last);
    `middleware` runs after the request id is set and before the body size limit;
    `server_options` are what the service needs of uvicorn (read by app/serving.py)."""
    app = FastAPI(
        title=title,
        version="0.1.0",
        description=description,
        lifespan=_lifespan(services),
        responses=DEFAULT_ERROR_RESPONSES,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    app.state.uvicorn_options = dict(server_options or {})
    install_error_handlers(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=max_body_bytes)
    for middleware_class in middleware:
        app.add_middleware(middleware_class)
    app.add_middleware(RequestContextMiddleware)  # added last, so it runs first
    app.include_router(health.router)
    for router in routers:
        app.include_router(router)
    return app


def _operation_id(route: APIRoute) -> str:
    # Each operation in /openapi.json is named after its handler, `get_link` -> `getLink`: the
    # method name a client generated from the document gets, and what OpenAPI links refer to.
    return to_camel(route.name)


def _lifespan(services: Services) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings: Settings = app.state.settings
        pool = await create_pool(settings.database_url)
        try:
            await apply_migrations(pool)
            redis = create_redis(settings.redis_url)
            try:
                app.state.pool = pool  # for GET /health
                app.state.redis = redis
                # The block ends once the server stopped accepting and in-flight requests
                # finished; the service's parts stop before the connections close.
                async with services(app, Connections(settings, pool, redis)):
                    yield
            finally:
                await redis.aclose()
        finally:
            await pool.close()

    return lifespan
