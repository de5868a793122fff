import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { BenchClient, ClientFactory } from './clients.js';
import { cpuSeconds, type RssSampler } from './rss.js';

/** The load of issue 8: 1,000 sockets in one room over two instances, 20 senders, one message each a second for 10 s. */
export const load = {
  sockets: Number(process.env.BENCH_SOCKETS ?? 1000),
  senders: 20,
  seconds: 10,
  room: 'bench',
  /** Sockets that connect at once while the room fills up (each join sends presence to every member). */
  joinBatch: 50,
};
const messages = load.senders * load.seconds;
const intervalMs = 1000 / load.senders;
const joinTimeoutMs = 60_000; // for one batch of joins // 50 ms: the senders take turns, never all at once

export interface LoadResult {
  /** Every socket (the senders included: the spec delivers a message to its sender too) times every message. */
  expected: number;
  delivered: number;
  duplicates: number;
  p50: number;
  p99: number;
  max: number;
  /** The latest a send left after its planned time, ms (the scheduler's own delay). */
  sendLag: number;
  joinSeconds: number;
  /** From the last join confirmed to the last frame of the join phase received (presence frames queued on the sockets). */
  drainSeconds: number;
  /** The load generator's CPU (user + system) over the message phase, % of one core. */
  cpuPercent: number;
  /**
   * The load generator's own event-loop delay over the message phase (p99 and max, ms): time a frame
   * may have waited in this process before its receipt was timed. Large values mean a busy machine.
   */
  loopDelayP99: number;
  /** Each instance's CPU over the message phase, % of one core (near 100: that instance is the bottleneck). */
  serverCpuPercent: number[];
  loopDelayMax: number;
  rssIdle: number[];
  rssJoinPeak: number[];
  rssRunPeak: number[];
  problems: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Drives one deployment (two instances) and measures it: latency from `performance.now()` at the send
 * (kept by message number, which is the text) to `performance.now()` at each receipt, in this process.
 * `ready` checks the deployment's own view of the room once every socket has joined.
 */
export async function runLoad(options: {
  connect: ClientFactory;
  urls: string[];
  rss: RssSampler;
  ready?: () => Promise<void>;
  log: (line: string) => void;
}): Promise<{ result: LoadResult; clients: BenchClient[] }> {
  const { connect, urls, rss, log } = options;
  const count = load.sockets;
  const sentAt = new Float64Array(messages).fill(Number.NaN);
  const seen = new Uint8Array(count * messages);
  const latencies = new Float64Array(count * messages);
  let delivered = 0;
  let duplicates = 0;
  let lastFrameAt = performance.now();
  const problems: string[] = [];
  const clients: BenchClient[] = [];

  const joinStarted = performance.now();
  for (let first = 0; first < count; first += load.joinBatch) {
    const batch: BenchClient[] = [];
    for (let index = first; index < Math.min(count, first + load.joinBatch); index += 1) {
      const client = connect(urls[index % urls.length]!, load.room, `u${index}`, {
        onFrame() {
          lastFrameAt = performance.now();
        },
        onText(text) {
          const now = performance.now();
          const message = Number(text.slice(1));
          if (!(text[0] === 'm' && message >= 0 && message < messages) || Number.isNaN(sentAt[message]!)) {
            if (problems.length < 20) problems.push(`u${index} received an unexpected text ${JSON.stringify(text)}`);
            return;
          }
          const slot = index * messages + message;
          if (seen[slot]) {
            duplicates += 1;
            return;
          }
          seen[slot] = 1;
          latencies[delivered++] = now - sentAt[message]!;
        },
        onProblem(reason) {
          if (problems.length < 20) problems.push(reason);
        },
      });
      batch.push(client);
      clients.push(client);
    }
    const joined = Promise.all(batch.map((client) => client.joined));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`sockets u${first}-u${first + batch.length - 1} did not all join within ${joinTimeoutMs / 1000} s`)), joinTimeoutMs);
    });
    await Promise.race([joined, timeout]).finally(() => clearTimeout(timer));
  }
  const joinSeconds = (performance.now() - joinStarted) / 1000;
  log(`${count} sockets joined in ${joinSeconds.toFixed(1)} s`);
  await options.ready?.();
  // Idle: the last presence frames of the join delivered (they queue behind each other on every
  // socket), then nothing in flight for a second.
  const quietFrom = performance.now();
  for (lastFrameAt = quietFrom; performance.now() - lastFrameAt < 1000; ) {
    if (performance.now() - quietFrom > 60_000) throw new Error('the room did not go quiet within 60 s of the last join');
    await sleep(100);
  }
  const drainSeconds = (lastFrameAt - quietFrom) / 1000;
  log(`last join frames delivered ${drainSeconds.toFixed(1)} s after the last join`);
  await sleep(1000);
  const rssIdle = await rss.sample();
  const rssJoinPeak = rss.takePeaks();

  // Senders alternate between the instances: u0 (instance A), u1 (B), ..., u19; message k is u(k % 20)'s.
  const senders = clients.slice(0, load.senders);
  log(`${messages} messages, one every ${intervalMs} ms, from ${senders.length} senders`);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const serverCpuBefore = await Promise.all(rss.pids.map((pid) => cpuSeconds(pid)));
  const started = performance.now();
  const start = started + 100;
  let sendLag = 0;
  for (let message = 0; message < messages; message += 1) {
    const planned = start + message * intervalMs; // from the start, never from the last send: no drift
    await sleep(planned - performance.now());
    sentAt[message] = performance.now();
    sendLag = Math.max(sendLag, sentAt[message]! - planned);
    senders[message % senders.length]!.send(`m${message}`);
  }
  const expected = count * messages;
  const deadline = performance.now() + 10_000;
  while (delivered < expected && performance.now() < deadline) await sleep(20);
  const cpu = process.cpuUsage(cpuBefore);
  const elapsedMs = performance.now() - started;
  const cpuPercent = ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100;
  const serverCpuAfter = await Promise.all(rss.pids.map((pid) => cpuSeconds(pid)));
  const serverCpuPercent = serverCpuAfter.map((after, i) => (((after ?? Number.NaN) - (serverCpuBefore[i] ?? Number.NaN)) * 1000 * 100) / elapsedMs);
  loopDelay.disable();
  await rss.sample();
  const rssRunPeak = rss.takePeaks();

  const sorted = latencies.subarray(0, delivered).sort();
  return {
    clients,
    result: {
      expected,
      delivered,
      duplicates,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN,
      sendLag,
      joinSeconds,
      drainSeconds,
      cpuPercent,
      serverCpuPercent,
      loopDelayP99: loopDelay.percentile(99) / 1e6,
      loopDelayMax: loopDelay.max / 1e6,
      rssIdle,
      rssJoinPeak,
      rssRunPeak,
      problems: [...problems], // a copy: closes when the servers stop afterwards are not problems
    },
  };
}
