import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { migrate } from './db/migrate.js';
import { createLogger } from './logger.js';
import { createServices } from './services.js';

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

const services = createServices(config, logger);
await services.start();

const app = createApp({ config, logger, services });
const server = app.listen(config.port, config.host, (err) => {
  if (err) {
    logger.fatal({ err }, 'could not start listening');
    process.exit(1);
  }
  logger.info({ host: config.host, port: config.port }, 'listening');
});

/** Stops accepting connections, waits for in-flight requests, then flushes and closes pools. */
async function shutdown(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive connections with no request in flight would hold close() open.
    server.closeIdleConnections();
  });
  await services.close();
}

// SIGTERM (docker stop, Kubernetes) and SIGINT (Ctrl-C): stop accepting, let in-flight
// requests finish, flush the click counts, close Redis and Postgres, exit 0.
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
    shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
