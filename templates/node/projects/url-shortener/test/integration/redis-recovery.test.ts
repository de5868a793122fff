import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createServices, type Services } from '../../src/services.js';
import { silentLogger, testConfig } from '../support/config.js';
import { TcpProxy } from '../support/tcp-proxy.js';

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('Redis going away and coming back', () => {
  let proxy: TcpProxy;
  let services: Services;

  afterAll(async () => {
    await services?.close();
    await proxy?.down();
  });

  it('starts without Redis, keeps serving, and recovers when Redis returns', async () => {
    const redisUrl = inject('redisUrl');
    proxy = await TcpProxy.create(redisUrl, 6379);
    services = createServices(testConfig({ REDIS_URL: proxy.urlFor(redisUrl) }), silentLogger);

    // Down at boot: the service starts and works from Postgres.
    await services.start();
    expect((await services.health()).body).toMatchObject({ status: 'degraded' });
    const { shortCode, url } = await services.links.create(`https://example.com/${randomUUID()}`);
    expect(await services.links.resolve(shortCode)).toBe(url);

    // Redis comes back: the client reconnects by itself and the cache is used again.
    await proxy.up();
    await eventually(async () => (await services.health()).body.status === 'ok');
    expect(await services.links.resolve(shortCode)).toBe(url);
    expect(await services.redis.exists(`link:${shortCode}`)).toBe(1);

    // Redis drops while running: requests keep working, and counts are not lost.
    await proxy.down();
    expect(await services.links.resolve(shortCode)).toBe(url);
    expect((await services.health()).body).toMatchObject({ status: 'degraded' });

    await proxy.up();
    await eventually(async () => (await services.health()).body.status === 'ok');
    expect((await services.links.stats(shortCode)).accessCount).toBe(3);
  });
});
