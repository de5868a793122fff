/**
 * Every package manager the CLI offers, on the path users take: generate the fastify url-shortener with
 * `--package-manager <pm>` through the CLI's default path (install and git), then run that project's
 * lint and test commands and start it. npm, pnpm and bun must pass; yarn runs too, and is reported as not
 * run (neither passed nor failed) only when the registry lacks a package of its dependency tree.
 *
 * The package managers come from PATH (.ci/run installs the pinned ones from the npm registry);
 * PACKAGE_MANAGERS=pnpm,bun runs a subset. Logs go to .package-managers/<pm>/.
 */
import { execa } from 'execa';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { packageManagers, type PackageManager } from '../../src/args.js';
import { freePort } from '../support/free-port.js';
import { templateNodeBin } from '../support/node-runtime.js';
import { startServices, type Services } from '../support/services.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'index.js');
const logsRoot = path.join(root, '.package-managers');
const minutes = (n: number) => n * 60_000;

/** The lockfile each manager writes: the first commit must hold it. */
const lockfiles: Record<PackageManager, string> = {
  npm: 'package-lock.json',
  pnpm: 'pnpm-lock.yaml',
  yarn: 'yarn.lock',
  bun: 'bun.lock',
};

class StepFailed extends Error {
  constructor(
    readonly step: string,
    readonly log: string,
    reason: string,
  ) {
    super(`${step} failed: ${reason}`);
  }
}

/** The registry does not serve a package of the tree: the run says so instead of passing or failing. */
class NotServed extends Error {}

/** A user's shell: none of npm's own variables from `npm test` (pnpm reads npm_config_*), no database URLs. */
function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && !/^(TEST_)?(DATABASE|REDIS)_URL$/.test(key) && key !== 'INIT_CWD'),
  );
  return {
    ...env,
    GIT_AUTHOR_NAME: 'Package Manager Test',
    GIT_AUTHOR_EMAIL: 'pm-test@example.com',
    GIT_COMMITTER_NAME: 'Package Manager Test',
    GIT_COMMITTER_EMAIL: 'pm-test@example.com',
    ...extra,
  };
}

async function runStep(step: string, command: string, cwd: string, logDir: string, env: NodeJS.ProcessEnv, timeout: number) {
  const log = path.join(logDir, `${step}.log`);
  const out = createWriteStream(log);
  out.write(`$ ${command}\n`);
  const child = execa(command, { cwd, env, extendEnv: false, shell: true, timeout, reject: false, all: true, stdin: 'ignore' });
  child.all?.pipe(out);
  const result = await child;
  await new Promise((resolve) => out.end(resolve));
  if (result.timedOut) throw new StepFailed(step, log, `timed out after ${timeout / 60_000} min`);
  if (result.exitCode !== 0) throw new StepFailed(step, log, `exit code ${result.exitCode}`);
  return result.all ?? '';
}

/** What a failed install says when the registry has no such package (yarn 1 and yarn 4 wordings). */
function missingFromRegistry(output: string): string | undefined {
  return (
    /Couldn't find package "([^"]+)" on the "npm" registry/.exec(output)?.[1] ??
    /YN0035: .*?((?:@[\w.-]+\/)?[\w.-]+)@npm:[^:]*: Package not found/.exec(output)?.[1]
  );
}

/** `pm run start` answers /health with ok and shortens a URL; then SIGTERM stops it. */
async function checkStart(pm: PackageManager, cwd: string, logDir: string, env: NodeJS.ProcessEnv) {
  const port = await freePort();
  const log = path.join(logDir, 'start.log');
  const out = createWriteStream(log);
  const child = spawn(`${pm} run start`, { cwd, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let alive = true;
  void exited.then(() => (alive = false));
  const base = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + minutes(3);
    for (;;) {
      if (!alive) throw new StepFailed('start', log, 'the service exited before /health answered');
      const health = await fetch(`${base}/health`).catch(() => undefined);
      if (health?.status === 200) break;
      if (Date.now() > deadline) throw new StepFailed('start', log, '/health did not answer 200 within 3 min');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const created = await fetch(`${base}/shorten`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: `https://example.com/${pm}` }),
    });
    if (created.status !== 201) throw new StepFailed('start', log, `POST /shorten answered ${created.status}`);
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    const stopped = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 20_000))]);
    if (!stopped) process.kill(-child.pid!, 'SIGKILL');
    await new Promise((resolve) => out.end(resolve));
  }
}

async function runManager(pm: PackageManager, services: Services, work: string, runtime: Record<string, string>, index: number) {
  const logDir = path.join(logsRoot, pm);
  await mkdir(logDir, { recursive: true });
  const env = userEnv(runtime);
  const version = await execa(pm, ['--version'], { env, reject: false, stdin: 'ignore' });
  if (version.exitCode !== 0) throw new Error(`${pm} not found on PATH (.ci/run installs it from the npm registry)`);
  const timings: string[] = [`${pm} ${version.stdout.trim()}`];
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await work();
    timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(0)}s`);
    return result;
  };

  const name = `with-${pm}`;
  const dir = path.join(work, name);
  const command = `node ${JSON.stringify(cli)} ${name} --project url-shortener --stack fastify --yes --package-manager ${pm}`;
  try {
    await timed('generate+install', () => runStep('generate', command, work, logDir, env, minutes(15)));
  } catch (error) {
    const missing = error instanceof StepFailed ? missingFromRegistry(await readFile(error.log, 'utf8')) : undefined;
    if (missing) throw new NotServed(`the registry does not serve "${missing}", a package of its tree`);
    throw error;
  }
  const committed = (await execa('git', ['ls-files'], { cwd: dir })).stdout.split('\n');
  if (!committed.includes(lockfiles[pm])) throw new Error(`the first commit lacks ${lockfiles[pm]}`);
  if (committed.some((file) => file.startsWith('node_modules/'))) throw new Error('the first commit holds node_modules');

  await timed('lint', () => runStep('lint', `${pm} run lint`, dir, logDir, env, minutes(10)));
  // With a container engine the template's own Testcontainers code starts Postgres and Redis, as for a user.
  const databaseUrl = await services.createDatabase(`pm_${pm}`);
  const redisUrl = services.redisUrl(index + 8);
  const testUrls = services.path === 'testcontainers' ? {} : { TEST_DATABASE_URL: databaseUrl, TEST_REDIS_URL: redisUrl };
  await timed('test', () => runStep('test', `${pm} run test`, dir, logDir, { ...env, ...testUrls }, minutes(20)));
  await timed('start', () => checkStart(pm, dir, logDir, { ...env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, LOG_LEVEL: 'warn' }));
  return timings.join(' · ');
}

async function tail(file: string, lines = 30) {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).map((line) => `    ${line}`).join('\n');
}

async function main() {
  const wanted = (process.env.PACKAGE_MANAGERS ?? packageManagers.join(',')).split(',').map((pm) => pm.trim());
  const unknown = wanted.filter((pm) => !packageManagers.includes(pm as PackageManager));
  if (unknown.length > 0) throw new Error(`PACKAGE_MANAGERS: unknown ${unknown.join(', ')}`);
  const nodeBin = await templateNodeBin();
  // Node templates run on the Node.js major they target; the package managers run on it too.
  const runtime: Record<string, string> = nodeBin ? { PATH: `${nodeBin}${path.delimiter}${process.env.PATH}` } : {};
  const services = await startServices();
  const work = await mkdtemp(path.join(tmpdir(), 'package-managers-'));
  await rm(logsRoot, { recursive: true, force: true });
  console.log(`package managers: ${wanted.join(', ')}; fastify url-shortener through the CLI's default path, then lint, test and start`);
  let passed = 0;
  let failed = 0;
  const notRun: string[] = [];
  try {
    for (const [index, pm] of (wanted as PackageManager[]).entries()) {
      const started = Date.now();
      try {
        const timings = await runManager(pm, services, work, runtime, index);
        passed += 1;
        console.log(`✓ ${pm} (${((Date.now() - started) / 1000).toFixed(0)}s: ${timings})`);
      } catch (error) {
        if (error instanceof NotServed) {
          notRun.push(`${pm}: ${error.message}`);
          console.log(`- ${pm}: not run: ${error.message}`);
          continue;
        }
        failed += 1;
        const step = error instanceof StepFailed ? error : undefined;
        console.log(`✗ ${pm}: ${(error as Error).message}${step ? ` (log: ${path.relative(root, step.log)})` : ''}`);
        if (step) console.log(await tail(step.log));
      }
    }
  } finally {
    await services.stop();
    await rm(work, { recursive: true, force: true });
  }
  if (notRun.length > 0) console.log(`not run: ${notRun.join('; ')}`);
  console.log(`package-managers: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(`package managers: ${(error as Error).message}`);
  process.exitCode = 1;
});
