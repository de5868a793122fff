/**
 * Times generating url-shortener/fastify (no install, no git) against create-vite's react-ts template,
 * alternating the two in one run so both see the same machine. Prints medians and the ratio.
 */
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 15);

const tools = {
  'create-roadmap-project': (dir: string) => [path.join(root, 'dist/index.js'), dir, '--project', 'url-shortener', '--stack', 'fastify', '--yes', '--no-install', '--no-git'],
  'create-vite': (dir: string) => [path.join(root, 'node_modules/create-vite/index.js'), dir, '--template', 'react-ts', '--no-interactive'],
};
type Tool = keyof typeof tools;

async function timeOnce(tool: Tool, work: string, index: number): Promise<number> {
  const dir = path.join(work, `${tool}-${index}`);
  const started = process.hrtime.bigint();
  await execa(process.execPath, tools[tool](dir), { cwd: work, stdin: 'ignore', env: { CI: 'true' } });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const work = await mkdtemp(path.join(tmpdir(), 'bench-generate-'));
const times: Record<Tool, number[]> = { 'create-roadmap-project': [], 'create-vite': [] };
try {
  for (let i = -1; i < runs; i += 1) {
    for (const tool of Object.keys(tools) as Tool[]) {
      const ms = await timeOnce(tool, work, i + 1);
      if (i >= 0) times[tool].push(ms); // the first round only warms the file cache
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
const ours = median(times['create-roadmap-project']);
const vite = median(times['create-vite']);
console.log(`generate, median of ${runs} runs each (wall time of the whole process):`);
console.log(`  create-roadmap-project url-shortener/fastify  ${ours.toFixed(0)} ms`);
console.log(`  create-vite react-ts                          ${vite.toFixed(0)} ms`);
console.log(`  ratio ${(ours / vite).toFixed(2)}x (target: at most 1.25x)`);
