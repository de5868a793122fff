// One graphile-worker runner: a no-op task, WORKER_CONCURRENCY jobs at once, warnings and errors only.
import { Logger, run } from 'graphile-worker';

const quiet = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`[graphile-worker] ${level}: ${message}`);
});

await run({
  connectionString: process.env.DATABASE_URL,
  concurrency: Number(process.env.WORKER_CONCURRENCY),
  logger: quiet,
  taskList: { noop: async () => {} },
});
