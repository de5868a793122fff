/**
 * The template matrix: for every (project, stack) of `--list --json`, generate the project with the built
 * CLI's default path (install and git, as a user runs it), run its test command, start every process the
 * project declares and run the project's contract suite against them. See README.md.
 */
import { execa } from 'execa';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { commandsFor, loadCatalog } from '../../src/catalog.js';
import { devToolDirs } from '../support/lint-tools.js';
import { templateNodeBin } from '../support/node-runtime.js';
import { resetRedisDatabase } from '../support/redis-reset.js';
import { startServices, type Services } from '../support/services.js';
import { runContract } from './deploy.js';
import { entriesOf, filterEntries, type MatrixEntry } from './entries.js';
import { buildCommand, containerCommand, imageTag } from './image.js';
import { composeUp } from './compose.js';
import { fuzz } from './schemathesis.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'dist', 'index.js');
const logsRoot = path.join(root, '.matrix');
const concurrency = Math.max(1, Number(process.env.MATRIX_CONCURRENCY ?? 2));
const minutes = (n: number) => n * 60_000;

class StepFailed extends Error {
  constructor(readonly step: string, readonly log: string, reason: string) {
    super(`${step} failed: ${reason}`);
  }
}

/** The environment a user's shell would have: none of npm's own variables from `npm test`, no database URLs. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('npm_') && !/^(TEST_)?(DATABASE|REDIS)_URL$/.test(key) && key !== 'INIT_CWD',
    ),
  );
  return { ...env, PIP_DISABLE_PIP_VERSION_CHECK: '1', ...extra };
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
}

const catalog = loadCatalog();

async function runEntry(entry: MatrixEntry, index: number, services: Services, workRoot: string, nodeBin?: string) {
  const id = `${entry.project}-${entry.stack}`;
  const logDir = path.join(logsRoot, id);
  await mkdir(logDir, { recursive: true });
  const timings: string[] = [];
  const timed = async (label: string, work: () => Promise<void>) => {
    const started = Date.now();
    await work();
    timings.push(`${label} ${((Date.now() - started) / 1000).toFixed(1)}s`);
  };

  const projectDir = path.join(workRoot, id);
  const databaseUrl = await services.createDatabase(`matrix_${id.replaceAll('-', '_')}`);
  const redisUrl = services.redisUrl(index + 1);
  const stack = catalog.stacks.find((s) => s.id === entry.stack)!;
  const project = catalog.available.find((p) => p.id === entry.project)!;
  // Node templates run on the Node.js major they target, whatever runs this harness.
  const runtime: Record<string, string> =
    stack.toolchain.includes('node') && nodeBin ? { PATH: `${nodeBin}${path.delimiter}${process.env.PATH}` } : {};
  // The tests' own URLs: the template reads only TEST_DATABASE_URL and TEST_REDIS_URL, never the app's.
  // With a container engine it gets none, so its own Testcontainers code starts Postgres and Redis, as for a user.
  const testUrls = { TEST_DATABASE_URL: databaseUrl, TEST_REDIS_URL: redisUrl };
  const testEnv = cleanEnv({ ...runtime, ...(services.path === 'testcontainers' ? {} : testUrls) });

  // The user's path: the CLI installs the dependencies and makes the first commit.
  await timed('generate+install', () =>
    runStep('generate', `node ${JSON.stringify(cli)} ${id} --project ${entry.project} --stack ${entry.stack} --yes`, workRoot, logDir, cleanEnv(runtime), minutes(15)),
  );
  // The repo's own lint command (linters, formatters, type checks), with the dev tools it runs. It is not
  // in `--list --json`: the catalog has it, as the generated README shows it.
  const lint = commandsFor(stack, project, 'npm').lint;
  if (lint) {
    const lintPath = [...(await devToolDirs(stack)), runtime.PATH ?? process.env.PATH].join(path.delimiter);
    await timed('lint', () => runStep('lint', lint, projectDir, logDir, cleanEnv({ ...runtime, PATH: lintPath }), minutes(10)));
  }
  await resetRedisDatabase(redisUrl);
  await timed('test', () => runStep('test', entry.commands.test, projectDir, logDir, testEnv, minutes(20)));
  // The tests' keys (rate-limit windows of 127.0.0.1, pending clicks) must not reach the running service.
  await resetRedisDatabase(redisUrl);
  await timed('contract', async () => {
    const log = path.join(logDir, 'contract.log');
    const env = cleanEnv({ ...runtime, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    try {
      await runContract({ project, stack, commands: entry.commands, cwd: projectDir, env, logDir, databaseUrl, redisUrl });
    } catch (error) {
      throw new StepFailed('contract', log, (error as Error).message);
    }
  });
  // A fuzzer nobody here wrote, against the service's own /openapi.json: no 5xx, and nothing undocumented.
  await timed('schemathesis', async () => {
    const env = cleanEnv({ ...runtime, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    try {
      await runContract({ project, stack, commands: entry.commands, cwd: projectDir, env, logDir, databaseUrl, redisUrl, label: 'fuzz', fuzz });
    } catch (error) {
      throw new StepFailed('schemathesis', path.join(logDir, 'schemathesis.log'), (error as Error).message);
    }
  });
  // With a container engine: the repo's own Dockerfile builds, and every process answers from the image.
  if (services.path === 'testcontainers') {
    await timed('image', async () => {
      await runStep('image-build', buildCommand(id), projectDir, logDir, cleanEnv(), minutes(15));
      const env = cleanEnv({ DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, HOST: '127.0.0.1', LOG_LEVEL: 'info' });
      try {
        await runContract({
          ...{ project, stack, commands: entry.commands, cwd: projectDir, env, logDir, databaseUrl, redisUrl },
          label: 'image',
          caseLimit: 1,
          commandFor: (process, variables) => containerCommand(id, stack, process, variables),
        });
      } catch (error) {
        throw new StepFailed('image', path.join(logDir, 'image-processes.log'), (error as Error).message);
      } finally {
        await execa('docker', ['image', 'rm', '-f', imageTag(id)], { reject: false });
      }
    });
    // compose up --build, once per project: in the first stack it is declared complete in.
    if (project.stacks[0] === stack.id) {
      const log = path.join(logDir, 'compose.log');
      await timed('compose', () =>
        composeUp(id, project, projectDir, log).catch((error: Error) => {
          throw new StepFailed('compose', log, error.message);
        }),
      );
    }
  }
  return timings.join(' · ');
}

async function tail(file: string, lines = 40) {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).map((line) => `    ${line}`).join('\n');
}

async function main() {
  const { stdout } = await execa('node', [cli, '--list', '--json']);
  const entries = filterEntries(entriesOf(JSON.parse(stdout)), process.env.MATRIX);
  if (entries.length === 0) throw new Error(`MATRIX="${process.env.MATRIX}" matches no (project, stack) of the catalog`);

  const services = await startServices();
  const nodeBin = await templateNodeBin();
  const how = {
    env: 'DATABASE_URL and REDIS_URL from the environment',
    testcontainers: 'a container engine: each template test suite starts its own with Testcontainers',
    binaries: 'postgres and redis-server binaries started on loopback',
  }[services.path];
  console.log(`template matrix: ${entries.length} runs, ${concurrency} at a time; Postgres and Redis from ${how}`);

  const workRoot = await mkdtemp(path.join(tmpdir(), 'roadmap-matrix-'));
  await rm(logsRoot, { recursive: true, force: true });
  let passed = 0;
  let failed = 0;
  const queue = entries.map((entry, index) => ({ entry, index }));
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const name = `${item.entry.project}/${item.entry.stack}`;
      const started = Date.now();
      try {
        const timings = await runEntry(item.entry, item.index, services, workRoot, nodeBin);
        passed += 1;
        console.log(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(0)}s: ${timings})`);
      } catch (error) {
        failed += 1;
        const step = error instanceof StepFailed ? error : undefined;
        console.log(`✗ ${name}: ${(error as Error).message}${step ? ` (log: ${path.relative(root, step.log)})` : ''}`);
        if (step) console.log(await tail(step.log));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
  } finally {
    await services.stop();
    await rm(workRoot, { recursive: true, force: true });
  }
  console.log(`matrix: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(`template matrix: ${(error as Error).message}`);
  process.exitCode = 1;
});
