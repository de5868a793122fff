import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type ChatInstance } from '../support/instance.js';
import { ChatClient, uniqueRoom, type MessageFrame } from '../support/chat-client.js';

interface Page {
  messages: { id: number; room: string; name: string; text: string; createdAt: string }[];
}

describe('rooms API', () => {
  let server: ChatInstance;
  const get = (path: string) => fetch(`${server.baseUrl}${path}`);

  beforeAll(async () => {
    server = await startInstance();
  });
  afterAll(() => server?.close());

  /** Sends `texts` into a fresh room over a socket; returns the room and the stored messages. */
  async function roomWith(texts: string[]): Promise<{ room: string; sent: MessageFrame[] }> {
    const room = uniqueRoom();
    const client = await ChatClient.connect(server.baseUrl, room, 'writer');
    for (const text of texts) client.say(text);
    const sent = await client.messages(texts.length);
    client.close();
    return { room, sent };
  }

  describe('GET /rooms/{room}/messages', () => {
    it('pages through the history, newest first, with limit and before', async () => {
      const texts = ['m1', 'm2', 'm3', 'm4', 'm5'];
      const { room, sent } = await roomWith(texts);
      const ids = sent.map((message) => message.id);

      const first = await get(`/rooms/${room}/messages?limit=2`);
      expect(first.status).toBe(200);
      const page1 = (await first.json()) as Page;
      expect(page1.messages.map((m) => m.text)).toEqual(['m5', 'm4']);
      expect(page1.messages[0]).toEqual({
        id: ids[4],
        room,
        name: 'writer',
        text: 'm5',
        createdAt: sent[4]!.createdAt,
      });

      const page2 = (await (
        await get(`/rooms/${room}/messages?limit=2&before=${page1.messages[1]!.id}`)
      ).json()) as Page;
      expect(page2.messages.map((m) => m.text)).toEqual(['m3', 'm2']);

      const page3 = (await (
        await get(`/rooms/${room}/messages?limit=2&before=${page2.messages[1]!.id}`)
      ).json()) as Page;
      expect(page3.messages.map((m) => m.text)).toEqual(['m1']);

      const end = (await (
        await get(`/rooms/${room}/messages?before=${page3.messages[0]!.id}`)
      ).json()) as Page;
      expect(end.messages).toEqual([]);
    });

    it('returns 50 by default and at most 200', async () => {
      const { room } = await roomWith(Array.from({ length: 55 }, (_, i) => `n${i}`));
      expect(((await (await get(`/rooms/${room}/messages`)).json()) as Page).messages).toHaveLength(
        50,
      );
      expect(
        ((await (await get(`/rooms/${room}/messages?limit=200`)).json()) as Page).messages,
      ).toHaveLength(55);
    });

    it('is empty for a room nobody wrote in', async () => {
      const response = await get(`/rooms/${uniqueRoom()}/messages`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ messages: [] });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=1.5', 'limit'],
      ['limit=', 'limit'],
      ['limit=-1', 'limit'],
      ['before=abc', 'before'],
      ['before=0', 'before'],
      ['before=-5', 'before'],
      ['before=1.5', 'before'],
    ])('answers %s with 400 validation_error', async (query, path) => {
      const response = await get(`/rooms/general/messages?${query}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          code: 'validation_error',
          message: 'The request is invalid',
          details: [{ path, message: expect.any(String) }],
        },
      });
    });

    it.each(['bad%20room', 'x'.repeat(65), 'caf%C3%A9', '%3Cb%3E'])(
      'answers the room %s with 400',
      async (room) => {
        const response = await get(`/rooms/${room}/messages`);
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({
          error: { code: 'validation_error', details: [{ path: 'room' }] },
        });
      },
    );
  });

  describe('GET /rooms/{room}/members', () => {
    it('lists who is online, sorted', async () => {
      const room = uniqueRoom();
      const clients = await Promise.all(
        ['zoe', 'Adam', 'bob'].map((name) => ChatClient.connect(server.baseUrl, room, name)),
      );
      await clients[0]!.presence(['Adam', 'bob', 'zoe']);
      const response = await get(`/rooms/${room}/members`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ members: ['Adam', 'bob', 'zoe'] });
      for (const client of clients) client.close();
    });

    it('is empty for an empty room, and 400 for a bad room', async () => {
      expect(await (await get(`/rooms/${uniqueRoom()}/members`)).json()).toEqual({ members: [] });
      const bad = await get('/rooms/no%20spaces/members');
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'validation_error' } });
    });
  });
});
