import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

/** src/server.ts as `npm run dev` runs it, in its own process, with `env` only. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output, exited };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function waitForHealth(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const ok = await fetch(`${baseUrl}/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not become healthy');
}

describe('server process', () => {
  it('exits 1 with one clear line when the configuration is invalid', async () => {
    const { output, exited } = startServer({ REDIS_URL: 'redis://127.0.0.1:6379', PORT: 'abc' });
    expect(await exited).toBe(1);
    const lines = output.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DATABASE_URL/);
    expect(lines[0]).toMatch(/PORT/);
  });

  it('serves, logs JSON with request ids, and on SIGTERM flushes the clicks and exits 0', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const databaseUrl = inject('databaseUrl');
    const server = startServer({
      DATABASE_URL: databaseUrl,
      REDIS_URL: inject('redisUrl'),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
    });
    let shortCode: string;
    try {
      await waitForHealth(baseUrl, server.child);

      const created = await fetch(`${baseUrl}/shorten`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'server-test-1' },
        body: JSON.stringify({ url: 'https://example.com/server-test' }),
      });
      expect(created.status).toBe(201);
      ({ shortCode } = (await created.json()) as { shortCode: string });
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${baseUrl}/${shortCode}`, { redirect: 'manual' });
        expect(res.status).toBe(302);
      }

      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }

    const logs = server.output.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'info',
        requestId: 'server-test-1',
        res: { statusCode: 201 },
      }),
    );

    // Read Postgres directly: the stats endpoint would flush Redis itself.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT access_count FROM links WHERE short_code = $1', [
        shortCode,
      ]);
      expect(Number(rows[0].access_count)).toBe(3);
    } finally {
      await client.end();
    }
  });
});
