import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { migrate } from './db/migrate.js';
import { createLogger } from './logger.js';

// Shutdown must not hang forever: a stuck connection or flush is cut off after this.
const SHUTDOWN_TIMEOUT_MS = 10_000;

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

const app = await buildApp(config, { logger });
try {
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  // Typically EADDRINUSE: another process already serves on PORT.
  logger.fatal({ err }, 'could not start listening');
  await app.close();
  process.exit(1);
}

// SIGTERM (docker stop, Kubernetes) and SIGINT (Ctrl-C): stop accepting, let in-flight
// requests finish, flush the click counts, close Redis and Postgres, exit 0.
// Repeated signals (a terminal and a process manager may both send one) are ignored.
let shuttingDown = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
