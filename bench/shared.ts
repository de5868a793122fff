/**
 * What every benchmark of generated projects needs: a snapshot of the built CLI, the stacks that offer a
 * project (BENCH_STACKS filter), a user's clean shell environment and one-shot commands in a project.
 */
import { execa } from 'execa';
import { copyFile, cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalServers, type LocalServers } from '../tests/support/local-servers.js';
import { stopAll } from './templates/processes.js';

const root = path.resolve(import.meta.dirname, '..');

export interface Stack {
  id: string;
  commands: Record<string, string> & { install: string; start: string };
}

/** The environment of a user's shell: none of npm's variables from `npm run`, no database URLs. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') && !/^(TEST_)?(DATABASE|REDIS)_URL$/.test(key)),
  );
  return { ...env, PIP_DISABLE_PIP_VERSION_CHECK: '1', ...extra };
}

/** Runs a command to its end in `cwd`; a failure throws with the first and last lines it printed. */
export async function run(command: string, cwd: string, step: string, env: Record<string, string> = {}) {
  const result = await execa(command, { cwd, env: cleanEnv(env), extendEnv: false, shell: true, reject: false, all: true, stdin: 'ignore', timeout: 15 * 60_000 });
  if (result.exitCode !== 0 || result.timedOut) {
    const lines = String(result.all).trim().split('\n');
    const shown = lines.length > 10 ? [...lines.slice(0, 3), '...', ...lines.slice(-6)] : lines;
    throw new Error(`${step} (\`${command}\`) failed:\n${shown.join('\n')}`);
  }
}

/**
 * A temp work folder holding a snapshot of the built CLI (templates stay live): a concurrent
 * `npm run build` empties dist/. Returns the folder and the CLI's entry.
 */
export async function snapshotCli(prefix: string): Promise<{ work: string; cli: string }> {
  const work = await mkdtemp(path.join(tmpdir(), prefix));
  await cp(path.join(root, 'dist'), path.join(work, 'cli', 'dist'), { recursive: true });
  await copyFile(path.join(root, 'package.json'), path.join(work, 'cli', 'package.json'));
  for (const linked of ['templates', 'node_modules']) await symlink(path.join(root, linked), path.join(work, 'cli', linked));
  return { work, cli: path.join(work, 'cli', 'dist', 'index.js') };
}

/**
 * The stacks that offer `project` (from `--list --json`), limited to BENCH_STACKS (comma-separated) when
 * set. Exits with a message (after removing `work`) for a BENCH_STACKS entry the project does not offer.
 */
export async function stacksOffering(cli: string, project: string, work: string): Promise<Stack[]> {
  const catalog = JSON.parse((await execa(process.execPath, [cli, '--list', '--json'])).stdout) as { id: string; stacks: Stack[] }[];
  const wanted = process.env.BENCH_STACKS?.split(',').map((s) => s.trim()).filter(Boolean);
  const stacks = (catalog.find((p) => p.id === project)?.stacks ?? []).filter((s) => !wanted || wanted.includes(s.id));
  const unknown = wanted?.filter((id) => !stacks.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0 || stacks.length === 0) {
    console.error(`BENCH_STACKS: no ${project} stack named ${unknown.join(', ') || '(none given)'}`);
    await rm(work, { recursive: true, force: true });
    process.exit(1);
  }
  return stacks;
}

/**
 * Local Postgres and Redis for a benchmark whose files live in `work`; `cleanup` stops every process the
 * benchmark started, both servers, and removes `work`. Ctrl-C (or SIGTERM) runs it and exits 130.
 */
export async function startInfra(work: string): Promise<LocalServers & { cleanup(): Promise<void> }> {
  const infra = await startLocalServers().catch(async (error: unknown) => {
    await rm(work, { recursive: true, force: true });
    throw error;
  });
  const cleanup = async () => {
    await stopAll();
    await infra.stop();
    await rm(work, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }
  return { ...infra, cleanup };
}
