import { execa } from 'execa';
import { copyFile, cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const root = path.resolve(import.meta.dirname, '../..');

export interface ListedStack {
  id: string;
  commands: Record<string, string> & { install: string; start: string };
}

export interface CliSnapshot {
  /** A temp folder holding the snapshot; generated projects go here too. */
  work: string;
  /** dist/index.js of the snapshot. */
  cli: string;
  /** The stacks `--list --json` offers for `projectId`, filtered by BENCH_STACKS. */
  stacks: ListedStack[];
  remove(): Promise<void>;
}

/**
 * A snapshot of the built CLI (templates stay live: a concurrent `npm run build` empties dist/), and the
 * stacks it offers for one project. BENCH_STACKS=go,fastapi limits them; an unknown name exits with 1.
 */
export async function snapshotCli(prefix: string, projectId: string): Promise<CliSnapshot> {
  const work = await mkdtemp(path.join(tmpdir(), prefix));
  const remove = () => rm(work, { recursive: true, force: true });
  await cp(path.join(root, 'dist'), path.join(work, 'cli', 'dist'), { recursive: true });
  await copyFile(path.join(root, 'package.json'), path.join(work, 'cli', 'package.json'));
  for (const linked of ['templates', 'node_modules']) await symlink(path.join(root, linked), path.join(work, 'cli', linked));
  const cli = path.join(work, 'cli', 'dist', 'index.js');

  const catalog = JSON.parse((await execa(process.execPath, [cli, '--list', '--json'])).stdout) as { id: string; stacks: ListedStack[] }[];
  const wanted = process.env.BENCH_STACKS?.split(',').map((s) => s.trim()).filter(Boolean);
  const stacks = (catalog.find((p) => p.id === projectId)?.stacks ?? []).filter((s) => !wanted || wanted.includes(s.id));
  const unknown = wanted?.filter((id) => !stacks.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0 || stacks.length === 0) {
    console.error(`BENCH_STACKS: no ${projectId} stack named ${unknown.join(', ') || '(none given)'}`);
    await remove();
    process.exit(1);
  }
  return { work, cli, stacks, remove };
}

/** Creates database `name` on the server of `adminUrl` (a URL ending in /postgres) and returns its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}
