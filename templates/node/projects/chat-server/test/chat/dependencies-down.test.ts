import { afterAll, describe, expect, inject, it } from 'vitest';
import { startInstance, type ChatInstance } from '../support/instance.js';
import { ChatClient, eventually, uniqueRoom, type MessageFrame } from '../support/chat-client.js';
import { CLOSED_DATABASE_URL } from '../support/config.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const health = async (instance: ChatInstance) => {
  const response = await fetch(`${instance.baseUrl}/health`);
  return { status: response.status, body: (await response.json()) as { status: string } };
};

describe('Redis going away and coming back', () => {
  let proxy: TcpProxy;
  let a: ChatInstance;
  let b: ChatInstance;
  const clients: ChatClient[] = [];

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all([a?.close(), b?.close()]);
    await proxy?.down();
  });

  it('keeps each instance serving its own members, then fans out again', async () => {
    const redisUrl = inject('redisUrl');
    proxy = await TcpProxy.create(redisUrl, 6379);
    await proxy.up();
    // Instance A reaches Redis through the proxy; B directly.
    [a, b] = await Promise.all([
      startInstance({ REDIS_URL: proxy.urlFor(redisUrl) }),
      startInstance(),
    ]);
    const room = uniqueRoom();
    const alice = await ChatClient.connect(a.baseUrl, room, 'alice');
    const aliceToo = await ChatClient.connect(a.baseUrl, room, 'alina');
    const bob = await ChatClient.connect(b.baseUrl, room, 'bob');
    clients.push(alice, aliceToo, bob);
    await alice.presence(['alice', 'alina', 'bob']);

    await proxy.down();
    await eventually(async () => {
      expect(await health(a)).toEqual({
        status: 200,
        body: { status: 'degraded', checks: { postgres: 'up', redis: 'down' } },
      });
    });

    // A's members still talk to each other; the message is stored.
    alice.say('while redis is away');
    expect((await aliceToo.nextOf<MessageFrame>('message')).text).toBe('while redis is away');
    expect((await alice.nextOf<MessageFrame>('message')).text).toBe('while redis is away');
    const history = await fetch(`${a.baseUrl}/rooms/${room}/messages?limit=1`);
    expect(await history.json()).toMatchObject({ messages: [{ text: 'while redis is away' }] });
    // Without Redis, A knows only its own members.
    const members = await fetch(`${a.baseUrl}/rooms/${room}/members`);
    expect(await members.json()).toEqual({ members: ['alice', 'alina'] });

    // Redis returns: the subscriber reconnects and subscribes again, and fan-out resumes.
    await proxy.up();
    await eventually(async () => expect((await health(a)).body.status).toBe('ok'));
    alice.say('redis is back');
    // Bob's first message: the one sent while A was cut off never reached B
    // (pub/sub does not replay; the history has it).
    expect((await bob.nextOf<MessageFrame>('message')).text).toBe('redis is back');
    expect((await alice.nextOf<MessageFrame>('message')).text).toBe('redis is back');
    bob.say('hello A');
    expect((await alice.nextOf<MessageFrame>('message')).text).toBe('hello A');
  });
});

describe('with Postgres down', () => {
  let server: ChatInstance;
  afterAll(() => server?.close());

  it('answers a message with an error frame, and nothing crashes', async () => {
    server = await startInstance({ DATABASE_URL: CLOSED_DATABASE_URL });
    expect((await health(server)).status).toBe(503);

    const room = uniqueRoom();
    const alice = await ChatClient.connect(server.baseUrl, room, 'alice');
    const bob = await ChatClient.connect(server.baseUrl, room, 'bob');
    await alice.presence(['alice', 'bob']);

    alice.say('can anyone hear me?');
    expect(await alice.nextOf('error')).toEqual({
      type: 'error',
      code: 'unavailable',
      message: expect.any(String),
    });
    // What was not stored is not delivered; typing still works.
    alice.send({ type: 'typing' });
    expect(await bob.nextOf('typing')).toMatchObject({ name: 'alice' });
    expect(bob.unread('message')).toEqual([]);

    const history = await fetch(`${server.baseUrl}/rooms/${room}/messages`);
    expect(history.status).toBe(500);
    expect(await history.json()).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong on our side' },
    });
    alice.close();
    bob.close();
  });
});
