import type { Server } from 'node:http';
import { createApp } from './app.js';
import { prepare, stopOnSignals } from './lifecycle.js';
import { createServices } from './services.js';

/**
 * What this entry point needs from src/services.ts. A service whose clients keep connections
 * open (WebSockets) also has `attach`, to take over the server's 'upgrade' event, and
 * `closeConnections`, to close those connections at shutdown: open ones would keep the server
 * from closing.
 */
interface ServerLifecycle {
  start(): Promise<void>;
  close(): Promise<void>;
  attach?(server: Server): void;
  closeConnections?(): Promise<void>;
}

const { config, logger } = await prepare();

const services = createServices(config, logger);
const lifecycle: ServerLifecycle = services;
await lifecycle.start();

const app = createApp({ config, logger, services });
const server = app.listen(config.port, config.host, (err) => {
  if (err) {
    logger.fatal({ err }, 'could not start listening');
    process.exit(1);
  }
  logger.info({ host: config.host, port: config.port }, 'listening');
});
lifecycle.attach?.(server);

/**
 * Stops accepting connections, closes long-lived ones, waits for in-flight requests, then
 * flushes and closes pools.
 */
async function shutdown(): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Keep-alive connections with no request in flight would hold close() open.
    server.closeIdleConnections();
  });
  await lifecycle.closeConnections?.();
  await closed;
  await lifecycle.close();
}

stopOnSignals(logger, shutdown);
