"""How uvicorn carries the chat's WebSockets: app.state.uvicorn_options, which app/serving.py
passes on to the server, and the one way frames are written (write_text)."""

import logging
import warnings
from collections.abc import Iterable
from typing import Any

from starlette.websockets import WebSocket

from app.chat.frames import MAX_FRAME_BYTES

with warnings.catch_warnings():
    # uvicorn's `websockets` implementation runs on the websockets library's legacy API, and both
    # warn about that when imported. It is chosen on purpose (see below): the warnings are hidden.
    warnings.simplefilter("ignore")
    from uvicorn.protocols.websockets.websockets_impl import WebSocketProtocol
    from websockets.legacy.protocol import WebSocketCommonProtocol, broadcast

# A socket as the websockets library sees it: what write_text writes to.
RawSocket = WebSocketCommonProtocol

# The ASGI scope extension in which ChatWebSocketProtocol hands the app its socket.
RAW_SOCKET_EXTENSION = "websockets.connection"


class ChatWebSocketProtocol(WebSocketProtocol):
    """uvicorn's `websockets` implementation rather than the sans-I/O one it picks by default,
    for its closing timeouts: closing the socket of a client that stopped reading gives up after
    a timeout and drops the connection, where the sans-I/O one waits for the client to read
    again, however long that takes.

    It also hands each socket to the app, in the ASGI scope's extensions, so that a room's
    frames are written straight to its sockets (write_text) rather than through one `await
    websocket.send_text()` per socket: that halves what a message costs the server."""

    async def run_asgi(self) -> None:
        self.scope["extensions"][RAW_SOCKET_EXTENSION] = {"socket": self}
        await super().run_asgi()

    async def ws_handler(self, protocol: Any, path: str = "") -> Any:
        # The same handler with `path` optional: the websockets library then calls it with the
        # connection alone, instead of warning on every connection about the old two-argument form.
        return await super().ws_handler(protocol, path)


def raw_socket(websocket: WebSocket) -> RawSocket:
    """The socket under a Starlette WebSocket, as ChatWebSocketProtocol hands it over."""
    extension = (websocket.scope.get("extensions") or {}).get(RAW_SOCKET_EXTENSION)
    if extension is None:
        raise RuntimeError(
            "the chat needs the server options in app.state.uvicorn_options: "
            "start it with `python -m app`"
        )
    socket: RawSocket = extension["socket"]
    return socket


def write_text(sockets: Iterable[RawSocket], text: str) -> None:
    """Writes `text` as one text frame to each open socket, now: the frame is encoded once, and
    no socket is waited for. What a client has not read stays in its socket's write buffer,
    which Connection keeps within a budget."""
    broadcast(sockets, text)


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
