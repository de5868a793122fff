import { afterAll, describe, expect, it } from 'vitest';
import { ChatClient, eventually, uniqueRoom } from '../support/chat-client.js';
import { ServerProcess } from '../support/server-process.js';

const membersOf = async (server: ServerProcess, room: string) =>
  ((await (await fetch(`${server.baseUrl}/rooms/${room}/members`)).json()) as { members: string[] })
    .members;

// Real server processes, two at a time, as `npm start` runs them (each takes seconds to start).
describe('stopping an instance', { timeout: 60_000 }, () => {
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop('SIGKILL')));
  });

  async function start(env: Record<string, string> = {}) {
    const server = await ServerProcess.start(env);
    servers.push(server);
    return server;
  }

  it('SIGTERM closes its sockets with 1001, removes its members, and exits 0', async () => {
    const [leaving, staying] = await Promise.all([start(), start()]);
    const room = uniqueRoom();
    const alice = await ChatClient.connect(leaving.baseUrl, room, 'alice');
    const bob = await ChatClient.connect(staying.baseUrl, room, 'bob');
    await bob.presence(['alice', 'bob']);

    const exit = await leaving.stop('SIGTERM');

    expect(exit, leaving.log).toEqual({ code: 0, signal: null });
    expect(await alice.closed).toMatchObject({ code: 1001 });
    await bob.presence(['bob']);
    expect(await membersOf(staying, room)).toEqual(['bob']);
    bob.close();
  });

  it('after a crash (SIGKILL), its members vanish within PRESENCE_TTL_SECONDS', async () => {
    const ttlSeconds = 5;
    const env = { PRESENCE_TTL_SECONDS: String(ttlSeconds) };
    const [crashing, staying] = await Promise.all([start(env), start(env)]);
    const room = uniqueRoom();
    const alice = await ChatClient.connect(crashing.baseUrl, room, 'alice');
    const bob = await ChatClient.connect(staying.baseUrl, room, 'bob');
    await bob.presence(['alice', 'bob']);

    const killedAt = Date.now();
    await crashing.stop('SIGKILL');
    expect((await alice.closed).code).toBe(1006); // cut, no closing handshake

    // Nobody cleaned up: alice's entry expires within the TTL of the crashed
    // instance's last refresh, and the survivor's next heartbeat tells the room.
    // (A second of slack on each bound for a busy machine.)
    await eventually(
      async () => expect(await membersOf(staying, room)).toEqual(['bob']),
      (ttlSeconds + 1) * 1000,
    );
    expect(Date.now() - killedAt).toBeLessThan((ttlSeconds + 1) * 1000);
    await bob.presence(['bob'], (ttlSeconds / 3 + 1) * 1000);
    bob.close();
  });
});
