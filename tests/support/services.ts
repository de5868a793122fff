import pg from 'pg';
import { localBinariesAvailable, startLocalServers } from './local-servers.js';

export type ServicesPath = 'env' | 'testcontainers' | 'binaries';

/**
 * Postgres and Redis for the template matrix and the benchmarks, from (in order) DATABASE_URL/REDIS_URL,
 * Testcontainers when a container engine answers, or the machine's postgres and redis-server binaries.
 */
export interface Services {
  path: ServicesPath;
  /** A new, empty database on the server; one per template run so runs can go in parallel. */
  createDatabase(name: string): Promise<string>;
  /** A Redis URL on a logical database of its own (0-15). */
  redisUrl(index: number): string;
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function withRedisDb(url: string, index: number): string {
  const parsed = new URL(url);
  parsed.pathname = `/${index % 16}`;
  return parsed.toString();
}

function services(path: ServicesPath, adminUrl: string, redisUrl: string, stop: () => Promise<void>): Services {
  return {
    path,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}"`);
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      return withDatabase(adminUrl, name);
    },
    redisUrl: (index) => withRedisDb(redisUrl, index),
    stop,
  };
}

export async function containerEngineAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startContainers(): Promise<Services> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { RedisContainer } = await import('@testcontainers/redis');
  const [postgres, redis] = await Promise.all([
    new PostgreSqlContainer('postgres:17-alpine').withCommand(['postgres', '-c', 'max_connections=300']).start(),
    new RedisContainer('redis:7-alpine').start(),
  ]);
  return services('testcontainers', postgres.getConnectionUri(), redis.getConnectionUrl(), async () => {
    await Promise.all([postgres.stop(), redis.stop()]);
  });
}

async function startBinaries(): Promise<Services> {
  const local = await startLocalServers();
  return services('binaries', local.databaseUrl, local.redisUrl, () => local.stop());
}

/** MATRIX_SERVICES=env|testcontainers|binaries forces one path; otherwise the first that works. */
export async function startServices(forced = process.env.MATRIX_SERVICES): Promise<Services> {
  const { DATABASE_URL, REDIS_URL } = process.env;
  if (forced === 'env' || (!forced && DATABASE_URL && REDIS_URL)) {
    if (!DATABASE_URL || !REDIS_URL) throw new Error('MATRIX_SERVICES=env needs DATABASE_URL and REDIS_URL');
    return services('env', DATABASE_URL, REDIS_URL, async () => {});
  }
  if (forced === 'testcontainers') return startContainers();
  if (forced === 'binaries') return startBinaries();
  if (forced) throw new Error(`MATRIX_SERVICES="${forced}": use env, testcontainers or binaries`);

  if (await containerEngineAnswers()) {
    try {
      return await startContainers();
    } catch (error) {
      // An engine that answers but cannot start containers (no registry, no images): use the binaries.
      if (!localBinariesAvailable()) throw error;
      console.log(`Testcontainers could not start Postgres and Redis (${(error as Error).message.trim()}); using local binaries`);
    }
  }
  if (localBinariesAvailable()) return startBinaries();

  throw new Error(
    'The template matrix needs Postgres and Redis: start Docker, set DATABASE_URL and REDIS_URL, or install postgresql and redis-server',
  );
}
