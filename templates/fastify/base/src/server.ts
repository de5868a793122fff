import { buildApp } from './app.js';
import { prepare, stopOnSignals } from './lifecycle.js';

const { config, logger } = await prepare();

const app = await buildApp(config, { logger });
try {
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  // Typically EADDRINUSE: another process already serves on PORT.
  logger.fatal({ err }, 'could not start listening');
  await app.close();
  process.exit(1);
}

// app.close() stops accepting, waits for in-flight requests and runs the onClose hooks:
// each plugin's own shutdown, the last registered first, so Redis and Postgres close last.
stopOnSignals(logger, () => app.close());
