import { ConfigError, loadConfig, type Config } from './config.js';
import { migrate } from './db/migrate.js';
import { createLogger, type Logger } from './logger.js';

// Shutdown must not hang forever: a stuck connection or flush is cut off after this.
const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * What every server does before it listens: read the config (a bad value is one line on stderr and
 * exit 1) and apply the migrations (a failure is a fatal log line and exit 1).
 */
export async function prepare(): Promise<{ config: Config; logger: Logger }> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  try {
    await migrate(config.databaseUrl, logger);
  } catch (err) {
    logger.fatal({ err }, 'could not apply database migrations');
    process.exit(1);
  }
  return { config, logger };
}

/**
 * SIGTERM (docker stop, Kubernetes) and SIGINT (Ctrl-C): `stop` stops accepting, lets in-flight
 * requests finish, flushes and closes Redis and Postgres; then exit 0. Repeated signals (a terminal
 * and a process manager may both send one) are ignored.
 */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down');
      setTimeout(() => {
        logger.error('shutdown timed out');
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS).unref();
      stop().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
