import type {} from 'vitest'; // makes the module augmentation below resolvable
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/db/migrate.js';
import { INFRA_HELP, InfraUnavailableError, startInfra, type Infra } from './infra.js';

// The values provide() hands to inject() in test files.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}

/** Runs once per `vitest run`: test files read the URLs with inject('databaseUrl') / inject('redisUrl'). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let infra: Infra;
  try {
    infra = await startInfra();
  } catch (err) {
    if (err instanceof InfraUnavailableError) exitWith(err.message);
    throw err;
  }

  try {
    await migrate(infra.urls.databaseUrl);
  } catch (err) {
    await infra.stop();
    exitWith(`${INFRA_HELP}\n(Postgres: ${err instanceof Error ? err.message : String(err)})`);
  }

  console.log(
    `Test infrastructure: postgres from ${infra.source.postgres}, redis from ${infra.source.redis}`,
  );
  project.provide('databaseUrl', infra.urls.databaseUrl);
  project.provide('redisUrl', infra.urls.redisUrl);
  return () => infra.stop();
}

// One clear message instead of a stack trace, and a failing exit code.
function exitWith(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}
