import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { CancelledError } from './errors.js';

export interface ChildResult {
  /** The exit code, or null when a signal ended the child. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What the child printed (stdout then stderr) when its output was captured, else ''. */
  output: string;
}

export interface ChildOptions {
  cwd?: string;
  /** `inherit`: the user sees the output as it comes (install); `capture`: collected into `output`. */
  output?: 'inherit' | 'capture';
  /** Run `command` through /bin/sh (a stack's command line such as `python3 -m venv .venv && ...`). */
  shell?: boolean;
  /** Variables to set (a value of undefined removes one) on top of this process's environment. */
  env?: Record<string, string | undefined>;
  /** Kill the child after this many milliseconds (a version probe that hangs must not hang the CLI). */
  timeout?: number;
}

/** Children still running, by process group id (each child leads its own group). */
const running = new Map<number, Promise<ChildResult>>();
let stopSignal: 'SIGINT' | 'SIGTERM' | undefined;
let stopping: Promise<void> | undefined;

/** The signal that asked this run to stop, and a promise that settles once every child has exited. */
export function stopRequested(): { signal: 'SIGINT' | 'SIGTERM'; done: Promise<void> } | undefined {
  return stopSignal && stopping ? { signal: stopSignal, done: stopping } : undefined;
}

/**
 * Runs a program in its own process group, so that stopping it reaches everything it started (npm's
 * scripts, pip's builds) and a signal sent to the CLI alone can still be passed on to all of them.
 * Rejects only when the program cannot be started at all (ENOENT for a missing program).
 */
export function runChild(command: string, args: string[], options: ChildOptions = {}): Promise<ChildResult> {
  if (stopSignal) return Promise.reject(new CancelledError(stopSignal));
  const capture = options.output === 'capture';
  const child = spawn(command, args, {
    cwd: options.cwd,
    shell: options.shell ?? false,
    env: options.env ? { ...process.env, ...options.env } : process.env,
    // Windows has no process groups (and a detached child there gets a console window of its own).
    detached: process.platform !== 'win32',
    stdio: ['ignore', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
  });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
  const timer = options.timeout ? setTimeout(() => killGroup(child.pid, 'SIGKILL') || child.kill('SIGKILL'), options.timeout) : undefined;
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
  if (child.pid !== undefined) {
    const pid = child.pid;
    running.set(pid, done);
    void done.catch(() => undefined).finally(() => running.delete(pid));
  }
  return done;
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals | 0): boolean {
  if (pid === undefined || process.platform === 'win32') return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

/**
 * Whether a process of the group still runs. On Linux a finished process whose parent died stays a
 * zombie until init reaps it, and some container inits never do: read /proc and count only live ones.
 */
function groupAlive(pid: number): boolean {
  if (!existsSync('/proc/self/stat')) return killGroup(pid, 0);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // "pid (command) state ppid pgrp ...": the command may hold spaces and parentheses.
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(group) === pid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until no process of the group is left; after `graceMs`, kills what remains. */
async function waitForGroup(pid: number, graceMs: number): Promise<void> {
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) {
      killGroup(pid, 'SIGKILL');
      await sleep(50);
      if (Date.now() > deadline + 2_000) return;
    } else {
      await sleep(40);
    }
  }
}

/**
 * Passes `signal` on to every running child's whole process group and resolves once every one of those
 * processes has exited: only then may the files they write be removed. Children asked for afterwards are
 * refused with a CancelledError.
 */
export function stopChildren(signal: 'SIGINT' | 'SIGTERM'): Promise<void> {
  if (stopping) return stopping;
  stopSignal = signal;
  stopping = stopAll(signal);
  return stopping;
}

async function stopAll(signal: 'SIGINT' | 'SIGTERM'): Promise<void> {
  await Promise.all(
    [...running].map(async ([pid, done]) => {
      if (!killGroup(pid, signal)) {
        try {
          process.kill(pid, signal); // no process group to reach: the child alone
        } catch {
          // already gone
        }
      }
      await done.catch(() => undefined);
      if (process.platform !== 'win32') await waitForGroup(pid, 5_000);
    }),
  );
}
