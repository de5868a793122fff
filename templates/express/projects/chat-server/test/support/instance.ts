import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import { createServices } from '../../src/services.js';
import { silentLogger, testConfig } from './config.js';

export interface ChatInstance {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Shuts down as on SIGTERM: sockets closed with 1001, presence removed, pools closed. */
  close: () => Promise<void>;
}

/**
 * One instance of the server on a random loopback port, on the test run's
 * Postgres and Redis (migrations are already applied), wired as server.ts
 * wires it. Start two for a two-instance chat. `env` overrides any variable,
 * e.g. `{ MESSAGES_PER_10_SECONDS: '5' }` or `{ REDIS_URL: CLOSED_REDIS_URL }`.
 */
export async function startInstance(env: Record<string, string> = {}): Promise<ChatInstance> {
  const config = testConfig(env);
  const services = createServices(config, silentLogger);
  await services.start();
  const server = createApp({ config, logger: silentLogger, services }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  services.attach(server);
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      });
      await services.closeConnections();
      await closed;
      await services.close();
    },
  };
}
