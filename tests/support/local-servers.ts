import { execa, type ResultPromise } from 'execa';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.js';

/** Postgres and Redis started from the machine's own binaries, on free loopback ports, in temp folders. */
export interface LocalServers {
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

function findPostgresBin(): string | undefined {
  // initdb on PATH is often a link into the versioned folder that also holds postgres and pg_isready.
  const initdb = findOnPath('initdb');
  if (initdb) return path.dirname(realpathSync(initdb));
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const newest = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(root, newest, 'bin') : undefined;
}

function findOnPath(command: string): string | undefined {
  return process.env.PATH?.split(path.delimiter)
    .map((dir) => path.join(dir, command))
    .find((file) => existsSync(file));
}

export function localBinariesAvailable(): boolean {
  return Boolean(findPostgresBin() && findOnPath('redis-server'));
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000}s`);
}

export async function startLocalServers(): Promise<LocalServers> {
  const pgBin = findPostgresBin();
  const redisServer = findOnPath('redis-server');
  if (!pgBin || !redisServer) throw new Error('postgres (initdb) and redis-server binaries are not installed');

  // Postgres refuses to run as root: run it as the `postgres` user, which must own its data folder.
  const asRoot = process.getuid?.() === 0;
  const runAs = (command: string, args: string[]) =>
    asRoot ? (['runuser', ['-u', 'postgres', '--', command, ...args]] as const) : ([command, args] as const);

  const dir = await mkdtemp(path.join(tmpdir(), 'roadmap-pg-'));
  await chmod(dir, 0o755);
  if (asRoot) {
    const { stdout } = await execa('id', ['-u', 'postgres']);
    const { stdout: gid } = await execa('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout), Number(gid));
  }
  const dataDir = path.join(dir, 'data');
  const [initCommand, initArgs] = runAs(path.join(pgBin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  await execa(initCommand, initArgs, { stdio: 'pipe' });

  const pgPort = await freePort();
  const [pgCommand, pgArgs] = runAs(path.join(pgBin, 'postgres'), [
    '-D', dataDir, '-h', '127.0.0.1', '-p', String(pgPort), '-k', dir, '-c', 'fsync=off', '-c', 'max_connections=300',
  ]);
  const postgres: ResultPromise = execa(pgCommand, pgArgs, { stdio: ['ignore', 'ignore', 'pipe'], reject: false });

  const redisPort = await freePort();
  const redis: ResultPromise = execa(
    redisServer,
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore', reject: false },
  );

  const databaseUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  await waitFor(async () => {
    const r = await execa(path.join(pgBin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(pgPort)], { reject: false });
    return r.exitCode === 0;
  }, 'postgres').catch(async (error: Error) => {
    postgres.kill();
    const { stderr } = await postgres;
    throw new Error(`${error.message}: ${String(stderr).trim().split('\n').slice(-3).join(' | ')}`);
  });
  await waitFor(async () => {
    const r = await execa('redis-cli', ['-p', String(redisPort), 'ping'], { reject: false });
    return r.stdout.trim() === 'PONG';
  }, 'redis-server');

  return {
    databaseUrl,
    redisUrl,
    async stop() {
      for (const child of [postgres, redis]) child.kill('SIGTERM');
      await Promise.allSettled([postgres, redis]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
