import { execa } from 'execa';
import { createWriteStream } from 'node:fs';
import type { MatrixEntry } from './entries.js';

type Smoke = (baseUrl: string) => Promise<void>;

async function waitForHealth(baseUrl: string, exited: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('the service exited before /health answered');
    const response = await fetch(`${baseUrl}/health`).catch(() => undefined);
    if (response?.status === 200) {
      const body = (await response.json()) as { status?: string };
      if (body.status === 'ok') return;
      throw new Error(`/health answered ${JSON.stringify(body)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`/health did not answer 200 within ${timeoutMs / 1000}s`);
}

/** Starts the service with the stack's start command, checks /health and the project's smoke requests, stops it with SIGTERM. */
export async function startAndSmoke(entry: MatrixEntry, cwd: string, env: NodeJS.ProcessEnv, port: number, log: string) {
  const { smoke } = (await import(`./smoke/${entry.project}.ts`)) as { smoke: Smoke };
  const out = createWriteStream(log);
  out.write(`$ ${entry.commands.start}\n`);
  // Its own process group, so SIGTERM reaches the service behind npm / go run / the shell.
  const child = execa(entry.commands.start, { cwd, env, extendEnv: false, shell: true, detached: true, reject: false, all: true, stdin: 'ignore' });
  child.all?.pipe(out);
  let exited = false;
  const done = child.then((result) => {
    exited = true;
    return result;
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, () => exited, 180_000);
    await smoke(baseUrl);
  } finally {
    signal('SIGTERM');
    const stopped = await Promise.race([done.then(() => true), new Promise((r) => setTimeout(() => r(false), 15_000))]);
    if (!stopped) {
      signal('SIGKILL');
      await done;
      out.end();
      // eslint-disable-next-line no-unsafe-finally
      throw new Error('the service did not stop within 15s of SIGTERM');
    }
    out.end();
  }
}
