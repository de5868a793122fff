import { createServer } from 'node:net';
import type { PackageManager } from './args.js';
import type { Catalog, Stack } from './catalog.js';
import { runChild } from './child.js';
import { out } from './colors.js';
import { UserError } from './errors.js';
import { probeTool, toolchainOf, type ToolProbe } from './toolchain.js';

/** One line of the report; `--json` prints a list of these. */
export interface Check {
  check: string;
  ok: boolean;
  /** A required check that fails makes doctor exit 1; the others are warnings. */
  required: boolean;
  detail: string;
  /** What to do about it, when it is not ok. */
  fix: string | null;
}

/** The ports a generated project uses on this machine: the service, Postgres and Redis from compose. */
const ports = [
  { port: 3000, what: 'the service (PORT)' },
  { port: 5432, what: "compose's Postgres" },
  { port: 6379, what: "compose's Redis" },
];

async function toolCheck({ probe, stacks, required }: NeededTool, all: boolean): Promise<Check> {
  const result = await probeTool(probe);
  const forWhom = all ? ` (${stacks.join(', ')})` : '';
  return { check: probe.name, ok: result.ok, required, detail: `${result.detail}${forWhom}`, fix: result.ok ? null : probe.fix };
}

interface NeededTool {
  probe: ToolProbe;
  stacks: string[];
  /** In a stack's toolchain (generating needs it), rather than only one of its dev tools. */
  required: boolean;
}

/** Runs a command that answers when the thing works; never throws (a missing program is a failed check). */
async function answers(command: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const result = await runChild(command, args, { output: 'capture', timeout: 20_000 });
    return { ok: result.code === 0, output: result.output.trim() };
  } catch {
    return { ok: false, output: `${command} not found` };
  }
}

async function gitCheck(): Promise<Check> {
  const git = await answers('git', ['--version']);
  return {
    check: 'git',
    ok: git.ok,
    required: false,
    detail: git.ok ? git.output : 'git not found: projects are generated without a repository',
    fix: git.ok ? null : 'install git from https://git-scm.com/downloads',
  };
}

async function dockerChecks(): Promise<Check[]> {
  const [engine, compose, legacyCompose] = await Promise.all([
    answers('docker', ['version', '--format', '{{.Server.Version}}']),
    answers('docker', ['compose', 'version', '--short']),
    answers('docker-compose', ['version', '--short']),
  ]);
  const engineFix =
    'start a Docker engine (Docker Desktop, or: sudo systemctl start docker); without one, the tests need TEST_DATABASE_URL and TEST_REDIS_URL';
  const composeVersion = compose.ok ? `docker compose ${compose.output}` : legacyCompose.ok ? `docker-compose ${legacyCompose.output}` : undefined;
  return [
    {
      check: 'Docker engine',
      ok: engine.ok,
      required: false,
      detail: engine.ok ? `Docker engine ${engine.output} (the tests start Postgres and Redis with Testcontainers)` : `no Docker engine answers: ${engine.output.split('\n')[0]}`,
      fix: engine.ok ? null : engineFix,
    },
    {
      check: 'Docker Compose',
      ok: composeVersion !== undefined,
      required: false,
      detail: composeVersion ?? 'neither `docker compose` nor `docker-compose` found (compose.yaml runs Postgres and Redis for local runs)',
      fix: composeVersion ? null : 'install the Docker Compose plugin: https://docs.docker.com/compose/install/',
    },
  ];
}

/** Free when we can listen on it on every IPv4 address, as the service and compose's published ports do. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0' }, () => server.close(() => resolve(true)));
  });
}

async function portChecks(): Promise<Check[]> {
  return Promise.all(
    ports.map(async ({ port, what }) => {
      const free = await portFree(port);
      return {
        check: `port ${port}`,
        ok: free,
        required: false,
        detail: free ? `port ${port} is free for ${what}` : `port ${port} is in use: ${what} cannot listen on it`,
        fix: free ? null : `stop what listens on ${port} (see: lsof -i :${port}), or give ${what} another port`,
      };
    }),
  );
}

function devToolProbe(stack: Stack, id: string): ToolProbe {
  const probe = stack.probes[id];
  if (!probe) throw new Error(`${stack.id}/stack.json: devTools entry "${id}" has no probe`);
  return probe;
}

/** Every check for the stacks: each tool once (Node.js serves two stacks), the dev tools as warnings, then
 * git, Docker and the ports. */
export async function runChecks(stacks: Stack[], packageManager: PackageManager, all: boolean): Promise<Check[]> {
  const tools = new Map<string, NeededTool>();
  const need = (probe: ToolProbe, stack: Stack, required: boolean) => {
    const key = probe.command.join(' ');
    const entry = tools.get(key) ?? { probe, stacks: [], required };
    entry.stacks.push(stack.id);
    entry.required ||= required;
    tools.set(key, entry);
  };
  for (const stack of stacks) {
    for (const probe of toolchainOf(stack, packageManager)) need(probe, stack, true);
  }
  for (const stack of stacks) {
    for (const id of stack.devTools ?? []) need(devToolProbe(stack, id), stack, false);
  }
  const [toolResults, git, docker, portResults] = await Promise.all([
    Promise.all([...tools.values()].map((tool) => toolCheck(tool, all))),
    gitCheck(),
    dockerChecks(),
    portChecks(),
  ]);
  return [...toolResults, git, ...docker, ...portResults];
}

function line(check: Check): string {
  const mark = check.ok ? out.green('✓') : check.required ? out.red('✗') : out.yellow('!');
  return `${mark} ${check.detail}${check.fix ? out.dim(` → ${check.fix}`) : ''}`;
}

export async function runDoctor(
  catalog: Catalog,
  options: { stack?: string; packageManager: PackageManager; json: boolean },
): Promise<number> {
  const stack = options.stack === undefined ? undefined : catalog.stacks.find((s) => s.id === options.stack);
  if (options.stack !== undefined && !stack) {
    throw new UserError(`Unknown stack "${options.stack}": use one of ${catalog.stacks.map((s) => s.id).join(', ')}`);
  }
  const stacks = stack ? [stack] : catalog.stacks;
  const checks = await runChecks(stacks, options.packageManager, !stack);
  const missing = checks.filter((check) => check.required && !check.ok);
  if (options.json) {
    console.log(JSON.stringify(checks, null, 2));
  } else {
    console.log(`What ${stack ? stack.title : 'every stack'} needs on this machine:`);
    for (const check of checks) console.log(`  ${line(check)}`);
    const warnings = checks.filter((check) => !check.required && !check.ok).length;
    console.log(
      missing.length > 0
        ? out.red(`\n${missing.length} required ${missing.length === 1 ? 'tool is' : 'tools are'} missing or too old: ${missing.map((c) => c.check).join(', ')}.`)
        : out.green(`\nEverything required is here${warnings > 0 ? ` (${warnings} ${warnings === 1 ? 'warning' : 'warnings'})` : ''}.`),
    );
  }
  return missing.length > 0 ? 1 : 0;
}
