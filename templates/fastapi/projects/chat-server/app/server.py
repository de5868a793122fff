"""uvicorn, set up for WebSockets, with a shutdown that says goodbye to every socket."""

import logging
import socket
import warnings

import uvicorn
from fastapi import FastAPI
from uvicorn.config import UvicornDeprecationWarning

from app.chat.frames import MAX_FRAME_BYTES
from app.chat.service import GOING_AWAY

# uvicorn's `websockets` implementation (not the newer sans-I/O one) for its closing timeouts:
# closing a socket whose client stopped reading gives up after a few seconds and drops the
# connection, where the sans-I/O one waits for the client to read again, however long that takes.
# uvicorn warns that it will retire this implementation one day; the pinned version keeps it.
warnings.filterwarnings(
    "ignore", message="The `websockets` implementation", category=UvicornDeprecationWarning
)


class _WithoutPerSocketInfoLines(logging.Filter):
    """The websockets library logs each socket's opening and closing at info level through
    uvicorn's logger (the records carry a `websocket` attribute). The chat logs joins and leaves
    itself, with the room and the member, so those lines are dropped; warnings and errors stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO or not hasattr(record, "websocket")


logging.getLogger("uvicorn.error").addFilter(_WithoutPerSocketInfoLines())


def server_config(app: FastAPI, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        ws="websockets",
        # A larger frame closes the socket with 1009 before it is read whole into memory.
        ws_max_size=MAX_FRAME_BYTES,
        lifespan="on",
        log_config=None,  # keep our JSON logging; uvicorn's loggers propagate to it
        access_log=False,  # RequestContextMiddleware logs each request with its id
        timeout_graceful_shutdown=10,
    )


class ChatServer(uvicorn.Server):
    """On SIGTERM uvicorn stops accepting, then drops every open WebSocket with 1012 (service
    restart). This server first closes them itself with 1001 (going away) and takes their
    members out of presence, so the other instances' rooms see them leave at once."""

    def __init__(self, config: uvicorn.Config, app: FastAPI) -> None:
        super().__init__(config)
        self._app = app

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()  # stop accepting first
        chat = getattr(self._app.state, "chat", None)
        if chat is not None:
            await chat.close_all(GOING_AWAY)
        await super().shutdown(sockets)
