"""Who is online, across every instance, in Redis: entries that expire unless refreshed.

Each room has a sorted set `presence:<room>` whose members are `"<name> <instance id>"`,
scored by the time (ms) the entry expires. An instance adds its members when they join,
refreshes them every TTL/3 (the heartbeat) and removes them when they leave or at shutdown. An
instance that crashes stops refreshing: its entries are past their expiry within TTL, nobody
lists them any more, and the next change or heartbeat in the room deletes them. A name is online
while one entry of it has not expired, so a name with sockets on two instances is listed once.

Each change runs as one Lua script: update the set, read the names, publish the presence frame on
`chat:<room>`. Redis runs a script whole, so presence frames reach the instances in the order the
changes happened (never a stale list last), and the scripts read Redis's clock (TIME), so
instances whose clocks disagree still agree on what has expired.
"""

from collections.abc import Sequence
from typing import Literal

from redis.asyncio import Redis

from app.chat.fanout import CHANNEL_PREFIX

KEY_PREFIX = "presence:"

_NOW_AND_NAMES = """
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local function names_of(entries)
  local seen, names = {}, {}
  for _, entry in ipairs(entries) do
    local name = string.match(entry, '^%S+')
    if not seen[name] then
      seen[name] = true
      names[#names + 1] = name
    end
  end
  -- Byte order, as Python sorts (Lua's < follows the locale).
  table.sort(names, function(a, b)
    for i = 1, math.min(#a, #b) do
      local x, y = string.byte(a, i), string.byte(b, i)
      if x ~= y then return x < y end
    end
    return #a < #b
  end)
  return names
end
"""

# KEYS: presence:<room>, chat:<room>. ARGV: room, instance id, TTL (ms), "always" or "changes"
# (publish only when an entry came or went), how many entries to add, those entries, then the
# entries to remove. Returns {entries that came or went, the presence frame}.
_UPDATE = (
    _NOW_AND_NAMES
    + """
local ttl = tonumber(ARGV[3])
local adds = tonumber(ARGV[5])
local changed = 0
for i = 6, 5 + adds do
  changed = changed + redis.call('ZADD', KEYS[1], now + ttl, ARGV[i])
end
for i = 6 + adds, #ARGV do
  changed = changed + redis.call('ZREM', KEYS[1], ARGV[i])
end
changed = changed + redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
-- The key itself goes away when every instance of the room stopped refreshing it.
if adds > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
local quoted = {}
for i, name in ipairs(names_of(redis.call('ZRANGE', KEYS[1], 0, -1))) do
  quoted[i] = cjson.encode(name)
end
local frame = '{"type":"presence","room":' .. cjson.encode(ARGV[1]) ..
  ',"members":[' .. table.concat(quoted, ',') .. ']}'
if ARGV[4] == 'always' or changed > 0 then
  -- The same envelope as RedisFanout.publish.
  redis.call('PUBLISH', KEYS[2],
    '{"origin":' .. cjson.encode(ARGV[2]) .. ',"skipName":null,"frame":' .. frame .. '}')
end
return {changed, frame}
"""
)

# KEYS: presence:<room>. Returns the names of the entries that have not expired.
_LIST = _NOW_AND_NAMES + "return names_of(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf'))"

Publish = Literal["always", "changes"]


class Presence:
    """Raises redis.RedisError when Redis is down; the caller decides what to do instead."""

    def __init__(self, redis: Redis, instance_id: str, ttl_seconds: int) -> None:
        self._redis = redis
        self._instance_id = instance_id
        self.ttl_seconds = ttl_seconds
        # redis-py sends a script by its SHA1 (EVALSHA), loading it first if Redis lacks it.
        self._update = redis.register_script(_UPDATE)
        self._list = redis.register_script(_LIST)

    def _entry(self, name: str) -> str:
        return f"{name} {self._instance_id}"

    def _update_args(
        self, room: str, add: Sequence[str], remove: Sequence[str], publish: Publish
    ) -> tuple[list[str], list[str | int]]:
        keys = [KEY_PREFIX + room, CHANNEL_PREFIX + room]
        entries = [self._entry(name) for name in [*add, *remove]]
        args: list[str | int] = [
            room,
            self._instance_id,
            self.ttl_seconds * 1000,
            publish,
            len(add),
        ]
        return keys, args + entries

    async def update(
        self,
        room: str,
        *,
        add: Sequence[str] = (),
        remove: Sequence[str] = (),
        publish: Publish = "always",
    ) -> str:
        """Adds and removes this instance's entries for these names; the room's presence frame
        goes to the other instances, and is returned (JSON) for this instance's members."""
        keys, args = self._update_args(room, add, remove, publish)
        _, frame = await self._update(keys=keys, args=args)
        return frame

    async def refresh(self, names_by_room: dict[str, list[str]]) -> dict[str, str]:
        """The heartbeat: moves this instance's entries TTL ahead and deletes expired ones, in
        one round trip. Returns the presence frames of the rooms where someone came or went."""
        pipe = self._redis.pipeline(transaction=False)
        for room, names in names_by_room.items():
            keys, args = self._update_args(room, names, [], "changes")
            await self._update(keys=keys, args=args, client=pipe)
        results = await pipe.execute()
        return {
            room: frame
            for room, (changed, frame) in zip(names_by_room, results, strict=True)
            if changed
        }

    async def members(self, room: str) -> list[str]:
        return await self._list(keys=[KEY_PREFIX + room])
