import assert from 'node:assert/strict';
import type { ContractCase, Deployment, ProcessHandle } from './deployment.js';
import { eventually, expectJson, expectStatus, expectTimestamp, isObject, request, unique, type Reply } from './http.js';
import { browserCheck } from '../matrix/browser.js';
import { Member, rawUpgrade, refusedStatus, wsUrl, type Frame } from './ws.js';

/**
 * The chat-server contract (shared/projects/chat-server.md and DESIGN.md), black box, two web
 * instances on one Postgres and one Redis. Every case uses rooms and names of its own, so cases are
 * independent and the suite can run again on the same database.
 */

const MESSAGES_PER_10_SECONDS = 60; // the catalog's default, which the suite keeps
const MAX_FRAME_BYTES = 16 * 1024;

export const env: Record<string, string> = {};

const room = () => unique('room-');
const person = (name: string) => `${name}_${unique('')}`;

function instances(deployment: Deployment): [string, string] {
  assert.ok(deployment.web.length >= 2, 'the chat-server runs two web instances');
  return [deployment.web[0]!, deployment.web[1]!];
}

const isMessage = (text: string) => (frame: Frame) => frame.type === 'message' && frame.text === text;
const isError = (frame: Frame) => frame.type === 'error';
const isPresenceWith = (names: string[], without: string[] = []) => (frame: Frame) =>
  frame.type === 'presence' &&
  Array.isArray(frame.members) &&
  names.every((name) => (frame.members as unknown[]).includes(name)) &&
  without.every((name) => !(frame.members as unknown[]).includes(name));

function expectMessageFrame(frame: Frame, roomName: string, name: string, text: string): void {
  assert.equal(frame.type, 'message');
  assert.ok(typeof frame.id === 'number' || typeof frame.id === 'string', `message id: ${JSON.stringify(frame)}`);
  assert.equal(frame.room, roomName);
  assert.equal(frame.name, name);
  assert.equal(frame.text, text);
  expectTimestamp(frame.createdAt, 'createdAt');
}

function expectErrorFrame(frame: Frame): void {
  assert.equal(frame.type, 'error');
  assert.equal(typeof frame.code, 'string', `error frame code: ${JSON.stringify(frame)}`);
  assert.match(frame.code as string, /^[a-z][a-z0-9_]*$/, `snake_case code: ${JSON.stringify(frame)}`);
  assert.equal(typeof frame.message, 'string', `error frame message: ${JSON.stringify(frame)}`);
}

/** Any error of the one shape (the spec names no code for a refused upgrade). */
function expectErrorBody(reply: Reply, status: number): void {
  const body = expectJson(reply, status);
  assert.ok(isObject(body.error), `error shape: ${reply.describe}`);
  assert.match(String(body.error.code), /^[a-z][a-z0-9_]*$/, `snake_case code: ${reply.describe}`);
  assert.equal(typeof body.error.message, 'string', `error message: ${reply.describe}`);
}

async function history(baseUrl: string, roomName: string, query = ''): Promise<Frame[]> {
  const reply = await request(baseUrl, 'GET', `/rooms/${roomName}/messages${query}`);
  const body = expectJson(reply, 200);
  assert.ok(Array.isArray(body.messages), `{"messages": [...]}: ${reply.describe}`);
  return body.messages as Frame[];
}

async function members(baseUrl: string, roomName: string): Promise<string[]> {
  const reply = await request(baseUrl, 'GET', `/rooms/${roomName}/members`);
  const body = expectJson(reply, 200);
  assert.ok(Array.isArray(body.members), `{"members": [...]}: ${reply.describe}`);
  return body.members as string[];
}

/** Sends `texts` from `member` and waits until history lists all of them. */
async function sendAndStore(baseUrl: string, member: Member, texts: string[]): Promise<Frame[]> {
  for (const text of texts) {
    member.send({ type: 'message', text });
    await member.expect(`its own "${text}"`, isMessage(text));
  }
  return eventually('the messages in history', 5000, async () => {
    const stored = await history(baseUrl, member.room, '?limit=200');
    return stored.length >= texts.length ? stored : undefined;
  });
}

async function withMembers<T>(run: (joined: Member[]) => Promise<T>, ...joins: Promise<Member>[]): Promise<T> {
  const joined = await Promise.all(joins);
  try {
    return await run(joined);
  } finally {
    await Promise.all(joined.map((member) => member.leave()));
  }
}

const cases: ContractCase[] = [
  {
    name: 'GET /ws with a bad room or name is refused with 400 before the upgrade (plain HTTP and a WebSocket client)',
    async run(deployment) {
      const [a] = instances(deployment);
      const bad: Record<string, string | undefined>[] = [
        { name: 'alice' },
        { room: 'general' },
        { room: '', name: 'alice' },
        { room: 'general', name: '' },
        { room: 'a b', name: 'alice' },
        { room: 'general', name: 'al!ce' },
        { room: 'général', name: 'alice' },
        { room: 'x'.repeat(65), name: 'alice' },
        { room: 'general', name: 'n'.repeat(65) },
        { room: '../x', name: 'alice' },
      ];
      for (const query of bad) {
        const url = wsUrl(a, query);
        const reply = await rawUpgrade(url);
        assert.equal(reply.status, 400, `${url}: ${reply.status} ${reply.body}`);
        const asReply: Reply = { status: reply.status, headers: new Headers({ 'content-type': reply.contentType }), text: reply.body, body: safeJson(reply.body), describe: `GET ${url} -> ${reply.status} ${reply.body}` };
        expectErrorBody(asReply, 400);
        assert.equal(await refusedStatus(url), 400, `ws client on ${url}`);
      }
      // The longest and every allowed character are taken.
      const ok = await rawUpgrade(wsUrl(a, { room: `${'R'.repeat(52)}-_${unique('').slice(0, 10)}`, name: 'N'.repeat(64) }));
      assert.equal(ok.status, 101, `a 64-character name and -_ in a room upgrade: ${ok.status} ${ok.body}`);
    },
  },
  {
    name: 'A message sent on one instance reaches every member on both instances, the sender included',
    async run(deployment) {
      const [a, b] = instances(deployment);
      const r = room();
      const [alice, bob, carol] = [person('alice'), person('bob'), person('carol')];
      await withMembers(
        async ([onA, onB, alsoOnA]) => {
          // Everyone is subscribed once each has seen the others join.
          for (const member of [onA!, onB!, alsoOnA!]) await member.expect('presence of all three', isPresenceWith([alice, bob, carol]));
          const text = `hello ${unique()} <b>&amp;</b> "quoted" é 😀`;
          onA!.send({ type: 'message', text });
          const frames = await Promise.all([onA!, onB!, alsoOnA!].map((member) => member.expect('the message', isMessage(text))));
          for (const frame of frames) expectMessageFrame(frame, r, alice, text);
          assert.ok(frames.every((frame) => frame.id === frames[0]!.id), 'every member gets the same message id');
        },
        Member.join(a, r, alice),
        Member.join(b, r, bob),
        Member.join(a, r, carol),
      );
    },
  },
  {
    name: 'Messages stay in their room',
    async run(deployment) {
      const [a, b] = instances(deployment);
      const [r1, r2] = [room(), room()];
      await withMembers(
        async ([inR1, inR2]) => {
          await inR1!.expect('own presence', isPresenceWith([inR1!.name]));
          await inR2!.expect('own presence', isPresenceWith([inR2!.name]));
          const text = `only-${r1}`;
          inR1!.send({ type: 'message', text });
          await inR1!.expect('the message', isMessage(text));
          await inR2!.expectNone('a message of another room', (frame) => frame.type === 'message');
        },
        Member.join(a, r1, person('one')),
        Member.join(b, r2, person('two')),
      );
    },
  },
  {
    name: 'Presence frames list the members on every join and leave, across instances',
    async run(deployment) {
      const [a, b] = instances(deployment);
      const r = room();
      const [alice, bob] = [person('alice'), person('bob')];
      const onA = await Member.join(a, r, alice);
      try {
        const first = await onA.expect('presence with alice', isPresenceWith([alice]));
        assert.equal(first.room, r);
        const onB = await Member.join(b, r, bob);
        await onA.expect('presence with alice and bob', isPresenceWith([alice, bob]));
        await onB.expect('presence with alice and bob', isPresenceWith([alice, bob]));
        await onB.leave();
        await onA.expect('presence without bob', isPresenceWith([alice], [bob]));
      } finally {
        await onA.leave();
      }
    },
  },
  {
    name: 'Typing reaches the other members on both instances, not the sender',
    async run(deployment) {
      const [a, b] = instances(deployment);
      const r = room();
      const [alice, bob, carol] = [person('alice'), person('bob'), person('carol')];
      await withMembers(
        async ([typist, onB, onA]) => {
          for (const member of [typist!, onB!, onA!]) await member.expect('presence of all three', isPresenceWith([alice, bob, carol]));
          typist!.send({ type: 'typing' });
          for (const member of [onB!, onA!]) {
            const frame = await member.expect('typing from alice', (f) => f.type === 'typing');
            assert.equal(frame.room, r);
            assert.equal(frame.name, alice);
          }
          await typist!.expectNone('its own typing frame', (frame) => frame.type === 'typing');
        },
        Member.join(a, r, alice),
        Member.join(b, r, bob),
        Member.join(a, r, carol),
      );
    },
  },
  {
    name: 'Bad frames get an error frame and the socket stays open',
    async run(deployment) {
      const [a] = instances(deployment);
      const r = room();
      await withMembers(async ([member]) => {
        const bad: string[] = [
          JSON.stringify({ type: 'shout', text: 'hi' }),
          JSON.stringify({ text: 'no type' }),
          JSON.stringify({ type: 'message' }),
          JSON.stringify({ type: 'message', text: '' }),
          JSON.stringify({ type: 'message', text: 'x'.repeat(2001) }),
          JSON.stringify({ type: 'message', text: 42 }),
          JSON.stringify({ type: 'message', text: ['a'] }),
          JSON.stringify(['message', 'hi']),
          JSON.stringify('message'),
          'null',
          '{"type": "message", "text": ',
          'not json at all',
        ];
        for (const raw of bad) {
          member!.sendRaw(raw);
          const frame = await member!.expect(`an error frame for ${raw.slice(0, 60)}`, isError);
          expectErrorFrame(frame);
          assert.ok(member!.open, `the socket stays open after ${raw.slice(0, 60)}`);
        }
        await member!.expectNone('a message from a bad frame', (frame) => frame.type === 'message', 300);
        const longest = 'y'.repeat(2000);
        member!.send({ type: 'message', text: longest });
        expectMessageFrame(await member!.expect('the 2000-character message', isMessage(longest)), r, member!.name, longest);
      }, Member.join(a, r, person('typo')));
    },
  },
  {
    name: 'A binary frame gets an error frame and the socket stays open',
    async run(deployment) {
      const [a] = instances(deployment);
      const r = room();
      await withMembers(async ([member]) => {
        member!.sendRaw(Buffer.from(JSON.stringify({ type: 'message', text: 'as bytes' })), true);
        expectErrorFrame(await member!.expect('an error frame for a binary frame', isError));
        const text = `after-binary-${unique()}`;
        member!.send({ type: 'message', text });
        await member!.expect('a message after the binary frame', isMessage(text));
        assert.equal(member!.held().filter((frame) => frame.type === 'message' && frame.text === 'as bytes').length, 0);
      }, Member.join(a, r, person('bytes')));
    },
  },
  {
    name: 'A frame over 16 KiB closes the socket with 1009',
    async run(deployment) {
      const [a] = instances(deployment);
      const member = await Member.join(a, room(), person('big'));
      try {
        member.sendRaw(JSON.stringify({ type: 'message', text: 'z'.repeat(MAX_FRAME_BYTES + 1024) }));
        const closed = await Promise.race([member.closed, new Promise<undefined>((resolve) => setTimeout(resolve, 5000))]);
        assert.ok(closed, 'the socket closes');
        assert.equal(closed.code, 1009);
      } finally {
        member.socket.terminate();
      }
    },
  },
  {
    name: `More than ${MESSAGES_PER_10_SECONDS} messages in 10 s get rate_limited error frames; the socket stays open and others go on`,
    async run(deployment) {
      const [a, b] = instances(deployment);
      const r = room();
      await withMembers(
        async ([fast, other]) => {
          await other!.expect('presence of both', isPresenceWith([fast!.name, other!.name]));
          // A second burst covers a fixed 10-second window ending during the first one.
          let limited: Frame | undefined;
          for (let burst = 0; burst < 2 && !limited; burst++) {
            for (let i = 0; i <= MESSAGES_PER_10_SECONDS; i++) fast!.send({ type: 'message', text: `burst ${burst} #${i}` });
            limited = await fast!.expect('a rate_limited error frame', (frame) => frame.type === 'error' && frame.code === 'rate_limited', 3000).catch(() => undefined);
          }
          assert.ok(limited, `no rate_limited error after ${MESSAGES_PER_10_SECONDS + 1} quick messages`);
          expectErrorFrame(limited);
          assert.ok(fast!.open, 'the limited socket stays open');
          await new Promise((resolve) => setTimeout(resolve, 300));
          assert.ok(fast!.open, 'the limited socket is still open');
          const stored = await history(b, r, '?limit=200');
          assert.ok(stored.length <= 2 * MESSAGES_PER_10_SECONDS, `rejected messages are not stored (${stored.length})`);
          // The other member is not limited by the first one's budget.
          const text = `still talking ${unique()}`;
          other!.send({ type: 'message', text });
          await fast!.expect("the other member's message", isMessage(text));
        },
        Member.join(a, r, person('fast')),
        Member.join(b, r, person('other')),
      );
    },
  },
  {
    name: "One sender's 50 quick messages arrive in order at a member on the other instance, and history keeps that order",
    async run(deployment) {
      const [a, b] = instances(deployment);
      const r = room();
      await withMembers(
        async ([sender, receiver]) => {
          await receiver!.expect('presence of both', isPresenceWith([sender!.name, receiver!.name]));
          const texts = Array.from({ length: 50 }, (_, i) => `order ${i}`);
          for (const text of texts) sender!.send({ type: 'message', text });
          const received: string[] = [];
          while (received.length < texts.length) {
            const frame = await receiver!.expect(`message ${received.length}`, (f) => f.type === 'message');
            received.push(frame.text as string);
          }
          assert.deepEqual(received, texts);
          const stored = await eventually('all 50 in history', 5000, async () => {
            const list = await history(a, r, '?limit=200');
            return list.length >= 50 ? list : undefined;
          });
          assert.deepEqual(
            stored.map((m) => m.text),
            [...texts].reverse(),
            'history is newest first, in the order they were sent',
          );
        },
        Member.join(a, r, person('sender')),
        Member.join(b, r, person('receiver')),
      );
    },
  },
  {
    name: 'GET /rooms/{room}/messages: newest first, limit (default 50) and the before cursor page through history',
    async run(deployment) {
      const [a, b] = instances(deployment);
      const r = room();
      const texts = Array.from({ length: 7 }, (_, i) => `history ${i}`);
      await withMembers(async ([member]) => {
        await sendAndStore(a, member!, texts);
      }, Member.join(a, r, person('writer')));

      const all = await history(b, r);
      assert.deepEqual(all.map((m) => m.text), [...texts].reverse(), 'newest first, from either instance');
      for (const message of all) {
        assert.ok(typeof message.id === 'number' || typeof message.id === 'string', `id: ${JSON.stringify(message)}`);
        assert.equal(message.room, r);
        assert.equal(typeof message.name, 'string');
        expectTimestamp(message.createdAt, 'createdAt');
      }
      const page1 = await history(a, r, '?limit=3');
      assert.deepEqual(page1.map((m) => m.text), ['history 6', 'history 5', 'history 4']);
      const page2 = await history(a, r, `?limit=3&before=${encodeURIComponent(String(page1[2]!.id))}`);
      assert.deepEqual(page2.map((m) => m.text), ['history 3', 'history 2', 'history 1']);
      const page3 = await history(a, r, `?limit=3&before=${encodeURIComponent(String(page2[2]!.id))}`);
      assert.deepEqual(page3.map((m) => m.text), ['history 0']);
      const page4 = await history(a, r, `?before=${encodeURIComponent(String(page3[0]!.id))}`);
      assert.deepEqual(page4, []);
      assert.equal((await history(a, r, '?limit=1')).length, 1);
      assert.equal((await history(a, r, '?limit=200')).length, 7);
      assert.deepEqual(await history(a, room()), [], 'a room without messages has an empty history');
    },
  },
  {
    name: 'GET /rooms/{room}/messages holds at most 50 by default',
    async run(deployment) {
      const [a] = instances(deployment);
      const r = room();
      await withMembers(async ([member]) => {
        for (let i = 0; i < 55; i++) {
          member!.send({ type: 'message', text: `m${i}` });
          // Stay under the per-socket rate limit.
          if (i === 40) await new Promise((resolve) => setTimeout(resolve, 10_500));
        }
        await member!.expect('the last message', isMessage('m54'), 15_000);
      }, Member.join(a, r, person('many')));
      const stored = await eventually('55 messages stored', 5000, async () => {
        const list = await history(a, r, '?limit=200');
        return list.length >= 55 ? list : undefined;
      });
      assert.equal(stored.length, 55);
      const page = await history(a, r);
      assert.equal(page.length, 50);
      assert.equal(page[0]!.text, 'm54');
    },
  },
  {
    name: 'GET /rooms/{room}/messages: a bad limit or before is 400 with the error shape',
    async run(deployment) {
      const [a] = instances(deployment);
      const r = room();
      for (const query of ['?limit=0', '?limit=201', '?limit=abc', '?limit=-1', '?limit=1.5', '?before=abc', '?before=', '?limit=']) {
        const reply = await request(a, 'GET', `/rooms/${r}/messages${query}`);
        expectErrorBody(reply, 400);
        assert.equal((reply.body as { error: { code: string } }).error.code, 'validation_error', reply.describe);
      }
    },
  },
  {
    name: 'GET /rooms/{room}/members lists who is online on both instances; a leaver disappears',
    async run(deployment) {
      const [a, b] = instances(deployment);
      const r = room();
      const [alice, bob] = [person('alice'), person('bob')];
      const onA = await Member.join(a, r, alice);
      const onB = await Member.join(b, r, bob);
      try {
        for (const instance of [a, b]) {
          await eventually(`both members listed on ${instance}`, 5000, async () => {
            const listed = await members(instance, r);
            return listed.includes(alice) && listed.includes(bob) ? listed : undefined;
          });
        }
        await onB.leave();
        for (const instance of [a, b]) {
          await eventually(`bob gone on ${instance}`, 5000, async () => {
            const listed = await members(instance, r);
            return listed.includes(alice) && !listed.includes(bob) ? listed : undefined;
          });
        }
        assert.deepEqual(await members(a, room()), [], 'an empty room has no members');
      } finally {
        await onA.leave();
        await onB.leave();
      }
    },
  },
  {
    name: 'SIGTERM to one instance closes its sockets with 1001 and removes its members; the other instance goes on',
    async run(deployment) {
      const [a] = instances(deployment);
      const web: ProcessHandle[] = deployment.processes.filter((p) => p.role === 'web');
      const stopping = web[1]!;
      const r = room();
      const [stays, goes] = [person('stays'), person('goes')];
      const onA = await Member.join(a, r, stays);
      const onStopping = await Member.join(stopping.url!, r, goes);
      try {
        await onA.expect('presence of both', isPresenceWith([stays, goes]));
        await eventually('both listed', 5000, async () => {
          const listed = await members(a, r);
          return listed.includes(goes) ? listed : undefined;
        });
        const exit = await stopping.stop('SIGTERM');
        assert.equal(exit, 0, 'the instance exits 0 on SIGTERM');
        const closed = await Promise.race([onStopping.closed, new Promise<undefined>((resolve) => setTimeout(resolve, 5000))]);
        assert.ok(closed, 'its socket is closed');
        assert.equal(closed.code, 1001, 'closed with 1001 (going away)');
        await eventually('the stopped instance member gone from the list', 5000, async () => {
          const listed = await members(a, r);
          return listed.includes(stays) && !listed.includes(goes) ? listed : undefined;
        });
        const text = `after the stop ${unique()}`;
        onA.send({ type: 'message', text });
        await onA.expect('a message on the instance still running', isMessage(text));
      } finally {
        await onA.leave();
        onStopping.socket.terminate();
        if (!stopping.running()) await stopping.start();
      }
    },
  },
  {
    name: 'GET / serves the chat page as HTML',
    async run(deployment) {
      for (const instance of instances(deployment)) {
        const reply = await request(instance, 'GET', '/');
        expectStatus(reply, 200);
        assert.match(reply.headers.get('content-type') ?? '', /^text\/html/i);
        assert.match(reply.text, /<html|<!doctype html/i);
      }
    },
  },
  {
    name: 'GET /health, /openapi.json (with the rooms calls) and /docs',
    async run(deployment) {
      const [a] = instances(deployment);
      const health = expectJson(await request(a, 'GET', '/health'), 200);
      assert.equal(health.status, 'ok');
      const doc = expectJson(await request(a, 'GET', '/openapi.json'), 200);
      assert.match(String(doc.openapi), /^3\.\d+\.\d+$/);
      assert.ok(isObject(doc.paths));
      for (const path of ['/rooms/{room}/messages', '/rooms/{room}/members']) {
        assert.ok(isObject(doc.paths[path]) && isObject(doc.paths[path].get), `GET ${path} is documented (has ${Object.keys(doc.paths).join(', ')})`);
      }
      const docs = await request(a, 'GET', '/docs', { redirect: 'follow' });
      expectStatus(docs, 200);
      assert.match(docs.headers.get('content-type') ?? '', /^text\/html/i);
    },
  },
  {
    name: 'Unknown routes are 404 not_found with the error shape',
    async run(deployment) {
      const [a] = instances(deployment);
      for (const path of ['/no/such/route', '/rooms', `/rooms/${room()}/nothing`]) {
        const reply = await request(a, 'GET', path);
        expectErrorBody(reply, 404);
        assert.equal((reply.body as { error: { code: string } }).error.code, 'not_found');
      }
    },
  },
  {
    name: 'The page in a real browser: a message typed on one instance shows on the other, HTML as text',
    run: browserCheck,
  },
];

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export { cases };
