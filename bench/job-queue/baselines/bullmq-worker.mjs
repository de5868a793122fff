// One BullMQ worker: a no-op processor, WORKER_CONCURRENCY jobs at once, on the queue BULLMQ_QUEUE.
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

// Under ESM, BullMQ takes a client instance rather than connection options.
const connection = new Redis(process.env.REDIS_URL, { maxRetriesPerRequest: null });
const worker = new Worker(process.env.BULLMQ_QUEUE, async () => {}, {
  connection,
  concurrency: Number(process.env.WORKER_CONCURRENCY),
});
worker.on('error', (err) => console.error(`[bullmq] ${err.message}`));

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    void worker.close().then(() => process.exit(0));
  });
}
