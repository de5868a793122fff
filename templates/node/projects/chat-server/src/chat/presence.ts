import type { Result } from 'ioredis';
import type { Logger } from '../logger.js';
import type { Redis } from '../redis.js';
import { channelFor } from './fanout.js';
import type { PresenceFrame } from './protocol.js';

/*
 * Who is online, across instances, with nothing to clean up after a crash.
 *
 * Each room has a sorted set `presence:<room>`. Each instance adds one entry
 * "<name> <instance id>" per member it serves, scored with the time (ms) the
 * entry expires, and refreshes its entries every TTL/3. Members are the names
 * of the entries not yet expired, deduplicated: a name with sockets on two
 * instances (or two tabs) is one member. An instance that dies stops
 * refreshing, and its members drop out within the TTL.
 *
 * The scripts read Redis's clock (TIME), so instances whose clocks disagree
 * still agree on what has expired. Running the change, the read and the
 * PUBLISH in one script makes them atomic: presence frames reach the
 * subscribers in the order the changes happened, never a stale list last.
 */

const NOW_AND_NAMES = `
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
  -- Byte order, like JavaScript's default sort (Lua's < follows the locale).
  table.sort(names, function(a, b)
    for i = 1, math.min(#a, #b) do
      local x, y = string.byte(a, i), string.byte(b, i)
      if x ~= y then return x < y end
    end
    return #a < #b
  end)
  return names
end
`;

// KEYS[1] presence:<room>; ARGV: channel, room, ttl ms, publish ('always' or
// 'changes'), number of entries to add, the entries to add, the entries to remove.
const UPDATE_PRESENCE = `${NOW_AND_NAMES}
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
if adds > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
local quoted = {}
for i, name in ipairs(names_of(redis.call('ZRANGE', KEYS[1], 0, -1))) do
  quoted[i] = cjson.encode(name)
end
local frame = '{"type":"presence","room":' .. cjson.encode(ARGV[2]) ..
  ',"members":[' .. table.concat(quoted, ',') .. ']}'
if ARGV[4] == 'always' or changed > 0 then redis.call('PUBLISH', ARGV[1], frame) end
return frame`;

// KEYS[1] presence:<room>: the names of the entries that have not expired.
const LIST_MEMBERS = `${NOW_AND_NAMES}
return names_of(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf'))`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    updatePresence(key: string, ...args: (string | number)[]): Result<string, Context>;
    listMembers(key: string): Result<string[], Context>;
  }
}

export const presenceKey = (room: string): string => `presence:${room}`;

/** A presence frame, serialised, and whether Redis published it to every instance. */
export interface PresenceUpdate {
  payload: string;
  published: boolean;
}

type PublishWhen = 'always' | 'changes';

export class Presence {
  // This instance's members: room -> name -> number of open sockets.
  private readonly local = new Map<string, Map<string, number>>();
  // Entries whose removal from Redis failed (Redis was down): retried by the heartbeat.
  private readonly staleEntries = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly instanceId: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {
    // ioredis sends each script once, then calls it by its SHA1 (EVALSHA).
    redis.defineCommand('updatePresence', { numberOfKeys: 1, lua: UPDATE_PRESENCE });
    redis.defineCommand('listMembers', { numberOfKeys: 1, lua: LIST_MEMBERS });
  }

  /** A socket joined `room` as `name`: the room hears the new member list. */
  join(room: string, name: string): Promise<PresenceUpdate> {
    const names = this.local.get(room) ?? new Map<string, number>();
    this.local.set(room, names);
    names.set(name, (names.get(name) ?? 0) + 1);
    this.staleEntries.get(room)?.delete(name);
    return this.update(room, [name], [], 'always');
  }

  /** A socket left. The name stays listed while it has another socket here. */
  leave(room: string, name: string): Promise<PresenceUpdate> {
    const names = this.local.get(room);
    const sockets = (names?.get(name) ?? 0) - 1;
    if (sockets > 0) {
      names!.set(name, sockets);
      return this.update(room, [], [], 'always');
    }
    names?.delete(name);
    if (names?.size === 0) this.local.delete(room);
    return this.update(room, [], [name], 'always');
  }

  /** Who is online in `room` on any instance, sorted; only this instance's members while Redis is down. */
  async members(room: string): Promise<string[]> {
    try {
      return await this.redis.listMembers(presenceKey(room));
    } catch (err) {
      this.logger.debug({ err, room }, 'presence read failed; listing local members');
      return this.localMembers(room);
    }
  }

  /** Refreshes this instance's entries every TTL/3, so they never expire while it lives. */
  start(): void {
    this.timer ??= setInterval(
      () => void this.heartbeat(),
      Math.max(1, Math.floor(this.ttlMs / 3)),
    );
    this.timer.unref();
  }

  /**
   * One refresh: re-adds this instance's entries (after Redis lost them, they
   * come back), retries failed removals, drops everyone's expired entries and,
   * when that changed the list, tells the room.
   */
  async heartbeat(): Promise<void> {
    const rooms = new Set([...this.local.keys(), ...this.staleEntries.keys()]);
    await Promise.all(
      [...rooms].map((room) =>
        this.update(
          room,
          [...(this.local.get(room)?.keys() ?? [])],
          [...(this.staleEntries.get(room) ?? [])],
          'changes',
        ),
      ),
    );
  }

  /** At shutdown: stops the heartbeat and removes whatever this instance still has listed. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const rooms = new Set([...this.local.keys(), ...this.staleEntries.keys()]);
    await Promise.all(
      [...rooms].map((room) =>
        this.update(
          room,
          [],
          [...(this.local.get(room)?.keys() ?? []), ...(this.staleEntries.get(room) ?? [])],
          'always',
        ),
      ),
    );
    this.local.clear();
  }

  localMembers(room: string): string[] {
    return [...(this.local.get(room)?.keys() ?? [])].sort();
  }

  private async update(
    room: string,
    add: string[],
    remove: string[],
    publish: PublishWhen,
  ): Promise<PresenceUpdate> {
    const entry = (name: string) => `${name} ${this.instanceId}`;
    try {
      const payload = await this.redis.updatePresence(
        presenceKey(room),
        channelFor(room),
        room,
        this.ttlMs,
        publish,
        add.length,
        ...add.map(entry),
        ...remove.map(entry),
      );
      if (remove.length > 0) this.forgetStale(room, remove);
      return { payload, published: true };
    } catch (err) {
      this.logger.debug({ err, room }, 'presence update failed; redis unavailable');
      if (remove.length > 0) this.rememberStale(room, remove);
      const frame: PresenceFrame = { type: 'presence', room, members: this.localMembers(room) };
      return { payload: JSON.stringify(frame), published: false };
    }
  }

  private rememberStale(room: string, names: string[]): void {
    const stale = this.staleEntries.get(room) ?? new Set<string>();
    for (const name of names) stale.add(name);
    this.staleEntries.set(room, stale);
  }

  private forgetStale(room: string, names: string[]): void {
    const stale = this.staleEntries.get(room);
    if (!stale) return;
    for (const name of names) stale.delete(name);
    if (stale.size === 0) this.staleEntries.delete(room);
  }
}
