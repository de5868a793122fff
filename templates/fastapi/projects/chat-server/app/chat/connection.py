"""One member's socket, and its bounded send queue.

Frames for a socket are never written by the code that produces them: they go into the socket's
queue, and one writer task per socket sends them in order. A member who stops reading (a phone
in a tunnel, a frozen tab) then only fills its own queue instead of holding up the room; when
the queue passes SEND_QUEUE_LIMIT_BYTES the socket is closed with 1013 (try again later), so the
server's memory stays bounded too.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable

from starlette.websockets import WebSocket, WebSocketDisconnect

from app.chat.frames import Outgoing
from app.chat.rate_limit import SlidingWindowLimiter

logger = logging.getLogger("app.chat.connection")

SEND_QUEUE_LIMIT_BYTES = 1024 * 1024
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
        send_queue_limit_bytes: int = SEND_QUEUE_LIMIT_BYTES,
    ) -> None:
        self.room = room
        self.name = name
        self.limiter = limiter  # this socket's message rate
        self.typing_limiter = typing_limiter  # and its typing frames, which are only dropped
        self.closing = False
        self._websocket = websocket
        self._on_closing = on_closing
        self._limit_bytes = send_queue_limit_bytes
        self._queue: asyncio.Queue[Outgoing] = asyncio.Queue()
        self._queued_bytes = 0  # frames waiting in the queue, plus the one being sent
        self._writer = asyncio.create_task(self._write_queued(), name=f"ws-writer-{name}")
        self._closer: asyncio.Task[None] | None = None

    def send(self, frame: Outgoing) -> None:
        """Queues a frame; never waits. Past the queue's budget the socket is closed instead."""
        if self.closing:
            return
        if self._queued_bytes + frame.size > self._limit_bytes:
            logger.warning(
                "closing a socket that stopped reading",
                extra={"room": self.room, "member": self.name, "queuedBytes": self._queued_bytes},
            )
            self.close_soon(TRY_AGAIN_LATER, "Too slow: send queue full")
            return
        self._queued_bytes += frame.size
        self._queue.put_nowait(frame)

    def close_soon(self, code: int, reason: str) -> None:
        """Starts closing the socket with `code` (once): queued frames are dropped."""
        if self.closing:
            return
        self.closing = True
        self._closer = asyncio.create_task(self._close(code, reason), name=f"ws-close-{self.name}")
        self._on_closing(self)

    async def close(self, code: int, reason: str) -> None:
        """Closes the socket with `code` and waits for the closing handshake."""
        self.close_soon(code, reason)
        if self._closer is not None:
            await asyncio.shield(self._closer)

    async def stop(self) -> None:
        """After the client went away: stops the writer (and waits for a close in progress)."""
        self._writer.cancel()
        await asyncio.wait([self._writer])
        if self._closer is not None:
            await asyncio.shield(self._closer)

    async def _close(self, code: int, reason: str) -> None:
        # The writer may be stuck sending to a client that stopped reading: stop it first, as
        # the socket takes one sender at a time. A frame it was sending is either on its way
        # whole or not at all.
        self._writer.cancel()
        await asyncio.wait([self._writer])
        self._queue = asyncio.Queue()
        self._queued_bytes = 0
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):  # the client closed first
            await self._websocket.close(code, reason)

    async def _write_queued(self) -> None:
        try:
            while True:
                frame = await self._queue.get()
                # Waits while the client's TCP window is full: that is how a slow reader's
                # frames pile up in this queue, where they are counted, and not elsewhere.
                await self._websocket.send_text(frame.text)
                self._queued_bytes -= frame.size
        except (RuntimeError, WebSocketDisconnect):
            pass  # the client went away; the receive loop sees it and cleans up
