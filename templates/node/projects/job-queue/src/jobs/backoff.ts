/** However many attempts failed, a retry never waits longer than a day. */
export const MAX_RETRY_DELAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long to wait after failed attempt number `attempt` (1 for the first run):
 * baseMs * 2^(attempt-1), doubling with each failure so a struggling dependency
 * gets room to recover, plus up to 25% random jitter so jobs that failed together
 * (the same outage) do not all retry in the same instant.
 */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random) {
  const exponential = Math.min(baseMs * 2 ** (attempt - 1), MAX_RETRY_DELAY_MS);
  const jitter = Math.floor(random() * exponential * 0.25);
  return Math.min(exponential + jitter, MAX_RETRY_DELAY_MS);
}
