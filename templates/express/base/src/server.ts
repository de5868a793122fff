import { createApp } from './app.js';
import { prepare, stopOnSignals } from './lifecycle.js';
import { createServices } from './services.js';

const { config, logger } = await prepare();

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

stopOnSignals(logger, shutdown);
