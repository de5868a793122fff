/**
 * Loads each stack's url-shortener redirect (`GET /{code}`, a cache hit) and a bare server of the same
 * framework answering a constant, one after the other on loopback, with autocannon; prints req/s, p99
 * and the ratio redirect / baseline (target: at least 60%) per stack.
 *
 * BENCH_STACKS=go,fastapi limits the stacks; BENCH_SECONDS sets each measured run (default 10).
 */
import autocannon from 'autocannon';
import { copyFile, mkdir } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../../tests/support/free-port.js';
import { cleanEnv, run, snapshotCli, stacksOffering, startInfra, type Stack } from '../shared.js';
import { startServer, type Server } from './processes.js';

const baselines = path.join(import.meta.dirname, 'baselines');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
if (!(seconds > 0)) throw new Error(`BENCH_SECONDS must be a positive number of seconds, not ${process.env.BENCH_SECONDS}`);
const connections = 50;
const warmupSeconds = 2;
const target = 0.6;
const loads: number[] = [];

interface Load {
  rps: number; // successful responses (302 for the redirect, 200 for the baseline) per second
  p99: number; // ms, over every response
}
interface Row {
  stack: string;
  redirect?: Load;
  baseline?: Load;
  error?: string;
}

/** How each stack's baseline is prepared and started inside a generated project. */
const baselineOf: Record<string, (dir: string) => Promise<string>> = {
  fastify: async (dir) => {
    await copyFile(path.join(baselines, 'fastify.mjs'), path.join(dir, 'baseline.mjs'));
    return 'node baseline.mjs';
  },
  express: async (dir) => {
    await copyFile(path.join(baselines, 'express.mjs'), path.join(dir, 'baseline.mjs'));
    return 'node baseline.mjs';
  },
  // The options of the template's own uvicorn.run (app/__main__.py), on the command line.
  fastapi: async (dir) => {
    await copyFile(path.join(baselines, 'fastapi_baseline.py'), path.join(dir, 'fastapi_baseline.py'));
    return '.venv/bin/python -m uvicorn fastapi_baseline:app --host "$HOST" --port "$PORT" --no-access-log --timeout-graceful-shutdown 10 --log-level warning';
  },
  go: async (dir) => {
    await mkdir(path.join(dir, 'cmd', 'baseline'), { recursive: true });
    await copyFile(path.join(baselines, 'main.go'), path.join(dir, 'cmd', 'baseline', 'main.go'));
    await run('go build -o bin/baseline ./cmd/baseline', dir, 'build the baseline');
    return './bin/baseline';
  },
};

/** A warm-up that is not counted, then the measured run. Only `ok` responses count as successful. */
async function load(url: string, ok: number): Promise<Load> {
  await autocannon({ url, connections, duration: warmupSeconds });
  const result = await autocannon({ url, connections, duration: seconds });
  loads.push(loadavg()[0]!);
  const okCount = Number(result.statusCodeStats[ok]?.count ?? 0);
  const others = Object.entries(result.statusCodeStats).filter(([code]) => Number(code) !== ok);
  if (others.length > 0 || result.errors > 0 || okCount === 0) {
    const codes = Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}: ${count}`).join(', ');
    throw new Error(`${url}: expected only ${ok}s, got {${codes}}, ${result.errors} errors (${result.timeouts} timeouts)`);
  }
  return { rps: okCount / result.duration, p99: result.latency.p99 };
}

async function createLink(baseUrl: string): Promise<string> {
  const created = await fetch(`${baseUrl}/shorten`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: 'https://example.com/benchmark' }),
  });
  const body = (await created.json()) as { shortCode?: string };
  if (created.status !== 201 || !body.shortCode) throw new Error(`POST /shorten answered ${created.status} ${JSON.stringify(body)}`);
  // The first GET fills the Redis cache; every measured one is a hit.
  const first = await fetch(`${baseUrl}/${body.shortCode}`, { redirect: 'manual' });
  await first.body?.cancel();
  if (first.status !== 302) throw new Error(`GET /${body.shortCode} answered ${first.status}, not 302`);
  return body.shortCode;
}

async function benchStack(cli: string, stack: Stack, index: number, work: string, databaseUrl: string, redisUrl: string): Promise<Row> {
  const row: Row = { stack: stack.id };
  const dir = path.join(work, `bench-${stack.id}`); // not `go` or `fastapi`: the name becomes the package / module name
  let server: Server | undefined;
  try {
    console.log(`\n[${stack.id}] generate, ${stack.commands.install}`);
    await run(`"${process.execPath}" "${cli}" "${dir}" --project url-shortener --stack ${stack.id} --yes --no-install --no-git`, work, 'generate');
    await run(stack.commands.install, dir, 'install');

    const database = `bench_${stack.id}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`).finally(() => admin.end());

    const port = await freePort();
    const env = cleanEnv({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl.replace(/\/postgres$/, `/${database}`),
      REDIS_URL: `${redisUrl}/${index + 1}`,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    console.log(`[${stack.id}] ${stack.commands.start}`);
    server = await startServer(stack.commands.start, { cwd: dir, env: env, port, ready: '/health' });
    const code = await createLink(server.url);
    console.log(`[${stack.id}] GET /${code}: ${warmupSeconds}s warm-up, ${seconds}s x ${connections} connections`);
    row.redirect = await load(`${server.url}/${code}`, 302);
    await server.stop();
    server = undefined;

    const prepareBaseline = baselineOf[stack.id];
    if (!prepareBaseline) throw new Error(`no baseline for stack ${stack.id} in bench/templates/baselines`);
    const baselineCommand = await prepareBaseline(dir);
    const baselinePort = await freePort();
    console.log(`[${stack.id}] baseline: ${baselineCommand}`);
    server = await startServer(baselineCommand, { cwd: dir, env: { ...env, PORT: String(baselinePort) }, port: baselinePort, ready: '/', timeoutMs: 60_000 });
    row.baseline = await load(`${server.url}/`, 200);
  } catch (error) {
    row.error = (error as Error).message;
    console.error(`[${stack.id}] failed: ${row.error}`);
  } finally {
    await server?.stop();
  }
  return row;
}

const format = (load: Load | undefined) => (load ? `${Math.round(load.rps)} | ${load.p99.toFixed(1)}` : '- | -');

function table(rows: Row[]): string {
  const lines = [
    '| stack | redirect req/s | redirect p99 ms | baseline req/s | baseline p99 ms | redirect / baseline | result |',
    '|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const ratio = row.redirect && row.baseline ? row.redirect.rps / row.baseline.rps : undefined;
    const verdict = row.error ? `error: ${row.error.split('\n')[0]!.replaceAll('|', '\\|')}` : ratio! >= target ? 'ok' : `below ${target * 100}%`;
    lines.push(`| ${row.stack} | ${format(row.redirect)} | ${format(row.baseline)} | ${ratio === undefined ? '-' : `${(ratio * 100).toFixed(0)}%`} | ${verdict} |`);
  }
  return lines.join('\n');
}

const { work, cli } = await snapshotCli('bench-templates-');
const stacks = await stacksOffering(cli, 'url-shortener', work);

const infra = await startInfra(work);

const rows: Row[] = [];
try {
  for (const [index, stack] of stacks.entries()) rows.push(await benchStack(cli, stack, index, work, infra.databaseUrl, infra.redisUrl));
} finally {
  await infra.cleanup();
}

console.log(`\nGET /{code} (cache hit, 302) vs a bare server's constant route; ${connections} connections, ${seconds}s after a ${warmupSeconds}s warm-up; loopback, ${new Date().toISOString()}\n`);
console.log(table(rows));
if (loads.length > 0) {
  // autocannon shares the machine with the server: anything else running skews both columns.
  console.log(`\n1-min load average after each run: ${loads.map((l) => l.toFixed(1)).join(', ')} (${cpus().length} CPUs)`);
}
for (const row of rows.filter((r) => r.error)) console.log(`\n${row.stack}:\n${row.error}`);
process.exitCode = rows.some((r) => r.error) ? 1 : 0;
