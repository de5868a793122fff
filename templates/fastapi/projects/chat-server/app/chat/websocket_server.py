"""How uvicorn carries the chat's WebSockets: app.state.uvicorn_options, which app/serving.py
passes on to the server."""

import logging
import warnings
from typing import Any

from app.chat.frames import MAX_FRAME_BYTES

with warnings.catch_warnings():
    # uvicorn's `websockets` implementation runs on the websockets library's legacy API, and both
    # warn about that when imported. It is chosen on purpose (see below): the warnings are hidden.
    warnings.simplefilter("ignore")
    from uvicorn.protocols.websockets.websockets_impl import WebSocketProtocol


class ChatWebSocketProtocol(WebSocketProtocol):
    """uvicorn's `websockets` implementation rather than the sans-I/O one it picks by default,
    for its closing timeouts: closing the socket of a client that stopped reading gives up after
    a timeout and drops the connection, where the sans-I/O one waits for the client to read
    again, however long that takes."""

    async def ws_handler(self, protocol: Any, path: str = "") -> Any:
        # The same handler with `path` optional: the websockets library then calls it with the
        # connection alone, instead of warning on every connection about the old two-argument form.
        return await super().ws_handler(protocol, path)


UVICORN_OPTIONS: dict[str, Any] = {
    "ws": ChatWebSocketProtocol,
    # A larger frame closes the socket with 1009 before it is read whole into memory.
    "ws_max_size": MAX_FRAME_BYTES,
    # No permessage-deflate: a broadcast would be compressed once per socket, and chat frames are
    # small. Most of the CPU a message costs the server went there.
    "ws_per_message_deflate": False,
}


class _WithoutPerSocketInfoLines(logging.Filter):
    """The websockets library logs each socket's opening and closing at info level through
    uvicorn's logger (the records carry a `websocket` attribute). The chat logs joins and leaves
    itself, with the room and the member, so those lines are dropped; warnings and errors stay."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO or not hasattr(record, "websocket")


logging.getLogger("uvicorn.error").addFilter(_WithoutPerSocketInfoLines())
