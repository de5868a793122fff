"""The chat: joining and leaving rooms, handling each frame a member sends, presence and
shutdown. Postgres holds the history, Redis the fan-out and presence; with Redis down the
instance goes on serving its own members, with Postgres down sending answers an error frame."""

import asyncio
import logging
import uuid
from typing import Any

import asyncpg
from redis.asyncio import Redis
from redis.exceptions import RedisError
from starlette.types import Message
from starlette.websockets import WebSocket

from app.chat.connection import Connection
from app.chat.fanout import RedisFanout
from app.chat.frames import (
    MAX_FRAME_BYTES,
    FrameError,
    Outgoing,
    SendMessage,
    Typing,
    error_frame,
    parse_client_frame,
    presence_frame,
    typing_frame,
)
from app.chat.messages import ChatMessage, MessageRepository
from app.chat.presence import Presence
from app.chat.rate_limit import WINDOW_SECONDS, SlidingWindowLimiter
from app.chat.rooms import LocalRooms

logger = logging.getLogger("app.chat")

GOING_AWAY = 1001
MESSAGE_TOO_BIG = 1009
# How long shutdown waits for clients to answer the close frame before it drops them.
CLOSE_ALL_TIMEOUT_SECONDS = 5.0

# What "Postgres is unavailable" looks like to asyncpg: no connection, a broken one, a timeout.
STORAGE_ERRORS = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


class ChatService:
    def __init__(
        self,
        repository: MessageRepository,
        redis: Redis,
        *,
        presence_ttl_seconds: int,
        messages_per_10_seconds: int,
    ) -> None:
        self.instance_id = uuid.uuid4().hex  # tells this instance's entries and frames apart
        self._repository = repository
        self._rooms = LocalRooms()
        self._fanout = RedisFanout(redis, self.instance_id, self._deliver_from_elsewhere)
        self._presence = Presence(redis, self.instance_id, presence_ttl_seconds)
        self._messages_per_window = messages_per_10_seconds
        self._heartbeat: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[None]] = set()
        self._presence_failing = False
        self._closing = False

    @property
    def fanout(self) -> RedisFanout:
        return self._fanout

    def start(self) -> None:
        self._fanout.start()
        self._heartbeat = asyncio.create_task(self._refresh_presence(), name="presence-heartbeat")

    async def stop(self) -> None:
        """Closes every socket (if the server has not already), then stops the background work."""
        await self.close_all()
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            await asyncio.wait([self._heartbeat])
        if self._background:
            await asyncio.wait(self._background, timeout=CLOSE_ALL_TIMEOUT_SECONDS)
        await self._fanout.stop()

    # -- one socket, from the upgrade to the end ---------------------------------------------

    async def serve(self, websocket: WebSocket, room: str, name: str) -> None:
        """Runs one member's socket: join, then one frame at a time until it closes, then leave.

        Frames are handled strictly one after the other (never a task per frame), so a
        member's messages are stored, numbered and delivered in the order they were sent.
        """
        if self._closing:
            await websocket.close(GOING_AWAY)
            return
        await websocket.accept()
        connection = Connection(
            websocket,
            room,
            name,
            limiter=SlidingWindowLimiter(self._messages_per_window, WINDOW_SECONDS),
            typing_limiter=SlidingWindowLimiter(self._messages_per_window, WINDOW_SECONDS),
            on_closing=self._left_while_open,
        )
        logger.info("member joined", extra={"room": room, "member": name})
        try:
            await self._join(connection)
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                if not connection.closing:
                    await self._handle(connection, message)
        finally:
            await self._leave(connection)
            await connection.stop()
            logger.info("member left", extra={"room": room, "member": name})

    async def _handle(self, connection: Connection, message: Message) -> None:
        text = message.get("text")
        if text is None:
            data = message.get("bytes") or b""
            if len(data) > MAX_FRAME_BYTES:
                connection.close_soon(MESSAGE_TOO_BIG, "Frame larger than 16 KiB")
            else:
                self._send_error(connection, "binary_not_supported", "Frames must be JSON text")
            return
        if len(text) * 4 > MAX_FRAME_BYTES and len(text.encode()) > MAX_FRAME_BYTES:
            connection.close_soon(MESSAGE_TOO_BIG, "Frame larger than 16 KiB")
            return
        try:
            match parse_client_frame(text):
                case FrameError(code, error):
                    self._send_error(connection, code, error)
                case Typing():
                    if not connection.typing_limiter.allow():
                        return  # a hint, not a message: past its budget it is dropped silently
                    await self._broadcast(
                        connection.room,
                        typing_frame(connection.room, connection.name),
                        skip_name=connection.name,
                    )
                case SendMessage(text=message_text):
                    await self._send_message(connection, message_text)
        except Exception:
            # One bad frame must not end the member's session: log it, tell them, go on.
            logger.exception("frame failed", extra={"room": connection.room})
            self._send_error(connection, "internal_error", "Internal server error")

    async def _send_message(self, connection: Connection, text: str) -> None:
        if not connection.limiter.allow():
            self._send_error(
                connection,
                "rate_limited",
                f"Too many messages: at most {self._messages_per_window} per 10 seconds",
            )
            return
        try:
            stored: ChatMessage = await self._repository.insert(
                connection.room, connection.name, text
            )
        except STORAGE_ERRORS as exc:
            logger.warning("message not stored: postgres unavailable", extra={"reason": repr(exc)})
            self._send_error(
                connection, "unavailable", "The message could not be stored: try again"
            )
            return
        await self._broadcast(connection.room, stored.to_frame())

    def _send_error(self, connection: Connection, code: str, message: str) -> None:
        connection.send(Outgoing.of(error_frame(code, message)))

    # -- delivery ---------------------------------------------------------------------------

    async def _broadcast(
        self, room: str, frame: dict[str, Any], skip_name: str | None = None
    ) -> None:
        """To every member of the room: here directly, elsewhere through Redis."""
        self._rooms.deliver(room, Outgoing.of(frame), skip_name)
        await self._fanout.publish(room, frame, skip_name)

    def _deliver_from_elsewhere(
        self, room: str, frame: dict[str, Any], skip_name: str | None
    ) -> None:
        if self._rooms.has_room(room):
            self._rooms.deliver(room, Outgoing.of(frame), skip_name)

    # -- presence ---------------------------------------------------------------------------

    async def members(self, room: str) -> list[str]:
        """Who is in the room on every instance, sorted; with Redis down, who is here."""
        local = self._rooms.names(room)
        try:
            everywhere = await self._presence.members(room)
        except RedisError as exc:
            logger.warning(
                "members from this instance only: redis down", extra={"reason": repr(exc)}
            )
            everywhere = []
        return sorted(local.union(everywhere))

    async def _join(self, connection: Connection) -> None:
        self._rooms.add(connection)
        await self._announce_presence(connection.room, add=[connection.name])

    async def _leave(self, connection: Connection) -> None:
        if not self._rooms.remove(connection):
            return  # already left (closed by the server, or shutdown)
        # The name stays online while it has another socket here.
        gone = [] if self._rooms.has_name(connection.room, connection.name) else [connection.name]
        await self._announce_presence(connection.room, remove=gone)

    async def _announce_presence(
        self, room: str, add: list[str] | None = None, remove: list[str] | None = None
    ) -> None:
        """Records the change in Redis, which sends the room's presence frame to the other
        instances; this instance's members get the same frame here."""
        try:
            frame = await self._presence.update(room, add=add or (), remove=remove or ())
        except RedisError as exc:
            # The heartbeat records it once Redis is back; an entry left behind expires.
            logger.warning("presence not recorded: redis down", extra={"reason": repr(exc)})
            self._rooms.deliver(
                room, Outgoing.of(presence_frame(room, sorted(self._rooms.names(room))))
            )
            return
        self._rooms.deliver(room, Outgoing(frame, len(frame.encode())))

    def _left_while_open(self, connection: Connection) -> None:
        """The server is closing this socket (too slow, too big a frame): it leaves the room
        now, without waiting for the client to answer the close."""
        task = asyncio.create_task(self._leave(connection))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _refresh_presence(self) -> None:
        """The heartbeat: every TTL/3 our members' entries move TTL ahead, so one or two missed
        beats (a slow Redis call, a pause) do not make anyone vanish."""
        interval = self._presence.ttl_seconds / 3
        while True:
            await asyncio.sleep(interval)
            names_by_room: dict[str, list[str]] = {}
            for room, name in self._rooms.memberships():
                names_by_room.setdefault(room, []).append(name)
            if not names_by_room:
                continue
            try:
                changed = await self._presence.refresh(names_by_room)
            except RedisError as exc:
                if not self._presence_failing:
                    logger.warning("presence refresh failing", extra={"reason": repr(exc)})
                self._presence_failing = True
                continue
            if self._presence_failing:
                logger.info("presence refresh recovered")
            self._presence_failing = False
            # Someone came or went unseen (a crashed instance's members expired, or ours were
            # added back after Redis lost them): the other instances got the frame, ours too.
            for room, frame in changed.items():
                self._rooms.deliver(room, Outgoing(frame, len(frame.encode())))

    # -- shutdown ---------------------------------------------------------------------------

    async def close_all(
        self, code: int = GOING_AWAY, reason: str = "Server is shutting down"
    ) -> None:
        """Takes every member of this instance out of presence (telling the other instances),
        then closes every socket with `code` and waits (a bounded time) for the clients."""
        if self._closing:
            return
        self._closing = True
        connections = self._rooms.connections()
        memberships = self._rooms.memberships()
        for connection in connections:
            self._rooms.remove(connection)
        names_by_room: dict[str, list[str]] = {}
        for room, name in memberships:
            names_by_room.setdefault(room, []).append(name)
        try:
            for room, names in names_by_room.items():
                # The other instances' members hear at once; ours are being closed.
                await self._presence.update(room, remove=names)
        except RedisError as exc:
            # Our entries expire by themselves within the presence TTL.
            logger.warning("presence not removed: redis down", extra={"reason": repr(exc)})
        closing = [asyncio.create_task(c.close(code, reason)) for c in connections]
        if closing:
            await asyncio.wait(closing, timeout=CLOSE_ALL_TIMEOUT_SECONDS)
        logger.info("closed every socket", extra={"sockets": len(connections), "code": code})
