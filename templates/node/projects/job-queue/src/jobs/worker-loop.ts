import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { retryDelayMs } from './backoff.js';
import { CompletionBatcher } from './completions.js';
import { handlers as defaultHandlers, type JobHandler } from './handlers.js';
import type { JobRecord, JobsRepository, Lease } from './jobs-repository.js';
import { Nudge } from './nudge.js';

export interface WorkerOptions {
  /** Jobs run at the same time (WORKER_CONCURRENCY). */
  concurrency: number;
  /** JOB_LEASE_MS: how long a claim holds a job; the heartbeat renews it every third of that. */
  leaseMs: number;
  /** RETRY_BASE_MS: the first retry waits this long, each next one twice as long. */
  retryBaseMs: number;
  /**
   * The slow fallback poll while no wake-up arrives (Redis down, a lost message,
   * or a lease that expired). Default: 5 s, or the lease when that is shorter.
   */
  pollIntervalMs?: number;
  /** The job types this worker runs; default: every type in handlers.ts. */
  handlers?: Record<string, JobHandler>;
}

/** The options a worker process takes from its configuration. */
export const workerOptions = (config: Config): WorkerOptions => ({
  concurrency: config.workerConcurrency,
  leaseMs: config.jobLeaseMs,
  retryBaseMs: config.retryBaseMs,
});

/** One attempt in progress on this worker. */
interface RunningJob {
  lease: Lease;
  controller: AbortController;
  /** Set once the handler is done and its outcome is being written. */
  recording: boolean;
  done: Promise<void>;
}

type Outcome = { ok: true; resultJson: string } | { ok: false; error: string };

// After Postgres refused a claim, wait this long before trying again.
const CLAIM_ERROR_PAUSE_MS = 1_000;
// lastError keeps the start of the message only: enough to debug, never a huge row.
const MAX_ERROR_LENGTH = 2_000;

const errorMessage = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH);

/**
 * A worker process's engine. One loop claims jobs in batches of up to the free
 * slots and starts them without waiting; each job records its own outcome. When
 * nothing is due, the loop sleeps until the next job's runAt, a wake-up (wake()),
 * or the slow poll, whichever comes first: it never polls in a tight loop.
 */
export class Worker {
  /** Unique per process; each claim's token (locked_by) starts with it. */
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

  private readonly running = new Set<RunningJob>();
  private readonly nudge = new Nudge();
  private readonly completions: CompletionBatcher;
  private readonly handlers: Record<string, JobHandler>;
  private readonly pollIntervalMs: number;
  private claims = 0;
  private wakeRequested = false;
  private waitingForSlot = false;
  private stopping = false;
  private abandoned = false;
  private extending = false;
  private loopDone: Promise<void> | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  /** Aborted by abandon(): stop() waits no longer for the running jobs. */
  private readonly stopWaiting = new AbortController();

  constructor(
    private readonly repository: JobsRepository,
    private readonly logger: Logger,
    private readonly options: WorkerOptions,
  ) {
    this.handlers = options.handlers ?? defaultHandlers;
    this.completions = new CompletionBatcher(repository);
    this.pollIntervalMs = options.pollIntervalMs ?? Math.min(5_000, options.leaseMs);
  }

  /** Jobs this worker is running right now. */
  get activeJobs(): number {
    return this.running.size;
  }

  start(): void {
    if (this.loopDone) return;
    this.logger.info(
      { workerId: this.id, concurrency: this.options.concurrency, leaseMs: this.options.leaseMs },
      'worker started',
    );
    this.heartbeat = setInterval(() => void this.extendLeases(), this.options.leaseMs / 3);
    this.loopDone = this.loop();
  }

  /** A job may be ready (a wake-up message arrived): claim now instead of at the next poll. */
  wake(): void {
    this.wakeRequested = true;
    this.nudge.notify();
  }

  /**
   * Graceful shutdown: stops claiming, then waits up to `graceMs` for the running
   * jobs to finish and record their outcome. Whatever is still running after that
   * (or after abandon()) is left alone: not marked done or failed, its lease
   * simply expires and another worker runs it again. Resolves to the number of
   * jobs left that way.
   */
  async stop(graceMs: number): Promise<{ abandoned: number }> {
    this.stopping = true;
    this.nudge.notify();
    await this.loopDone;
    if (this.running.size > 0) {
      this.logger.info({ running: this.running.size, graceMs }, 'waiting for running jobs');
    }
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      Promise.all([...this.running].map((job) => job.done)).then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
        // abandon() may come before this point (a second signal during the claim in flight).
        if (this.stopWaiting.signal.aborted) resolve(false);
        this.stopWaiting.signal.addEventListener('abort', () => resolve(false), { once: true });
      }),
    ]);
    clearTimeout(timer);
    clearInterval(this.heartbeat);
    if (drained) return { abandoned: 0 };

    this.abandoned = true;
    for (const job of this.running) job.controller.abort();
    this.logger.warn(
      { abandoned: this.running.size },
      'stopped with jobs still running; they run again once their lease expires',
    );
    return { abandoned: this.running.size };
  }

  /** Ends stop()'s wait for running jobs now (a second SIGTERM). */
  abandon(): void {
    this.stopWaiting.abort();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const free = this.options.concurrency - this.running.size;
      if (free === 0) {
        this.waitingForSlot = true;
        await this.nudge.wait();
        this.waitingForSlot = false;
        continue;
      }
      // Jobs that finish in the same moment all free their slot first: one claim fills them all.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.stopping) break;

      this.wakeRequested = false;
      let claimed: JobRecord[];
      try {
        claimed = await this.repository.claim(
          `${this.id}:${++this.claims}`,
          free,
          this.options.leaseMs,
        );
      } catch (err) {
        this.logger.error({ err }, 'could not claim jobs; trying again shortly');
        await this.nudge.wait(CLAIM_ERROR_PAUSE_MS);
        continue;
      }
      for (const job of claimed) this.begin(job);

      // A full batch means more may be waiting; a wake-up during the claim may mean a new job.
      if (claimed.length === free || this.wakeRequested) continue;
      await this.sleepUntilNextDue();
    }
  }

  /** Nothing is due now: sleep until the next job's runAt, a wake-up or the fallback poll. */
  private async sleepUntilNextDue(): Promise<void> {
    let sleepMs = this.pollIntervalMs;
    try {
      const nextDueMs = await this.repository.msUntilNextDue();
      if (nextDueMs !== undefined) sleepMs = Math.min(sleepMs, Math.ceil(nextDueMs));
    } catch (err) {
      this.logger.warn({ err }, 'could not look up the next due job; polling');
    }
    if (this.wakeRequested || this.stopping || sleepMs <= 0) return;
    await this.nudge.wait(sleepMs);
  }

  private begin(job: JobRecord): void {
    const running: RunningJob = {
      lease: { id: job.id, token: job.lockedBy ?? '' },
      controller: new AbortController(),
      recording: false,
      done: Promise.resolve(),
    };
    this.running.add(running);
    running.done = this.attempt(job, running).finally(() => {
      this.running.delete(running);
      if (this.waitingForSlot) this.nudge.notify();
    });
  }

  /** Runs one attempt and records its outcome, if this worker still holds the lease. */
  private async attempt(job: JobRecord, running: RunningJob): Promise<void> {
    const log = this.logger.child({ jobId: job.id, type: job.type, attempt: job.attempts });
    const startedAt = performance.now();
    const outcome = await this.runHandler(job, running.controller.signal, log);
    if (this.abandoned || running.controller.signal.aborted) return;

    running.recording = true;
    try {
      await this.record(
        job,
        running.lease,
        outcome,
        log,
        Math.round(performance.now() - startedAt),
      );
    } catch (err) {
      log.error(
        { err },
        'could not record the outcome; the job runs again after its lease expires',
      );
    }
  }

  private async runHandler(job: JobRecord, signal: AbortSignal, log: Logger): Promise<Outcome> {
    if (job.attempts > job.maxAttempts) {
      // Claimed again after the lease of its last allowed attempt expired: its worker died.
      return { ok: false, error: 'the worker running the last attempt stopped without a result' };
    }
    const handler = Object.hasOwn(this.handlers, job.type) ? this.handlers[job.type] : undefined;
    if (!handler) return { ok: false, error: `no handler for job type "${job.type}"` };
    try {
      const result = await handler(job.payload, {
        id: job.id,
        attempt: job.attempts,
        signal,
        logger: log,
      });
      // Throws, failing the attempt, for a result JSON cannot hold (a BigInt, a cycle).
      return { ok: true, resultJson: JSON.stringify(result ?? null) };
    } catch (err) {
      return { ok: false, error: errorMessage(err) };
    }
  }

  /**
   * Writes the outcome: succeeded; failed with a retry due after the backoff; or
   * dead when that was the last allowed attempt.
   */
  private async record(
    job: JobRecord,
    lease: Lease,
    outcome: Outcome,
    log: Logger,
    durationMs: number,
  ): Promise<void> {
    let recorded: boolean;
    if (outcome.ok) {
      recorded = await this.completions.complete(lease, outcome.resultJson);
      if (recorded) log.info({ durationMs }, 'job succeeded');
    } else if (job.attempts >= job.maxAttempts) {
      recorded = await this.repository.markDead(lease, outcome.error);
      if (recorded) {
        log.error({ durationMs, error: outcome.error }, 'job failed its last attempt: dead');
      }
    } else {
      const retryInMs = retryDelayMs(job.attempts, this.options.retryBaseMs);
      recorded = await this.repository.scheduleRetry(lease, outcome.error, retryInMs);
      if (recorded) {
        log.warn({ durationMs, error: outcome.error, retryInMs }, 'job failed; will retry');
      }
    }
    if (!recorded) {
      log.warn('lease lost before the outcome was recorded; another worker owns this job now');
    }
  }

  /**
   * The heartbeat: renews the lease of every running job, so a job that runs
   * longer than JOB_LEASE_MS is not taken for abandoned and run twice. A job whose
   * lease another worker took over meanwhile is aborted here.
   */
  private async extendLeases(): Promise<void> {
    const held = [...this.running].filter((job) => !job.recording);
    if (this.extending || held.length === 0) return;
    this.extending = true;
    try {
      const kept = await this.repository.extendLeases(
        held.map((job) => job.lease),
        this.options.leaseMs,
      );
      for (const job of held) {
        if (kept.has(job.lease.id) || job.recording || !this.running.has(job)) continue;
        this.logger.warn(
          { jobId: job.lease.id },
          'lease lost to another worker; abandoning the attempt',
        );
        job.controller.abort();
      }
    } catch (err) {
      this.logger.warn({ err }, 'could not extend the leases; trying again at the next heartbeat');
    } finally {
      this.extending = false;
    }
  }
}
