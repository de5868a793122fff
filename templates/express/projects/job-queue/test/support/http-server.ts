import { listen, startTestApp } from './app.js';

export interface TestServer {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The app listening on a random loopback port, for tests that send real HTTP
 * requests with fetch. `env` overrides any variable, e.g. DATABASE_URL.
 */
export async function startHttpServer(env: Record<string, string> = {}): Promise<TestServer> {
  const testApp = await startTestApp(env);
  const server = await listen(testApp.app);
  return {
    baseUrl: server.baseUrl,
    close: async () => {
      await server.close();
      await testApp.close();
    },
  };
}
