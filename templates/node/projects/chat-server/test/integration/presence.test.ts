import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { channelFor } from '../../src/chat/fanout.js';
import { Presence, presenceKey } from '../../src/chat/presence.js';
import { eventually, uniqueRoom } from '../support/chat-client.js';
import { CLOSED_REDIS_URL, silentLogger } from '../support/config.js';

// Short, for the test; long enough that a busy machine still refreshes in time (every TTL/3).
const TTL_MS = 2_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Presence', () => {
  const redis = new Redis(inject('redisUrl'));
  // Subscribed only once connected: a subscribe sent before ioredis's ready check (an INFO)
  // puts the connection in subscriber mode first, the check fails, and nothing is heard.
  const listener = new Redis(inject('redisUrl'), { lazyConnect: true });
  const heard: { room: string; members: string[] }[] = [];
  const instances: Presence[] = [];

  beforeAll(async () => {
    listener.on('pmessage', (_pattern, _channel, payload: string) => {
      const frame = JSON.parse(payload) as { type: string; room: string; members: string[] };
      if (frame.type === 'presence') heard.push({ room: frame.room, members: frame.members });
    });
    await listener.connect();
    await listener.psubscribe(channelFor('*'));
  });
  afterAll(async () => {
    for (const presence of instances) await presence.stop();
    await Promise.all([redis.quit(), listener.quit()]);
  });

  const instance = (client: Redis = redis) => {
    const presence = new Presence(client, randomUUID(), TTL_MS, silentLogger);
    instances.push(presence);
    return presence;
  };
  const heardIn = (room: string) => heard.filter((frame) => frame.room === room);

  it('lists each name once, sorted, across instances, and publishes every change', async () => {
    const room = uniqueRoom();
    const [one, two] = [instance(), instance()];

    await one.join(room, 'bob');
    await two.join(room, 'alice');
    await two.join(room, 'bob');
    expect(await one.members(room)).toEqual(['alice', 'bob']);

    await one.leave(room, 'bob'); // bob still has a socket on the other instance
    expect(await two.members(room)).toEqual(['alice', 'bob']);
    await two.leave(room, 'bob');
    expect(await one.members(room)).toEqual(['alice']);

    await eventually(async () => expect(heardIn(room)).toHaveLength(5));
    expect(heardIn(room).map((frame) => frame.members)).toEqual([
      ['bob'],
      ['alice', 'bob'],
      ['alice', 'bob'],
      ['alice', 'bob'],
      ['alice'],
    ]);
  });

  it('returns the frame it published', async () => {
    const room = uniqueRoom();
    const update = await instance().join(room, 'carol');
    expect(update.published).toBe(true);
    expect(JSON.parse(update.payload)).toEqual({ type: 'presence', room, members: ['carol'] });
  });

  it('keeps members of a living instance past the TTL, and drops a dead one within it', async () => {
    const room = uniqueRoom();
    const living = instance();
    const dead = instance();
    living.start();
    await living.join(room, 'survivor');
    await dead.join(room, 'ghost'); // never refreshed: as if its process died

    expect(await living.members(room)).toEqual(['ghost', 'survivor']);
    await sleep(TTL_MS + 100);
    expect(await living.members(room)).toEqual(['survivor']);
    // The survivor's next heartbeat notices and tells the room.
    await eventually(async () => expect(heardIn(room).at(-1)?.members).toEqual(['survivor']));
    // The key expires with the last entry: nothing is left behind for rooms nobody is in.
    const pttl = await redis.pttl(presenceKey(room));
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(TTL_MS);
  });

  it('puts its entries back when Redis lost them', async () => {
    const room = uniqueRoom();
    const presence = instance();
    await presence.join(room, 'dave');
    await redis.del(presenceKey(room));
    expect(await presence.members(room)).toEqual([]);

    await presence.heartbeat();
    expect(await presence.members(room)).toEqual(['dave']);
    await eventually(async () => expect(heardIn(room).at(-1)?.members).toEqual(['dave']));
  });

  it('removes its members at stop', async () => {
    const room = uniqueRoom();
    const stopping = instance();
    const staying = instance();
    await stopping.join(room, 'erin');
    await stopping.join(room, 'frank');
    await staying.join(room, 'grace');

    await stopping.stop();
    expect(await staying.members(room)).toEqual(['grace']);
  });

  it('falls back to its own members while Redis is down', async () => {
    const down = new Redis(CLOSED_REDIS_URL, {
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    const presence = new Presence(down, randomUUID(), TTL_MS, silentLogger);
    const room = uniqueRoom();

    const update = await presence.join(room, 'zed');
    await presence.join(room, 'amy');
    expect(update).toEqual({
      published: false,
      payload: JSON.stringify({ type: 'presence', room, members: ['zed'] }),
    });
    expect(await presence.members(room)).toEqual(['amy', 'zed']);
    await presence.leave(room, 'zed');
    expect(await presence.members(room)).toEqual(['amy']);
    down.disconnect();
  });
});
