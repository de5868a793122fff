import type { AddressInfo } from 'node:net';
import { startApp } from './app.js';

export interface TestServer {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The app listening on a random loopback port, for tests that send real HTTP
 * requests with fetch. `env` overrides any variable, e.g. DATABASE_URL.
 */
export async function startHttpServer(env: Record<string, string> = {}): Promise<TestServer> {
  const app = await startApp(env);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}
