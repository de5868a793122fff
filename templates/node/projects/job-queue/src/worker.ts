import { createPool } from './db/pool.js';
import { JobsRepository } from './jobs/jobs-repository.js';
import { subscribeToWakeUps } from './jobs/wake-ups.js';
import { Worker, workerOptions } from './jobs/worker-loop.js';
import { prepare } from './lifecycle.js';

// How long SIGTERM waits for running jobs. Kubernetes sends SIGKILL 30 s after SIGTERM by
// default; give `docker stop` as long with `--time 30` (compose: stop_grace_period: 30s).
const SHUTDOWN_GRACE_MS = 25_000;

// Same start-up as the API: a bad config is one line and exit 1, then the migrations run.
const { config, logger } = await prepare();

// One connection per running job (each records its own outcome) plus the claim and the
// heartbeat; capped, since Postgres allows only so many connections across all processes.
const pool = createPool(config.databaseUrl, logger, {
  max: Math.min(config.workerConcurrency + 2, 20),
});
const worker = new Worker(new JobsRepository(pool), logger, workerOptions(config));
const wakeUps = subscribeToWakeUps(config.redisUrl, logger, () => worker.wake());
worker.start();

/*
 * The first SIGTERM (or Ctrl-C) stops claiming and lets the running jobs finish; a
 * second one, or the end of the grace period, stops at once. Jobs still running
 * then are not marked anything: their leases expire and another worker reruns them.
 * A wrapper (tsx watch, a process manager) may pass on the signal a terminal already
 * sent to the whole process group: a repeat within a second is the same request.
 */
const SAME_SIGNAL_WINDOW_MS = 1_000;
let firstSignalAt: number | undefined;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (firstSignalAt === undefined) {
      firstSignalAt = Date.now();
      logger.info({ signal, running: worker.activeJobs }, 'shutting down: finishing running jobs');
      void shutdown();
    } else if (Date.now() - firstSignalAt >= SAME_SIGNAL_WINDOW_MS) {
      logger.warn({ signal }, 'second signal: leaving the running jobs to lease expiry');
      worker.abandon();
    }
  });
}

async function shutdown(): Promise<void> {
  try {
    const { abandoned } = await worker.stop(SHUTDOWN_GRACE_MS);
    await wakeUps.close();
    // Abandoned jobs may still hold a pool client: do not wait for them.
    if (abandoned === 0) await pool.end();
    logger.info({ abandoned }, 'worker stopped');
    process.exit(0);
  } catch (err) {
    logger.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
