import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

/** Runs src/server.ts in its own process (as `npm run dev` does), with `env` only. */
function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exitCode = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output, exitCode };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function waitUntilHealthy(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const healthy = await fetch(`${baseUrl}/health`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the server did not become healthy');
}

describe('the server process', () => {
  it('exits 1 with one line naming the bad variables', async () => {
    const { output, exitCode } = startServer({ PORT: 'abc', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(await exitCode).toBe(1);
    const lines = output.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PORT .*DATABASE_URL is required$/);
  });

  it('serves, logs JSON with request ids, and on SIGTERM flushes the clicks and exits 0', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const server = startServer({
      DATABASE_URL: inject('databaseUrl'),
      REDIS_URL: inject('redisUrl'),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
    });
    let shortCode = '';
    try {
      await waitUntilHealthy(baseUrl);

      const created = await fetch(`${baseUrl}/shorten`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'server-test-1' },
        body: JSON.stringify({ url: 'https://example.com/server-test' }),
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('x-request-id')).toBe('server-test-1');
      ({ shortCode } = (await created.json()) as { shortCode: string });
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${baseUrl}/${shortCode}`, { redirect: 'manual' });
        expect(res.status).toBe(302);
      }

      server.child.kill('SIGTERM');
      expect(await server.exitCode).toBe(0);
    } finally {
      server.child.kill('SIGKILL');
    }

    const logs = server.output.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs.some((log) => log.requestId === 'server-test-1')).toBe(true);

    // The counts reached Postgres, whether the timer or the final flush at shutdown moved them.
    const pool = new pg.Pool({ connectionString: inject('databaseUrl') });
    try {
      const { rows } = await pool.query('SELECT access_count FROM links WHERE short_code = $1', [
        shortCode,
      ]);
      expect(Number(rows[0].access_count)).toBe(3);
    } finally {
      await pool.end();
    }
  });
});
