import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_KEY_PREFIX, PENDING_KEY } from '../../src/links/click-counter.js';
import { createServices, type Services } from '../../src/services.js';
import { CLOSED_REDIS_URL, silentLogger, testConfig } from '../support/config.js';

describe('click counting', () => {
  let services: Services;

  beforeAll(async () => {
    services = createServices(testConfig(), silentLogger);
    await services.start();
  });
  afterAll(() => services.close());

  const newLink = () => services.links.create(`https://example.com/${randomUUID()}`);
  const accessCount = async (code: string) => (await services.links.stats(code)).accessCount;

  it('counts redirects in Redis and moves them to Postgres on flush', async () => {
    const { shortCode } = await newLink();
    await Promise.all(Array.from({ length: 25 }, () => services.links.resolve(shortCode)));
    expect(await services.redis.hget(PENDING_KEY, shortCode)).not.toBeNull();

    expect(await accessCount(shortCode)).toBe(25);
  });

  it('keeps exact counts while flushes run concurrently', async () => {
    const { shortCode } = await newLink();
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        await services.links.resolve(shortCode);
        if (i % 5 === 0) await services.clicks.flush();
      }),
    );
    expect(await accessCount(shortCode)).toBe(50);
  });

  it('applies a batch left by a crash exactly once', async () => {
    const { shortCode } = await newLink();
    const batchKey = `${BATCH_KEY_PREFIX}${randomUUID()}`;

    // A flusher renamed the pending hash, then died before applying it.
    await services.redis.hset(batchKey, shortCode, 5);
    await services.clicks.flush();
    expect(await accessCount(shortCode)).toBe(5);
    expect(await services.redis.exists(batchKey)).toBe(0);

    // A flusher committed the batch, then died before deleting it: the replay adds nothing.
    await services.redis.hset(batchKey, shortCode, 5);
    await services.clicks.flush();
    expect(await accessCount(shortCode)).toBe(5);
    expect(await services.redis.exists(batchKey)).toBe(0);
  });

  it('forgets the pending clicks of a deleted link', async () => {
    const { shortCode } = await newLink();
    await services.links.resolve(shortCode);
    await services.links.remove(shortCode);
    expect(await services.redis.hget(PENDING_KEY, shortCode)).toBeNull();
  });

  it('counts straight into Postgres while Redis is down', async () => {
    const degraded = createServices(testConfig({ REDIS_URL: CLOSED_REDIS_URL }), silentLogger);
    await degraded.start();
    try {
      const { shortCode } = await degraded.links.create('https://example.com/no-redis');
      await Promise.all([1, 2, 3].map(() => degraded.links.resolve(shortCode)));
      expect((await degraded.links.stats(shortCode)).accessCount).toBe(3);
    } finally {
      await degraded.close();
    }
  });
});
