import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { RedisContainer } from '@testcontainers/redis';

export const INFRA_HELP =
  'Integration tests need Postgres and Redis: start Docker, or set TEST_DATABASE_URL and TEST_REDIS_URL.';

export interface InfraUrls {
  databaseUrl: string;
  redisUrl: string;
}

export interface Infra {
  urls: InfraUrls;
  /** Where each URL came from, for the one line the test run prints. */
  source: { postgres: 'env' | 'testcontainers'; redis: 'env' | 'testcontainers' };
  stop(): Promise<void>;
}

/** Thrown when neither the environment nor Docker can provide Postgres and Redis. */
export class InfraUnavailableError extends Error {
  constructor(reason: string) {
    super(`${INFRA_HELP}\n(${reason})`);
    this.name = 'InfraUnavailableError';
  }
}

const firstLine = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).split('\n')[0];

/**
 * Postgres and Redis for the tests, each from TEST_DATABASE_URL / TEST_REDIS_URL, else a
 * Testcontainers container (postgres:17-alpine, redis:7-alpine) that stop() removes. Never the
 * app's own DATABASE_URL / REDIS_URL: a loaded .env must not send tests to a development database.
 */
export async function startInfra(env: NodeJS.ProcessEnv = process.env): Promise<Infra> {
  const envDatabaseUrl = env.TEST_DATABASE_URL;
  const envRedisUrl = env.TEST_REDIS_URL;

  const [postgres, redis] = await Promise.allSettled([
    envDatabaseUrl ? undefined : new PostgreSqlContainer('postgres:17-alpine').start(),
    envRedisUrl ? undefined : new RedisContainer('redis:7-alpine').start(),
  ]);
  const stop = async () => {
    await Promise.all(
      [postgres, redis].map((r) =>
        r.status === 'fulfilled' && r.value ? r.value.stop() : undefined,
      ),
    );
  };
  if (postgres.status === 'rejected' || redis.status === 'rejected') {
    await stop();
    const failed = postgres.status === 'rejected' ? postgres : (redis as PromiseRejectedResult);
    throw new InfraUnavailableError(`Testcontainers: ${firstLine(failed.reason)}`);
  }

  return {
    urls: {
      databaseUrl: envDatabaseUrl || postgres.value!.getConnectionUri(),
      redisUrl: envRedisUrl || redis.value!.getConnectionUrl(),
    },
    source: {
      postgres: envDatabaseUrl ? 'env' : 'testcontainers',
      redis: envRedisUrl ? 'env' : 'testcontainers',
    },
    stop,
  };
}
