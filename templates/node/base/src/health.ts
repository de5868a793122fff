import type { Pool } from './db/pool.js';
import type { Redis } from './redis.js';

export type DependencyState = 'up' | 'down';

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  checks: { postgres: DependencyState; redis: DependencyState };
}

async function probe(check: () => Promise<unknown>, timeoutMs: number): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Postgres down means the service cannot work: 503 "down". Redis down only
 * costs speed (cache, counters, rate limit fall back or open): 200 "degraded".
 */
export async function checkHealth(
  deps: { pool: Pool; redis: Redis },
  timeoutMs = 2_000,
): Promise<{ statusCode: 200 | 503; body: HealthReport }> {
  const [postgres, redis] = await Promise.all([
    probe(() => deps.pool.query('SELECT 1'), timeoutMs),
    probe(() => deps.redis.ping(), timeoutMs),
  ]);
  const status = postgres === 'down' ? 'down' : redis === 'down' ? 'degraded' : 'ok';
  return {
    statusCode: status === 'down' ? 503 : 200,
    body: { status, checks: { postgres, redis } },
  };
}
