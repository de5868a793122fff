/**
 * Runs one contract suite by hand against processes you started (or that this runner starts):
 *
 *   tsx tests/contract/run.ts url-shortener http://127.0.0.1:3000
 *   tsx tests/contract/run.ts chat-server http://127.0.0.1:3001 http://127.0.0.1:3002
 *   tsx tests/contract/run.ts job-queue http://127.0.0.1:3000 --worker 'cd ../jq && go run ./cmd/worker' --worker '...'
 *
 * Options:
 *   --web-cmd CMD   the start command of the web instance at the same position (repeat, in URL order);
 *                   the runner starts it with PORT and HOST from its URL, so cases can stop and restart it
 *   --worker CMD    a worker start command (repeat); the runner starts and stops every worker
 *   --only TEXT     run only the cases whose name contains TEXT
 *
 * Commands run in a shell with this process's environment plus the suite's `env` (printed at start:
 * start your own processes with it too); DATABASE_URL and REDIS_URL come from the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { ContractSuite, Deployment, ProcessHandle } from './deployment.js';

const STOP_TIMEOUT_MS = 15_000;

/** A process the runner started in its own process group, so signals reach the whole tree (npm, go run). */
class ManagedProcess implements ProcessHandle {
  private child: ChildProcess | undefined;
  private exit: Promise<number | string | undefined> = Promise.resolve(undefined);

  constructor(
    readonly role: string,
    readonly index: number,
    private readonly command: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly ready: () => Promise<void>,
    readonly url?: string,
  ) {}

  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running()) throw new Error(`${this.role}[${this.index}] is already running`);
    const child = spawn(this.command, { shell: true, detached: true, env: this.env, stdio: ['ignore', 'inherit', 'inherit'] });
    this.child = child;
    this.exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? undefined)));
    await Promise.race([
      this.ready(),
      this.exit.then((code) => {
        throw new Error(`${this.role}[${this.index}] exited (${code}) before it was ready: ${this.command}`);
      }),
    ]);
  }

  async stop(signal: 'SIGTERM' | 'SIGKILL' | 'SIGINT'): Promise<number | string | undefined> {
    const child = this.child;
    if (!child || !this.running()) return this.exit;
    process.kill(-child.pid!, signal);
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
    const result = await Promise.race([this.exit, timeout]);
    if (result !== 'timeout') return result;
    process.kill(-child.pid!, 'SIGKILL');
    await this.exit;
    throw new Error(`${this.role}[${this.index}] did not exit within ${STOP_TIMEOUT_MS / 1000}s of ${signal}`);
  }
}

/** A web instance started outside the runner: cases that need to stop it fail with a clear message. */
class ExternalProcess implements ProcessHandle {
  constructor(
    readonly role: string,
    readonly index: number,
    readonly url: string,
  ) {}
  running(): boolean {
    return true;
  }
  stop(): Promise<never> {
    return Promise.reject(new Error(`${this.url} was started outside the runner: give its command with --web-cmd so cases can stop it`));
  }
  start(): Promise<never> {
    return this.stop();
  }
}

async function waitForHealth(url: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/health`).catch(() => undefined);
    if (response?.status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url}/health did not answer 200 within ${timeoutMs / 1000}s`);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'web-cmd': { type: 'string', multiple: true, default: [] },
      worker: { type: 'string', multiple: true, default: [] },
      only: { type: 'string' },
      'worker-ready-ms': { type: 'string', default: '3000' },
    },
  });
  const [project, ...web] = positionals;
  if (!project || web.length === 0) {
    console.error('usage: tsx tests/contract/run.ts <project> <web base URL>... [--web-cmd CMD]... [--worker CMD]... [--only TEXT]');
    return 2;
  }
  const suite = (await import(`./${project}.ts`)) as ContractSuite;
  const env = { ...process.env, ...suite.env };
  console.log(`suite env: ${JSON.stringify(suite.env ?? {})}`);

  const processes: ProcessHandle[] = [];
  const managed: ManagedProcess[] = [];
  web.forEach((url, index) => {
    const command = values['web-cmd'][index];
    if (!command) {
      processes.push(new ExternalProcess('web', index, url));
      return;
    }
    const { hostname, port } = new URL(url);
    const handle = new ManagedProcess('web', index, command, { ...env, PORT: port, HOST: hostname }, () => waitForHealth(url), url);
    processes.push(handle);
    managed.push(handle);
  });
  const workerReadyMs = Number(values['worker-ready-ms']);
  values.worker.forEach((command, index) => {
    const handle = new ManagedProcess('worker', index, command, env, () => new Promise((resolve) => setTimeout(resolve, workerReadyMs)));
    processes.push(handle);
    managed.push(handle);
  });

  const deployment: Deployment = {
    web,
    processes,
    databaseUrl: process.env.DATABASE_URL ?? '',
    redisUrl: process.env.REDIS_URL ?? '',
  };
  const cases = suite.cases.filter((c) => !values.only || c.name.includes(values.only));
  let failed = 0;
  try {
    await Promise.all(managed.map((p) => p.start()));
    for (const web of deployment.web) await waitForHealth(web, 30_000);
    for (const contractCase of cases) {
      const started = Date.now();
      try {
        await contractCase.run(deployment);
        console.log(`ok   ${contractCase.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed++;
        console.log(`FAIL ${contractCase.name} (${Date.now() - started} ms)\n     ${String(error instanceof Error ? error.message : error).replaceAll('\n', '\n     ')}`);
      }
    }
  } finally {
    await Promise.all(managed.map((p) => p.stop('SIGTERM').catch((error: unknown) => console.error(String(error)))));
  }
  console.log(`${cases.length - failed}/${cases.length} cases passed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
