import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import { testConfig } from './config.js';

export interface ChatInstance {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** Shuts down as on SIGTERM: sockets closed with 1001, presence removed, pools closed. */
  close: () => Promise<void>;
}

/**
 * One instance of the server on a random loopback port, on the test run's
 * Postgres and Redis (migrations are already applied). Start two for a
 * two-instance chat. `env` overrides any variable, e.g.
 * `{ MESSAGES_PER_10_SECONDS: '5' }` or `{ REDIS_URL: CLOSED_REDIS_URL }`.
 */
export async function startInstance(env: Record<string, string> = {}): Promise<ChatInstance> {
  const app = await buildApp(testConfig(env));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
