"""The chat server's app: its routes, how uvicorn must carry its WebSockets, and the chat the
lifespan builds on Postgres and Redis (fan-out subscriber and presence heartbeat). The rest
(migrations, connections, error handlers, request ids, /health) is app/application.py."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.application import Connections, build_app
from app.chat import routes as chat
from app.chat.messages import MessageRepository
from app.chat.service import ChatService
from app.chat.websocket_server import UVICORN_OPTIONS
from app.settings import Settings

MAX_BODY_BYTES = 64 * 1024


@asynccontextmanager
async def chat_services(app: FastAPI, shared: Connections) -> AsyncIterator[None]:
    messages = MessageRepository(shared.pool)
    chat_service = ChatService(
        messages,
        shared.redis,
        presence_ttl_seconds=shared.settings.presence_ttl_seconds,
        messages_per_10_seconds=shared.settings.messages_per_10_seconds,
    )
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


def create_app(settings: Settings) -> FastAPI:
    return build_app(
        settings,
        title="Chat Server",
        description=(
            "WebSocket chat rooms with history in Postgres, fan-out across instances over Redis "
            "pub/sub, and presence. Open `GET /ws?room=&name=` with a WebSocket client; the chat "
            "page is at `/`."
        ),
        routers=[chat.router],
        services=chat_services,
        max_body_bytes=MAX_BODY_BYTES,
        server_options=UVICORN_OPTIONS,
    )
