/**
 * job-queue throughput and wake-up latency per stack, against graphile-worker 0.18 and BullMQ 6.7 in the
 * same run on the same local Postgres and Redis.
 *
 * Throughput: 2,000 jobs enqueued (32 in flight) before any worker runs, then two worker processes with
 * WORKER_CONCURRENCY=16, timed from their spawn (start-up included) until no job is left unfinished,
 * polling the database (Redis for BullMQ) every 10 ms. Wake-up: with those workers idle, 50 jobs one at
 * a time, each timed from before its enqueue until a 2 ms poll of its row (its sorted-set entry for
 * BullMQ) sees it succeeded. Targets: jobs/s at least graphile-worker's, wake-up p99 under 100 ms.
 *
 * A stack's worker runs as it is deployed (the argv of `processes.worker.docker` in its stack.json, run
 * from the project): the compile step of its `worker` script (tsc, go build) happens once, before timing,
 * when the API's `start` command builds the project.
 *
 * BENCH_STACKS=go,fastapi limits the stacks (the baselines always run).
 */
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../tests/support/free-port.js';
import { cleanEnv, run, snapshotCli, stacksOffering, startInfra, type Stack } from '../shared.js';
import { startServer, type Process, type Server } from '../templates/processes.js';
import { JOBS, WAKE_UP_JOBS, enqueueAll, percentile, timeDrain, wakeUpLatencies, type QueueUnderTest } from './measure.js';
import { bullmq, generatedProject, graphileWorker, type Closable } from './queues.js';

const root = path.resolve(import.meta.dirname, '../..');
const WAKE_UP_TARGET_MS = 100;
const CONCURRENCY = '16';

interface Row {
  name: string;
  baseline: boolean;
  drainMs?: number;
  wakeUps?: number[];
  load?: number; // 1-min load average when the run ended
  error?: string;
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}

/** Enqueue first, then time the two workers draining the queue, then the wake-ups on the idle workers. */
async function measure(row: Row, queue: QueueUnderTest): Promise<void> {
  let workers: Process[] = [];
  try {
    console.log(`[${row.name}] enqueue ${JOBS} jobs`);
    await enqueueAll(queue, JOBS);
    console.log(`[${row.name}] two workers, concurrency ${CONCURRENCY}: drain`);
    const drained = await timeDrain(queue);
    workers = drained.workers;
    row.drainMs = drained.ms;
    console.log(`[${row.name}] ${(drained.ms / 1000).toFixed(2)} s; wake-ups of ${WAKE_UP_JOBS} jobs`);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the workers go idle
    const { latencies, enqueueMs } = await wakeUpLatencies(queue, workers);
    row.wakeUps = latencies;
    row.load = loadavg()[0];
    const ms = (values: number[], p: number) => percentile(values, p).toFixed(1);
    console.log(`[${row.name}] wake-up p50 ${ms(latencies, 50)} ms, p99 ${ms(latencies, 99)} ms; of which the enqueue call p50 ${ms(enqueueMs, 50)} ms, p99 ${ms(enqueueMs, 99)} ms`);
  } finally {
    await Promise.allSettled(workers.map((w) => w.stop()));
  }
}

/** The deployed worker's argv (stack.json `processes.worker.docker`), as run from the project folder. */
async function builtWorkerCommand(stack: Stack, dir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(root, 'templates', stack.id, 'stack.json'), 'utf8')) as {
    processes?: { worker?: { docker: string[] } };
  };
  const argv = manifest.processes?.worker?.docker;
  if (!argv) throw new Error(`templates/${stack.id}/stack.json has no processes.worker.docker`);
  const [program, ...args] = argv as [string, ...string[]];
  // The image copies Go binaries to /app; the `start` command builds them into bin/. Python runs in .venv.
  const local = program.startsWith('/app/') ? `./bin/${path.basename(program)}` : program === 'python' ? '.venv/bin/python' : program;
  const entry = local.startsWith('./') ? local : args.find((arg) => arg.endsWith('.js'));
  if (entry && !existsSync(path.join(dir, entry))) throw new Error(`${entry} was not built by \`${stack.commands.start}\``);
  return [local, ...args].join(' ');
}

async function benchStack(cli: string, stack: Stack, index: number, work: string, adminUrl: string, redisUrl: string): Promise<Row> {
  const row: Row = { name: stack.id, baseline: false };
  const dir = path.join(work, `bench-${stack.id}`); // not `go` or `fastapi`: the name becomes the package / module name
  let server: Server | undefined;
  let queue: Closable | undefined;
  try {
    console.log(`\n[${stack.id}] generate, ${stack.commands.install}`);
    await run(`"${process.execPath}" "${cli}" "${dir}" --project job-queue --stack ${stack.id} --yes --no-install --no-git`, work, 'generate');
    // As the stack's image installs (its Dockerfile sets UV_COMPILE_BYTECODE=1): a Python worker then
    // starts from compiled modules, also where PYTHONDONTWRITEBYTECODE keeps it from caching its own.
    await run(stack.commands.install, dir, 'install', { UV_COMPILE_BYTECODE: '1' });
    const databaseUrl = await createDatabase(adminUrl, `bench_${stack.id}`);
    const port = await freePort();
    const env = cleanEnv({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: `${redisUrl}/${index + 1}`,
      LOG_LEVEL: 'warn',
      WORKER_CONCURRENCY: CONCURRENCY,
    });
    console.log(`[${stack.id}] ${stack.commands.start}`);
    server = await startServer(stack.commands.start, { cwd: dir, env, port, ready: '/health' });
    const workerCommand = await builtWorkerCommand(stack, dir);
    console.log(`[${stack.id}] worker: ${workerCommand}`);
    queue = await generatedProject({ apiUrl: server.url, databaseUrl, workerCommand, cwd: dir, env });
    await measure(row, queue);
  } catch (error) {
    row.error = (error as Error).message;
    console.error(`[${stack.id}] failed: ${row.error}`);
  } finally {
    await queue?.close().catch((error: unknown) => console.error(`[${row.name}] close: ${(error as Error).message}`));
    await server?.stop();
  }
  return row;
}

async function benchBaseline(name: string, open: () => Promise<Closable>): Promise<Row> {
  const row: Row = { name, baseline: true };
  let queue: Closable | undefined;
  try {
    console.log(`\n[${name}]`);
    queue = await open();
    await measure(row, queue);
  } catch (error) {
    row.error = (error as Error).message;
    console.error(`[${name}] failed: ${row.error}`);
  } finally {
    await queue?.close().catch((error: unknown) => console.error(`[${row.name}] close: ${(error as Error).message}`));
  }
  return row;
}

const jobsPerSecond = (row: Row) => (row.drainMs === undefined ? undefined : JOBS / (row.drainMs / 1000));

function table(rows: Row[]): string {
  const graphile = rows.find((r) => r.name.startsWith('graphile-worker'));
  const target = graphile && jobsPerSecond(graphile);
  const lines = ['| stack | jobs/s | total s | wake-up p50 ms | p99 ms | load | verdict |', '|---|---:|---:|---:|---:|---:|---|'];
  for (const row of rows) {
    const rate = jobsPerSecond(row);
    const p50 = row.wakeUps && percentile(row.wakeUps, 50);
    const p99 = row.wakeUps && percentile(row.wakeUps, 99);
    let verdict: string;
    if (row.error) verdict = `error: ${row.error.split('\n')[0]!.replaceAll('|', '\\|')}`;
    else if (row.baseline) verdict = 'baseline';
    else {
      const misses = [
        target === undefined ? 'no graphile-worker rate to compare' : rate! < target ? `jobs/s below graphile-worker's ${Math.round(target)}` : '',
        p99! >= WAKE_UP_TARGET_MS ? `wake-up p99 >= ${WAKE_UP_TARGET_MS} ms` : '',
      ].filter(Boolean);
      verdict = misses.length === 0 ? 'ok' : misses.join('; ');
    }
    const cells = [
      row.name,
      rate === undefined ? '-' : String(Math.round(rate)),
      row.drainMs === undefined ? '-' : (row.drainMs / 1000).toFixed(2),
      p50 === undefined ? '-' : p50.toFixed(1),
      p99 === undefined ? '-' : p99.toFixed(1),
      row.load === undefined ? '-' : row.load.toFixed(1),
      verdict,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

const { work, cli } = await snapshotCli('bench-job-queue-');
const stacks = await stacksOffering(cli, 'job-queue', work);
const infra = await startInfra(work);

const rows: Row[] = [];
const baselineEnv = cleanEnv({ WORKER_CONCURRENCY: CONCURRENCY });
try {
  rows.push(await benchBaseline('graphile-worker 0.18', async () => graphileWorker(await createDatabase(infra.databaseUrl, 'bench_graphile_worker'), baselineEnv)));
  rows.push(await benchBaseline('BullMQ 6.7', () => bullmq(`${infra.redisUrl}/${stacks.length + 1}`, baselineEnv)));
  for (const [index, stack] of stacks.entries()) rows.push(await benchStack(cli, stack, index, work, infra.databaseUrl, infra.redisUrl));
} finally {
  await infra.cleanup();
}

const { stdout: uptime } = await execa('uptime');
console.log(
  `\njob-queue: ${JOBS} jobs enqueued first, then 2 workers x concurrency ${CONCURRENCY}, timed from worker spawn to the last success;` +
    ` wake-up of ${WAKE_UP_JOBS} jobs on idle workers (enqueue to succeeded, 2 ms poll); local Postgres + Redis, ${new Date().toISOString()}\n`,
);
console.log(table(rows));
console.log(`\nload column: 1-min load average at the end of each run. uptime after the run: ${uptime.trim()} (${cpus().length} CPUs)`);
for (const row of rows.filter((r) => r.error)) console.log(`\n${row.name}:\n${row.error}`);
process.exitCode = rows.some((r) => r.error) ? 1 : 0;
