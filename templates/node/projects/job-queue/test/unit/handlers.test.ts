import { describe, expect, it } from 'vitest';
import { handlers, isJobType, JOB_TYPES, type JobContext } from '../../src/jobs/handlers.js';
import { silentLogger } from '../support/config.js';

const context = (attempt = 1, signal = new AbortController().signal): JobContext => ({
  id: 1,
  attempt,
  signal,
  logger: silentLogger,
});

describe('the job type registry', () => {
  it('holds the four built-in types', () => {
    expect(JOB_TYPES).toEqual(['echo', 'sleep', 'fail', 'flaky']);
    expect(isJobType('echo')).toBe(true);
    expect(isJobType('toString')).toBe(false);
    expect(isJobType('nope')).toBe(false);
  });

  it('echo returns its payload', async () => {
    expect(await handlers.echo({ hello: ['world'] })).toEqual({ hello: ['world'] });
  });

  it('sleep waits the given milliseconds', async () => {
    const started = performance.now();
    expect(await handlers.sleep({ ms: 50 }, context())).toEqual({ sleptMs: 50 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it.each([[null], [{}], [{ ms: -1 }], [{ ms: 600_001 }], [{ ms: 1.5 }], [{ ms: '10' }]])(
    'sleep fails on the payload %j',
    async (payload) => {
      await expect(handlers.sleep(payload, context())).rejects.toThrow(/^invalid payload: payload/);
    },
  );

  it('sleep stops when the worker gives the job up', async () => {
    const controller = new AbortController();
    const sleeping = handlers.sleep({ ms: 60_000 }, context(1, controller.signal));
    controller.abort();
    await expect(sleeping).rejects.toThrow(/abort/i);
  });

  it('fail always throws', () => {
    expect(() => handlers.fail()).toThrow('the fail job type always fails');
  });

  it('flaky fails its first failTimes attempts, then succeeds', () => {
    expect(() => handlers.flaky({ failTimes: 2 }, context(1))).toThrow('flaky failure 1 of 2');
    expect(() => handlers.flaky({ failTimes: 2 }, context(2))).toThrow('flaky failure 2 of 2');
    expect(handlers.flaky({ failTimes: 2 }, context(3))).toEqual({ succeededOnAttempt: 3 });
    expect(handlers.flaky({ failTimes: 0 }, context(1))).toEqual({ succeededOnAttempt: 1 });
    expect(() => handlers.flaky({ failTimes: 'x' }, context(1))).toThrow(/invalid payload/);
  });
});
