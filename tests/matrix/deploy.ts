import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import type { Project, ProjectProcess, Stack } from '../../src/catalog.js';
import type { ContractSuite, Deployment } from '../contract/deployment.js';
import type { MatrixEntry } from './entries.js';
import { startProcess, type RunningProcess } from './processes.js';

export interface DeployOptions {
  project: Project;
  stack: Stack;
  commands: MatrixEntry['commands'];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logDir: string;
  databaseUrl: string;
  redisUrl: string;
  /** How to start a process: the stack's command by default; a `docker run` of the image for the image check. */
  commandFor?: (process: ProjectProcess, variables: string[]) => string;
  /** The first N cases only (the image check runs one real round trip). */
  caseLimit?: number;
  /** Name of this run in the logs: `contract`, `image` or `fuzz`. */
  label?: string;
  /** Instead of the cases: one web process with the suite's `fuzzEnv`, and Schemathesis against its document. */
  fuzz?: (baseUrl: string, logFile: string) => Promise<void>;
}

/**
 * Starts every process the project declares (its web instances, then its workers, each as many as the
 * catalog says), runs the project's contract suite against them, then stops each with SIGTERM and checks
 * that it exits within 15 s. Throws with every failed case.
 */
export async function runContract(options: DeployOptions): Promise<void> {
  const { project, stack, commands, cwd, logDir } = options;
  const suite = (await import(`../contract/${project.id}.ts`)) as ContractSuite;
  const env = { ...options.env, ...suite.env, ...(options.fuzz ? suite.fuzzEnv : {}) };
  const label = options.label ?? 'contract';
  const log = path.join(logDir, `${label}-processes.log`);
  const report = path.join(logDir, `${label}.log`);
  const variables = ['DATABASE_URL', 'REDIS_URL', 'HOST', 'LOG_LEVEL', 'PORT', ...Object.keys(suite.env ?? {})];
  const processes: RunningProcess[] = [];
  const failures: string[] = [];
  try {
    // Web instances first: workers of some projects talk to nothing else, but a suite starts from the API.
    const ordered = options.fuzz
      ? [{ name: 'web' as const, instances: 1 }]
      : [...project.processes].sort((a, b) => Number(b.name === 'web') - Number(a.name === 'web'));
    for (const declared of ordered) {
      const command = options.commandFor
        ? options.commandFor(declared, variables)
        : (commands as Record<string, string | undefined>)[stack.processes[declared.name].command];
      if (!command) throw new Error(`${stack.id} has no command for the ${declared.name} process`);
      for (let index = 0; index < declared.instances; index += 1) {
        processes.push(await startProcess({ role: declared.name, index, command, cwd, env, log }));
      }
    }
    const deployment: Deployment = {
      web: processes.filter((p) => p.role === 'web').map((p) => p.url!),
      processes,
      databaseUrl: options.databaseUrl,
      redisUrl: options.redisUrl,
    };
    const cases = options.fuzz ? [{ name: 'Schemathesis', run: (d: Deployment) => options.fuzz!(d.web[0]!, path.join(logDir, 'schemathesis.log')) }] : suite.cases;
    for (const contractCase of cases.slice(0, options.caseLimit)) {
      const started = Date.now();
      try {
        await contractCase.run(deployment);
        await appendFile(report, `ok   ${contractCase.name} (${Date.now() - started} ms)\n`);
      } catch (error) {
        failures.push(`${contractCase.name}: ${(error as Error).message}`);
        await appendFile(report, `FAIL ${contractCase.name} (${Date.now() - started} ms)\n  ${(error as Error).stack ?? error}\n`);
      }
    }
  } finally {
    const stops = await Promise.allSettled(processes.map((p) => p.stop('SIGTERM')));
    for (const stop of stops) if (stop.status === 'rejected') failures.push((stop.reason as Error).message);
  }
  if (failures.length > 0) {
    throw new Error(`${failures.length} ${label} failure(s) (see ${path.basename(report)}):\n  ${failures.join('\n  ')}`);
  }
}
