import { execa, type ResultPromise } from 'execa';

/** A server started in its own process group, so a signal reaches whatever npm / go run / a shell started behind it. */
export interface Server {
  url: string;
  /** The process group: the shell or npm started first, and the service somewhere under it. */
  pgid: number;
  /** The last lines it printed, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<Process>();
let closed = false;

/** Stops every server still running and refuses to start more (for Ctrl-C). */
export async function stopAll() {
  closed = true;
  await Promise.allSettled([...running].map((server) => server.stop()));
}

/** A long-running process (a worker) started in its own process group; no readiness check. */
export interface Process {
  /** The process group: the shell or npm started first, and the service somewhere under it. */
  pgid: number;
  /** The last lines it printed, for error messages. */
  output(): string;
  /** True once it exited (by itself or after stop()). */
  exited(): boolean;
  stop(): Promise<void>;
}

export function startProcess(command: string, options: { cwd: string; env: NodeJS.ProcessEnv }): Process {
  if (closed) throw new Error('stopping');
  const child: ResultPromise = execa(command, {
    cwd: options.cwd, env: options.env, shell: true, detached: true, reject: false, stdin: 'ignore', all: true,
  });
  let output = '';
  child.all?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  let exited = false;
  const done = child.then(() => {
    exited = true;
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // the group is gone already
    }
  };
  const started: Process = {
    pgid: child.pid!,
    output: () => output.trim().split('\n').slice(-8).join('\n'),
    exited: () => exited,
    async stop() {
      running.delete(started);
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
      signal('SIGKILL'); // anything left in the group after its leader exited
    },
  };
  running.add(started);
  return started;
}

export async function startServer(command: string, options: { cwd: string; env: NodeJS.ProcessEnv; port: number; ready: string; timeoutMs?: number }): Promise<Server> {
  const started = startProcess(command, options);
  const server: Server = { url: `http://127.0.0.1:${options.port}`, pgid: started.pgid, output: started.output, stop: started.stop };

  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  try {
    for (;;) {
      if (started.exited()) throw new Error(`\`${command}\` exited before ${options.ready} answered 200`);
      const response = await fetch(server.url + options.ready, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      await response?.body?.cancel();
      if (response?.status === 200) return server;
      if (Date.now() > deadline) throw new Error(`${options.ready} did not answer 200 within ${(options.timeoutMs ?? 300_000) / 1000}s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${server.output()}`);
  }
}
