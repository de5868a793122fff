"""Builds the FastAPI app: routes, error handlers, middleware, and the lifespan that owns the
Postgres pool, the Redis client and the chat (fan-out subscriber and presence heartbeat)."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import health
from app.chat import routes as chat
from app.chat.messages import MessageRepository
from app.chat.service import ChatService
from app.chat.websocket_server import UVICORN_OPTIONS
from app.database import create_pool
from app.errors import DEFAULT_ERROR_RESPONSES, install_error_handlers
from app.logging_config import configure_logging
from app.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from app.migrations import apply_migrations
from app.redis_client import create_redis
from app.settings import Settings, load_settings

MAX_BODY_BYTES = 64 * 1024


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    pool = await create_pool(settings.database_url)
    try:
        await apply_migrations(pool)
        redis = create_redis(settings.redis_url)
        messages = MessageRepository(pool)
        chat_service = ChatService(
            messages,
            redis,
            presence_ttl_seconds=settings.presence_ttl_seconds,
            messages_per_10_seconds=settings.messages_per_10_seconds,
        )
        app.state.pool = pool
        app.state.redis = redis
        app.state.messages = messages
        app.state.chat = chat_service
        # Run by app/serving.py when SIGTERM arrives, before uvicorn drops open connections: every
        # socket gets 1001 (going away) and its member leaves the other instances' rooms at once.
        app.state.shutdown_hooks = [chat_service.close_all]
        chat_service.start()
        try:
            yield
        finally:
            # The sockets are closed by now under app/serving.py; under another server, stop()
            # closes them. Then the heartbeat and the subscriber stop.
            await chat_service.stop()
            await redis.aclose()
    finally:
        await pool.close()


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="Chat Server",
        version="0.1.0",
        description=(
            "WebSocket chat rooms with history in Postgres, fan-out across instances over Redis "
            "pub/sub, and presence. Open `GET /ws?room=&name=` with a WebSocket client; the chat "
            "page is at `/`."
        ),
        lifespan=lifespan,
        responses=DEFAULT_ERROR_RESPONSES,
    )
    app.state.settings = settings
    app.state.uvicorn_options = UVICORN_OPTIONS  # for app/serving.py
    install_error_handlers(app)
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(RequestContextMiddleware)  # added last, so it runs first
    app.include_router(health.router)
    app.include_router(chat.router)
    return app


def create_app_from_env() -> FastAPI:
    """For `uvicorn --factory app.main:create_app_from_env`."""
    settings = load_settings()
    configure_logging(settings.log_level)
    return create_app(settings)
