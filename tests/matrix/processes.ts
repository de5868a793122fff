import { execa, type ResultPromise } from 'execa';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ProcessHandle } from '../contract/deployment.js';
import { freePort } from '../support/free-port.js';

/** One process of a generated project (a web instance or a worker), in its own process group. */
export interface RunningProcess extends ProcessHandle {
  command: string;
}

const stopTimeoutMs = 15_000;

/** A web process is ready when GET /health answers `{"status":"ok"}`. */
async function waitForHealth(baseUrl: string, exited: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`the process for ${baseUrl} exited before /health answered`);
    const response = await fetch(`${baseUrl}/health`).catch(() => undefined);
    if (response?.status === 200) {
      const body = (await response.json()) as { status?: string };
      if (body.status === 'ok') return;
      throw new Error(`${baseUrl}/health answered ${JSON.stringify(body)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${baseUrl}/health did not answer 200 within ${timeoutMs / 1000}s`);
}

/** A JSON log line: what a started service writes, unlike npm, tsc or `go run` before it. */
const isStructuredLog = (line: string) => {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
};

/**
 * Starts `command` (a stack command from --list --json) in `cwd`. A web process gets its own free port and
 * is ready when /health is ok; a worker is ready at its first JSON log line (its start-up log).
 */
export async function startProcess(options: {
  role: string;
  index: number;
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: string;
  readyTimeoutMs?: number;
}): Promise<RunningProcess> {
  const { role, index, command, cwd, log } = options;
  const port = role === 'web' ? await freePort() : undefined;
  const url = port ? `http://127.0.0.1:${port}` : undefined;
  const env = { ...options.env, ...(port ? { PORT: String(port) } : {}) };
  const out: WriteStream = createWriteStream(log, { flags: 'a' });
  let child: ResultPromise | undefined;
  let exited = true;
  let done: Promise<unknown> = Promise.resolve();

  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child!.pid!, name);
    } catch {
      // already gone
    }
  };

  const handle: RunningProcess = {
    role,
    index,
    url,
    command,
    running: () => !exited,
    async start() {
      out.write(`$ ${command}\n`);
      // Its own process group (detached), so a signal reaches the service behind npm / go run / uv run.
      child = execa(execLastStep(command), { cwd, env, extendEnv: false, shell: true, detached: true, reject: false, all: true, stdin: 'ignore' });
      exited = false;
      let sawLog = false;
      let notifyLog: () => void = () => {};
      const logged = new Promise<void>((resolve) => (notifyLog = resolve));
      let pending = '';
      child.all?.on('data', (chunk: Buffer) => {
        out.write(chunk);
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        if (!sawLog && lines.some(isStructuredLog)) {
          sawLog = true;
          notifyLog();
        }
      });
      done = child.then((result) => {
        exited = true;
        out.write(`[exit ${result.exitCode ?? result.signal}]\n`);
        return result;
      });
      const timeoutMs = options.readyTimeoutMs ?? 180_000;
      if (url) {
        await waitForHealth(url, () => exited, timeoutMs);
        return;
      }
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${role} ${index} wrote no JSON log line within ${timeoutMs / 1000}s`)), timeoutMs).unref(),
      );
      const died = done.then(() => {
        throw new Error(`${role} ${index} exited before it started`);
      });
      await Promise.race([logged, timeout, died]);
    },
    async stop(name) {
      if (exited || !child) return undefined;
      signal(name);
      const stopped = await Promise.race([
        done.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), stopTimeoutMs)),
      ]);
      if (!stopped) {
        signal('SIGKILL');
        await done;
        throw new Error(`${role} ${index} did not stop within ${stopTimeoutMs / 1000}s of ${name}`);
      }
      const result = (await done) as { exitCode?: number; signal?: string };
      return result.exitCode ?? result.signal;
    },
  };
  await handle.start();
  return handle;
}

/**
 * The exit status must be the service's, not that of a shell killed by the same signal, so the
 * service replaces the shell: `a && b` becomes `a && exec b`. A user types the plain form (an `exec`
 * in an interactive shell would close it).
 */
export function execLastStep(command: string): string {
  const steps = command.split('&&').map((step) => step.trim());
  if (steps.some((step) => step === '' || /[;|&]/.test(step))) throw new Error(`cannot run \`${command}\` as one process: only \`a && b\` chains are supported`);
  const last = steps.pop()!;
  return [...steps, last.startsWith('exec ') ? last : `exec ${last}`].join(' && ');
}
