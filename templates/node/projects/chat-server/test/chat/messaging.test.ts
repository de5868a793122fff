import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type ChatInstance } from '../support/instance.js';
import { ChatClient, uniqueRoom, type MessageFrame } from '../support/chat-client.js';

const ISO_MILLIS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// Two instances on one Postgres and one Redis: they must behave as one server.
describe('two instances, one chat', () => {
  let a: ChatInstance;
  let b: ChatInstance;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    [a, b] = await Promise.all([startInstance(), startInstance()]);
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  /** Connects and waits for the presence frame that lists everyone expected so far. */
  async function join(instance: ChatInstance, room: string, name: string, members: string[]) {
    const client = await ChatClient.connect(instance.baseUrl, room, name);
    clients.push(client);
    await client.presence(members);
    return client;
  }

  it('delivers a message to every member on both instances, the sender included', async () => {
    const room = uniqueRoom();
    const alice = await join(a, room, 'alice', ['alice']);
    const bob = await join(b, room, 'bob', ['alice', 'bob']);

    alice.say('hello from A');
    const [toAlice, toBob] = await Promise.all([
      alice.nextOf<MessageFrame>('message'),
      bob.nextOf<MessageFrame>('message'),
    ]);

    expect(toBob).toEqual(toAlice);
    expect(Object.keys(toBob).sort()).toEqual(['createdAt', 'id', 'name', 'room', 'text', 'type']);
    expect(toBob).toMatchObject({ type: 'message', room, name: 'alice', text: 'hello from A' });
    expect(Number.isInteger(toBob.id)).toBe(true);
    expect(toBob.createdAt).toMatch(ISO_MILLIS_UTC);

    bob.say('and back from B');
    expect((await alice.nextOf<MessageFrame>('message')).text).toBe('and back from B');
    expect((await bob.nextOf<MessageFrame>('message')).text).toBe('and back from B');
  });

  it('keeps rooms apart', async () => {
    const room = uniqueRoom();
    const other = uniqueRoom();
    const alice = await join(a, room, 'alice', ['alice']);
    const carol = await join(b, other, 'carol', ['carol']);

    carol.say('only for my room');
    await carol.nextOf('message');
    alice.say('only for mine');
    await alice.nextOf('message');
    expect(alice.unread('message')).toEqual([]);
    expect(carol.unread('message')).toEqual([]);
  });

  it("keeps one sender's order, seen from the other instance", async () => {
    const room = uniqueRoom();
    const sender = await join(a, room, 'sender', ['sender']);
    const reader = await join(b, room, 'reader', ['reader', 'sender']);

    const texts = Array.from({ length: 50 }, (_, i) => `message ${i}`);
    for (const text of texts) sender.say(text);

    const received = await reader.messages(texts.length);
    expect(received.map((message) => message.text)).toEqual(texts);
    const ids = received.map((message) => message.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect((await sender.messages(texts.length)).map((message) => message.id)).toEqual(ids);
  });

  it('sends typing to the others, never back to the one who types', async () => {
    const room = uniqueRoom();
    const alice = await join(a, room, 'alice', ['alice']);
    const aliceOtherTab = await join(b, room, 'alice', ['alice']);
    const bob = await join(b, room, 'bob', ['alice', 'bob']);
    await alice.presence(['alice', 'bob']);
    await aliceOtherTab.presence(['alice', 'bob']);

    alice.send({ type: 'typing' });
    expect(await bob.nextOf('typing')).toEqual({ type: 'typing', room, name: 'alice' });

    // A message sent after the typing frame arrives after it: nothing typing came before.
    alice.say('done typing');
    await Promise.all([alice.nextOf('message'), aliceOtherTab.nextOf('message')]);
    expect(alice.unread('typing')).toEqual([]);
    expect(aliceOtherTab.unread('typing')).toEqual([]);
  });

  it('announces joins and leaves to the room on every instance', async () => {
    const room = uniqueRoom();
    const alice = await join(a, room, 'alice', ['alice']);
    const bob = await join(b, room, 'bob', ['alice', 'bob']);
    await alice.presence(['alice', 'bob']);

    const carol = await join(a, room, 'carol', ['alice', 'bob', 'carol']);
    await Promise.all([
      alice.presence(['alice', 'bob', 'carol']),
      bob.presence(['alice', 'bob', 'carol']),
    ]);

    carol.close();
    expect(await bob.presence(['alice', 'bob'])).toEqual({
      type: 'presence',
      room,
      members: ['alice', 'bob'],
    });
    await alice.presence(['alice', 'bob']);
  });

  it('lists a name with two sockets once, until its last socket leaves', async () => {
    const room = uniqueRoom();
    const watcher = await join(a, room, 'watcher', ['watcher']);
    const first = await join(a, room, 'dana', ['dana', 'watcher']);
    const second = await join(b, room, 'dana', ['dana', 'watcher']);
    await watcher.presence(['dana', 'watcher']);
    await watcher.presence(['dana', 'watcher']);

    const members = async (instance: ChatInstance) =>
      (await (await fetch(`${instance.baseUrl}/rooms/${room}/members`)).json()) as unknown;
    expect(await members(a)).toEqual({ members: ['dana', 'watcher'] });
    expect(await members(b)).toEqual({ members: ['dana', 'watcher'] });

    first.close();
    await watcher.presence(['dana', 'watcher']);
    expect(await members(b)).toEqual({ members: ['dana', 'watcher'] });

    second.close();
    await watcher.presence(['watcher']);
    expect(await members(a)).toEqual({ members: ['watcher'] });
  });

  it('stores every message: history lists them newest first', async () => {
    const room = uniqueRoom();
    const alice = await join(a, room, 'alice', ['alice']);
    for (const text of ['one', 'two', 'three']) alice.say(text);
    const sent = await alice.messages(3);

    const response = await fetch(`${b.baseUrl}/rooms/${room}/messages`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { messages: unknown[] };
    expect(body.messages).toEqual(sent.reverse().map(({ type: _type, ...message }) => message));
  });
});
