"""Who is online, across every instance, in Redis: entries that expire unless refreshed.

Each room has a sorted set `presence:<room>` whose members are `"<name> <instance id>"`,
scored by the time (ms) the entry expires. An instance adds its members when they join,
refreshes them every TTL/3 (the heartbeat) and removes them when they leave or at shutdown. An
instance that crashes stops refreshing: its entries are past their expiry within TTL and nobody
lists them any more; the next heartbeat of another instance in the room deletes them. A name is
online when at least one entry of it has not expired, so a name with sockets on two instances is
listed once and stays listed until both are gone.
"""

import time

from redis.asyncio import Redis

KEY_PREFIX = "presence:"


def _key(room: str) -> str:
    return KEY_PREFIX + room


def _now_ms() -> int:
    return int(time.time() * 1000)


class Presence:
    """Raises redis.RedisError when Redis is down; the caller decides what to do instead."""

    def __init__(self, redis: Redis, instance_id: str, ttl_seconds: int) -> None:
        self._redis = redis
        self._instance_id = instance_id
        self.ttl_seconds = ttl_seconds

    def _entry(self, name: str) -> str:
        return f"{name} {self._instance_id}"

    async def add(self, room: str, name: str) -> None:
        await self.refresh([(room, name)])

    async def remove(self, room: str, name: str) -> None:
        await self._redis.zrem(_key(room), self._entry(name))

    async def remove_all(self, memberships: list[tuple[str, str]]) -> None:
        pipe = self._redis.pipeline(transaction=False)
        for room, name in memberships:
            pipe.zrem(_key(room), self._entry(name))
        await pipe.execute()

    async def refresh(self, memberships: list[tuple[str, str]]) -> set[str]:
        """Moves the expiry of these (room, name) entries TTL ahead, deletes the expired
        entries of their rooms, and returns the rooms where some were deleted."""
        now = _now_ms()
        expires_at = now + self.ttl_seconds * 1000
        rooms = sorted({room for room, _ in memberships})
        pipe = self._redis.pipeline(transaction=False)
        for room, name in memberships:
            pipe.zadd(_key(room), {self._entry(name): expires_at})
        for room in rooms:
            pipe.zremrangebyscore(_key(room), "-inf", now)
            # The key itself goes away when every instance of the room stopped refreshing it.
            pipe.expire(_key(room), self.ttl_seconds)
        results = await pipe.execute()
        expired_counts = results[len(memberships) :: 2]
        return {room for room, expired in zip(rooms, expired_counts, strict=True) if expired}

    async def members(self, room: str) -> set[str]:
        entries = await self._redis.zrangebyscore(_key(room), _now_ms(), "+inf")
        return {entry.partition(" ")[0] for entry in entries}
