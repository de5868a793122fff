"""Fan-out across instances with Redis pub/sub.

Every frame for a room is delivered to this instance's own members directly, and published on
`chat:<room>` for the members connected to other instances. Each instance subscribes once to
the pattern `chat:*` on a connection of its own, and skips what it published itself.

Pub/sub is fire-and-forget: an instance that is not subscribed at the moment of a publish
(Redis restarting, a network blip) never gets that frame. Clients catch up from the history in
Postgres; Redis Streams would let instances replay what they missed.
"""

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError

logger = logging.getLogger("app.chat.fanout")

CHANNEL_PREFIX = "chat:"
RECONNECT_MIN_SECONDS = 0.2
RECONNECT_MAX_SECONDS = 2.0
POLL_SECONDS = 1.0

# (room, frame, skip_name): hands a frame from another instance to the local members.
Deliver = Callable[[str, dict[str, Any], str | None], None]


class RedisFanout:
    def __init__(self, redis: Redis, instance_id: str, deliver: Deliver) -> None:
        self._redis = redis
        self._instance_id = instance_id
        self._deliver = deliver
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._publish_failing = False
        self.subscribed = asyncio.Event()  # set while the subscription is live

    async def publish(self, room: str, frame: dict[str, Any], skip_name: str | None = None) -> None:
        """Sends `frame` to the other instances. With Redis down it is dropped: only this
        instance's members get it (they got it already)."""
        envelope = {"origin": self._instance_id, "skipName": skip_name, "frame": frame}
        channel, payload = CHANNEL_PREFIX + room, json.dumps(envelope, ensure_ascii=False)
        try:
            try:
                await self._redis.publish(channel, payload)
            except RedisConnectionError:
                # After Redis comes back, a pooled connection that broke while it was away
                # fails on its first use: one more try, on a fresh connection.
                await self._redis.publish(channel, payload)
        except RedisError as exc:
            if not self._publish_failing:  # log when it starts failing, not every frame
                logger.warning("fan-out publish failing: redis down", extra={"reason": repr(exc)})
            self._publish_failing = True
        else:
            if self._publish_failing:
                logger.info("fan-out publish recovered")
            self._publish_failing = False

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._subscribe_forever(), name="fanout-subscriber")

    async def stop(self) -> None:
        if self._task is not None:
            self._stopping = True
            # The flag as well as cancel(): redis-py's read with a timeout can swallow a
            # cancellation that lands as its timeout expires; the loop then ends at its next poll.
            self._task.cancel()
            await asyncio.wait([self._task])
            self._task = None

    async def _subscribe_forever(self) -> None:
        """Holds the subscription, reconnecting (and resubscribing) whenever Redis goes away."""
        delay = RECONNECT_MIN_SECONDS
        while not self._stopping:
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(CHANNEL_PREFIX + "*")
                logger.info("fan-out subscribed", extra={"pattern": CHANNEL_PREFIX + "*"})
                self.subscribed.set()
                delay = RECONNECT_MIN_SECONDS
                while not self._stopping:
                    message = await pubsub.get_message(timeout=POLL_SECONDS)
                    if message is not None and message["type"] == "pmessage":
                        self._receive(message["channel"], message["data"])
            except (RedisError, OSError) as exc:
                if self.subscribed.is_set():
                    logger.warning(
                        "fan-out subscription lost, reconnecting", extra={"reason": repr(exc)}
                    )
                self.subscribed.clear()
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()
            if not self._stopping:
                await asyncio.sleep(delay)
                delay = min(delay * 2, RECONNECT_MAX_SECONDS)

    def _receive(self, channel: str, data: str) -> None:
        room = channel.removeprefix(CHANNEL_PREFIX)
        try:
            envelope = json.loads(data)
            if envelope["origin"] == self._instance_id:
                return  # our own members got it when we published it
            self._deliver(room, envelope["frame"], envelope.get("skipName"))
        except (ValueError, KeyError, TypeError) as exc:
            logger.warning("ignored a malformed fan-out message", extra={"reason": repr(exc)})
