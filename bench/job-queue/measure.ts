import type { Process } from '../templates/processes.js';

/** A queue as the benchmark drives it: one of the generated stacks, graphile-worker or BullMQ. */
export interface QueueUnderTest {
  /** Adds one `echo` (or no-op) job; resolves to its id once the queue has stored it. */
  enqueue(n: number): Promise<string>;
  /** Jobs stored and not yet succeeded. */
  unfinished(): Promise<number>;
  /** One cheap look at one job: has it succeeded? */
  succeeded(id: string): Promise<boolean>;
  /** Starts the two worker processes (no readiness wait: their start-up is part of what is timed). */
  startWorkers(): Process[];
}

export const JOBS = 2_000;
export const IN_FLIGHT = 32;
export const WAKE_UP_JOBS = 50;
// The throughput poll: one count query every 10 ms, < 1% of a run of a second or more.
const THROUGHPUT_POLL_MS = 10;
// The wake-up poll: one primary-key read every 2 ms, the resolution of the latencies.
const WAKE_UP_POLL_MS = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Enqueues `count` jobs, `IN_FLIGHT` requests at a time. */
export async function enqueueAll(queue: QueueUnderTest, count: number): Promise<void> {
  let next = 0;
  const sender = async () => {
    while (next < count) await queue.enqueue(next++);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
  const stored = await queue.unfinished();
  if (stored !== count) throw new Error(`enqueued ${count} jobs but ${stored} are waiting before any worker ran`);
}

function checkAlive(workers: Process[]) {
  const gone = workers.find((w) => w.exited());
  if (gone) throw new Error(`a worker exited:\n${gone.output()}`);
}

/** Starts the workers and times until no job is left unfinished: ms, worker start included. */
export async function timeDrain(queue: QueueUnderTest, timeoutMs = 180_000): Promise<{ ms: number; workers: Process[] }> {
  const started = performance.now();
  const workers = queue.startWorkers();
  for (;;) {
    const left = await queue.unfinished();
    const elapsed = performance.now() - started;
    if (left === 0) return { ms: elapsed, workers };
    checkAlive(workers);
    if (elapsed > timeoutMs) throw new Error(`${left} of ${JOBS} jobs still unfinished after ${timeoutMs / 1000}s`);
    await sleep(THROUGHPUT_POLL_MS);
  }
}

/**
 * With the workers idle, enqueues jobs one at a time: each is timed from just before the enqueue to the
 * first poll that sees it succeeded; the next follows 50-100 ms after, so the workers are asleep again.
 */
export async function wakeUpLatencies(
  queue: QueueUnderTest,
  workers: Process[],
  timeoutMs = 10_000,
): Promise<{ latencies: number[]; enqueueMs: number[] }> {
  const latencies: number[] = [];
  const enqueueMs: number[] = []; // of each latency, the enqueue call alone
  for (let n = 0; n < WAKE_UP_JOBS; n++) {
    await sleep(50 + Math.random() * 50);
    const started = performance.now();
    const id = await queue.enqueue(JOBS + n);
    enqueueMs.push(performance.now() - started);
    for (;;) {
      if (await queue.succeeded(id)) break;
      if (performance.now() - started > timeoutMs) {
        checkAlive(workers);
        throw new Error(`wake-up job ${id} not succeeded after ${timeoutMs / 1000}s`);
      }
      await sleep(WAKE_UP_POLL_MS);
    }
    latencies.push(performance.now() - started);
  }
  return { latencies, enqueueMs };
}

/** Nearest-rank percentile: of 50 samples, p50 is the 25th smallest and p99 the largest. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
