import type { JobsRepository, Lease } from './jobs-repository.js';

interface PendingCompletion {
  lease: Lease;
  resultJson: string;
  settle: (error: unknown, completed: boolean) => void;
}

// A batch stops growing at this many jobs or this much result JSON, whichever comes first.
const MAX_BATCH_JOBS = 200;
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Records successful attempts in batches, like a database's group commit: while
 * one UPDATE is on its way, the jobs that finish meanwhile wait and go together
 * in the next one. Under load that is one statement, one commit and one disk
 * flush for dozens of jobs instead of one each; when the worker is quiet, a
 * finished job is recorded at once.
 */
export class CompletionBatcher {
  private pending: PendingCompletion[] = [];
  private flushing = false;

  constructor(private readonly repository: JobsRepository) {}

  /** Resolves once recorded: true, or false when the lease was lost (another worker has the job). */
  complete(lease: Lease, resultJson: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({
        lease,
        resultJson,
        settle: (error, completed) => (error ? reject(error) : resolve(completed)),
      });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    // Jobs finishing in this same moment join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.takeBatch();
      try {
        const completed = await this.repository.completeMany(batch);
        for (const item of batch) item.settle(undefined, completed.has(item.lease.id));
      } catch (err) {
        for (const item of batch) item.settle(err, false);
      }
    }
    this.flushing = false;
  }

  private takeBatch(): PendingCompletion[] {
    let bytes = 0;
    let count = 0;
    while (count < this.pending.length && count < MAX_BATCH_JOBS) {
      bytes += this.pending[count].resultJson.length;
      if (count > 0 && bytes > MAX_BATCH_BYTES) break;
      count++;
    }
    return this.pending.splice(0, count);
  }
}
