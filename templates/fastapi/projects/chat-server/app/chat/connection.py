"""One member's socket, and the byte budget of what it has not read yet.

Frames are written to a socket at once, never awaited: a room's delivery is one loop over its
sockets (rooms.py), which never waits for any of them. What a client has not taken yet stays in
its connection's write buffer. A member who stops reading (a phone in a tunnel, a frozen tab)
then only grows its own buffer instead of holding up the room; before each frame the buffer is
checked, and past SEND_BUFFER_LIMIT_BYTES the socket is closed with 1013 (try again later), so
the server's memory stays bounded too.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable

from starlette.websockets import WebSocket, WebSocketDisconnect

from app.chat.frames import Outgoing
from app.chat.rate_limit import SlidingWindowLimiter
from app.chat.websocket_server import RawSocket, raw_socket, write_text

logger = logging.getLogger("app.chat.connection")

SEND_BUFFER_LIMIT_BYTES = 1024 * 1024
TRY_AGAIN_LATER = 1013


class Connection:
    def __init__(
        self,
        websocket: WebSocket,
        room: str,
        name: str,
        *,
        limiter: SlidingWindowLimiter,
        typing_limiter: SlidingWindowLimiter,
        on_closing: Callable[["Connection"], None],
        send_buffer_limit_bytes: int = SEND_BUFFER_LIMIT_BYTES,
    ) -> None:
        self.room = room
        self.name = name
        self.limiter = limiter  # this socket's message rate
        self.typing_limiter = typing_limiter  # and its typing frames, which are only dropped
        self.closing = False
        # The socket frames are written to; the Starlette WebSocket receives and closes.
        self.socket: RawSocket = raw_socket(websocket)
        self._websocket = websocket
        self._on_closing = on_closing
        self._limit_bytes = send_buffer_limit_bytes
        self._closer: asyncio.Task[None] | None = None

    def accepts(self, frame: Outgoing) -> bool:
        """Whether `frame` may be written now. A socket whose unread bytes would pass the budget
        is closed instead: its client stopped reading."""
        if self.closing:
            return False
        buffered = self.socket.transport.get_write_buffer_size()
        if buffered + frame.size > self._limit_bytes:
            logger.warning(
                "closing a socket that stopped reading",
                extra={"room": self.room, "member": self.name, "bufferedBytes": buffered},
            )
            self.close_soon(TRY_AGAIN_LATER, "Too slow: send buffer full")
            return False
        return True

    def send(self, frame: Outgoing) -> None:
        """Writes a frame to this socket alone; never waits."""
        if self.accepts(frame):
            write_text([self.socket], frame.text)

    def close_soon(self, code: int, reason: str) -> None:
        """Starts closing the socket with `code` (once); no frame is written after this."""
        if self.closing:
            return
        self.closing = True
        self._closer = asyncio.create_task(self._close(code, reason), name=f"ws-close-{self.name}")
        self._on_closing(self)

    async def close(self, code: int, reason: str) -> None:
        """Closes the socket with `code` and waits for the closing handshake."""
        self.close_soon(code, reason)
        await self.stop()

    async def stop(self) -> None:
        """Waits for a close in progress, if any."""
        if self._closer is not None:
            await asyncio.shield(self._closer)

    async def _close(self, code: int, reason: str) -> None:
        # The close frame goes after the bytes still buffered; for a client that stopped
        # reading, the server gives up after its closing timeout and drops the connection.
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):  # the client closed first
            await self._websocket.close(code, reason)
