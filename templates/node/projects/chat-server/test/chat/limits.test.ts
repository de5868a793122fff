import http from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { channelFor } from '../../src/chat/fanout.js';
import { startInstance, type ChatInstance } from '../support/instance.js';
import {
  ChatClient,
  refusedUpgrade,
  uniqueRoom,
  wsUrl,
  type MessageFrame,
} from '../support/chat-client.js';

describe('limits', () => {
  let server: ChatInstance;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    server = await startInstance();
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server?.close();
  });

  async function connect(room = uniqueRoom(), name = 'tester'): Promise<ChatClient> {
    const client = await ChatClient.connect(server.baseUrl, room, name);
    clients.push(client);
    await client.nextOf('presence');
    return client;
  }

  /** The socket still works: a valid message comes back. */
  async function stillOpen(client: ChatClient): Promise<void> {
    client.say('still here');
    expect((await client.nextOf<MessageFrame>('message')).text).toBe('still here');
  }

  describe('room and name are checked before the upgrade', () => {
    const bad: [string, Record<string, string>][] = [
      ['an empty room', { room: '', name: 'alice' }],
      ['a room of 65 characters', { room: 'r'.repeat(65), name: 'alice' }],
      ['a room with a space', { room: 'two words', name: 'alice' }],
      ['a room with a slash', { room: 'a/b', name: 'alice' }],
      ['a name with a non-ASCII letter', { room: 'general', name: 'zoë' }],
      ['a name with markup', { room: 'general', name: '<b>x</b>' }],
      ['no name', { room: 'general' }],
      ['no room', { name: 'alice' }],
    ];

    it.each(bad)('refuses %s with 400 and the error shape', async (_case, query) => {
      const url = `${server.baseUrl.replace('http', 'ws')}/ws?${new URLSearchParams(query)}`;
      const refused = await refusedUpgrade(url);
      expect(refused.status).toBe(400);
      expect(refused.contentType).toMatch(/^application\/json/);
      expect(refused.body).toMatchObject({ error: { code: 'validation_error' } });
    });

    it('answers a raw upgrade request with a plain HTTP 400', async () => {
      const { status, body } = await new Promise<{ status: number; body: string }>(
        (resolve, reject) => {
          const request = http.request(`${server.baseUrl}/ws?room=no%20spaces&name=alice`, {
            headers: {
              Connection: 'Upgrade',
              Upgrade: 'websocket',
              'Sec-WebSocket-Version': '13',
              'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
            },
          });
          request.on('upgrade', () => reject(new Error('upgraded')));
          request.on('response', (response) => {
            let text = '';
            response.on('data', (chunk: Buffer) => (text += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode!, body: text }));
          });
          request.on('error', reject);
          request.end();
        },
      );
      expect(status).toBe(400);
      expect(JSON.parse(body)).toEqual({
        error: {
          code: 'validation_error',
          message: expect.any(String),
          details: [{ path: 'room', message: expect.any(String) }],
        },
      });
    });

    it('answers a GET /ws that is not an upgrade with 426, after the same checks', async () => {
      const response = await fetch(`${server.baseUrl}/ws?room=general&name=alice`);
      expect(response.status).toBe(426);
      expect(response.headers.get('upgrade')).toBe('websocket');
      expect(await response.json()).toEqual({
        error: { code: 'upgrade_required', message: expect.any(String) },
      });
      const bad = await fetch(`${server.baseUrl}/ws?room=no%20spaces&name=alice`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'validation_error' } });
    });
  });

  describe('a bad frame gets an error frame, and the socket stays open', () => {
    const cases: [string, string, string][] = [
      ['not JSON', '{"type": "message", "text": ', 'invalid_json'],
      ['a JSON array', '[1, 2]', 'validation_error'],
      ['a JSON string', '"hello"', 'validation_error'],
      ['no type', '{"text": "hi"}', 'validation_error'],
      ['an unknown type', '{"type": "shout", "text": "hi"}', 'unknown_type'],
      ['a message without text', '{"type": "message"}', 'validation_error'],
      ['a text that is a number', '{"type": "message", "text": 42}', 'validation_error'],
      ['an empty text', '{"type": "message", "text": ""}', 'validation_error'],
      [
        'a text of 2001 characters',
        JSON.stringify({ type: 'message', text: 'x'.repeat(2001) }),
        'validation_error',
      ],
    ];

    it.each(cases)('%s', async (_case, raw, code) => {
      const client = await connect();
      client.socket.send(raw);
      const error = await client.nextOf('error');
      expect(error).toEqual({ type: 'error', code, message: expect.any(String) });
      expect(client.unread('message')).toEqual([]);
      await stillOpen(client);
    });

    it('a binary frame', async () => {
      const client = await connect();
      client.socket.send(Buffer.from(JSON.stringify({ type: 'message', text: 'hi' })), {
        binary: true,
      });
      expect(await client.nextOf('error')).toMatchObject({ code: 'binary_not_supported' });
      await stillOpen(client);
    });

    it('accepts 2000 characters, counted as people count them', async () => {
      const client = await connect();
      const longest = '😀'.repeat(2000); // 4000 UTF-16 units, 2000 characters
      client.say(longest);
      expect((await client.nextOf<MessageFrame>('message')).text).toBe(longest);
    });
  });

  it('closes the socket with 1009 on a frame over 16 KiB', async () => {
    const client = await connect();
    client.socket.send(JSON.stringify({ type: 'message', text: 'x'.repeat(16 * 1024) }));
    expect((await client.closed).code).toBe(1009);
  });

  it('takes a frame of exactly 16 KiB (and answers that its text is too long)', async () => {
    const client = await connect();
    const frame = JSON.stringify({ type: 'message', text: '' });
    const padded = frame.replace('""', `"${'x'.repeat(16 * 1024 - frame.length)}"`);
    expect(Buffer.byteLength(padded)).toBe(16 * 1024);
    client.socket.send(padded);
    expect(await client.nextOf('error')).toMatchObject({ code: 'validation_error' });
    await stillOpen(client);
  });

  describe('rate limit', () => {
    let limited: ChatInstance;
    beforeAll(async () => {
      limited = await startInstance({ MESSAGES_PER_10_SECONDS: '5' });
    });
    afterAll(() => limited?.close());

    it('answers rate_limited past the limit, keeps the socket open, and counts per socket', async () => {
      const room = uniqueRoom();
      const client = await ChatClient.connect(limited.baseUrl, room, 'chatty');
      const other = await ChatClient.connect(limited.baseUrl, room, 'quiet');
      clients.push(client, other);

      for (let i = 1; i <= 7; i++) client.say(`message ${i}`);
      const texts = (await client.messages(5)).map((message) => message.text);
      expect(texts).toEqual(['message 1', 'message 2', 'message 3', 'message 4', 'message 5']);
      for (let i = 0; i < 2; i++) {
        expect(await client.nextOf('error')).toEqual({
          type: 'error',
          code: 'rate_limited',
          message: expect.any(String),
        });
      }
      // Refused messages are not stored.
      const history = await fetch(`${limited.baseUrl}/rooms/${room}/messages`);
      expect(((await history.json()) as { messages: unknown[] }).messages).toHaveLength(5);

      // Another socket has a budget of its own, and the limited one is still connected.
      other.say('my first');
      expect((await client.nextOf<MessageFrame>('message')).text).toBe('my first');
      expect(client.socket.readyState).toBe(client.socket.OPEN);
    });
  });

  it('closes a client that stops reading with 1013, and the room goes on', async () => {
    const room = uniqueRoom();
    const slow = await ChatClient.connect(server.baseUrl, room, 'slow');
    const reader = await ChatClient.connect(server.baseUrl, room, 'reader');
    clients.push(slow, reader);
    await reader.presence(['reader', 'slow']);
    // The slow client stops reading its socket: what the server sends it piles up,
    // first in the kernel's buffers on both ends, then in the server's send queue.
    slow.socket.pause();

    // A busy room: large messages arrive from the other instances through Redis
    // (published here directly, so no Postgres write slows the flood down), in
    // batches the reader keeps up with, until the server gives up on the slow
    // client, which then leaves the room at once.
    const redis = new Redis(inject('redisUrl'));
    const text = 'x'.repeat(64 * 1024);
    let id = 2 ** 40 + Math.floor(Math.random() * 2 ** 40);
    let slowLeft = false;
    void reader.presence(['reader'], 120_000).then(() => (slowLeft = true));
    try {
      for (let batch = 0; !slowLeft; batch++) {
        expect(batch, 'the slow client was never dropped').toBeLessThan(100);
        for (let i = 0; i < 16; i++) {
          const message = { type: 'message', id: id++, room, name: 'busy', text, createdAt: '' };
          await redis.publish(channelFor(room), JSON.stringify(message));
        }
        await reader.messages(16, 30_000);
      }
    } finally {
      await redis.quit();
    }

    // Once it reads again, it finds the close frame behind what was queued.
    slow.socket.resume();
    expect((await slow.closed).code).toBe(1013);

    // The others go on.
    reader.say('after the slow one left');
    expect((await reader.nextOf<MessageFrame>('message')).text).toBe('after the slow one left');
  }, 90_000);

  it('rejects a connection to an unknown path with 404', async () => {
    const refused = await refusedUpgrade(
      wsUrl(server.baseUrl, 'general', 'alice').replace('/ws?', '/nope?'),
    );
    expect(refused.status).toBe(404);
  });
});
