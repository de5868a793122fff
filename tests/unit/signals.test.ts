import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, fakeBin, gitIdentity, snapshot } from './support/fixtures.js';

/**
 * A signal at any step ends in one of two outcomes: everything done (exit 0) or everything undone (exit
 * 130 for SIGINT, 143 for SIGTERM), whether the signal reaches the CLI alone or its whole process group.
 * Slow stand-ins for npm and git hold the run at the step under test; each one, when stopped, writes once
 * more on its way out, as npm does, so a CLI that rolls back before its child has exited leaves a trace.
 */

type Step = 'install' | 'init' | 'add' | 'commit';
type Target = 'cli' | 'group';

let bin: string;
beforeAll(() => {
  // Writes into the project until stopped (as npm does), and once more on its way out.
  const slow = (marker: string) => `
  cut -d' ' -f5 /proc/$$/stat > "$FAKE_STATE/${marker}.pgid"
  trap 'sleep 0.3; mkdir -p "$PWD/node_modules/written-on-the-way-out"; exit 130' INT TERM
  touch "$FAKE_STATE/${marker}.started"
  while :; do
    mkdir -p "$PWD/node_modules/still-writing"
    sleep 0.1
  done`;
  bin = fakeBin({
    npm: `[ "$1" = --version ] && { echo 10.9.0; exit 0; }
mkdir -p node_modules/.package
${slow('install')}`,
    // git as it is, except the step under test, which hangs until it is stopped.
    git: `for arg in "$@"; do
  if [ "$arg" = "$FAKE_SLOW_GIT" ]; then
    ${slow('$FAKE_SLOW_GIT')}
  fi
done
exec /usr/bin/git "$@"`,
  });
});

/** Waits until `file` exists (the stand-in reached its slow part). */
async function waitFor(file: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${path.basename(file)} never appeared`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Whether any live process still belongs to the process group `pgid` (zombies write nothing: not counted). */
function groupAlive(pgid: number): boolean {
  return readdirSync('/proc').some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(group) === pgid && state !== 'Z';
    } catch {
      return false;
    }
  });
}

/** Stand-ins a failing run left behind: stopped after each test, whatever it found. */
const leftGroups: number[] = [];
afterEach(() => {
  for (const pgid of leftGroups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
});

async function interrupt(options: { step: Step; signal: 'SIGINT' | 'SIGTERM'; to: Target; force: boolean }) {
  const root = mkdtempSync(path.join(tmpdir(), 'signals-'));
  const state = path.join(root, 'state');
  mkdirSync(state);
  const dir = path.join(root, 'app');
  if (options.force) {
    // The user's folder: a README the template replaces, and a file of their own.
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'README.md'), 'my own readme');
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
  }
  const before = existsSync(dir) ? snapshot(dir) : undefined;
  const args = ['app', '--project', 'url-shortener', '--stack', 'fastify', '--yes', ...(options.force ? ['--force'] : [])];
  if (options.step !== 'install') args.push('--no-install');
  // Its own process group, as a shell gives a command it runs: the `group` case signals all of it.
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...gitIdentity, CI: 'true', PATH: `${bin}:/usr/bin:/bin`, FAKE_STATE: state, FAKE_SLOW_GIT: options.step },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(path.join(state, `${options.step}.started`));
  process.kill(options.to === 'group' ? -child.pid! : child.pid!, options.signal);
  const code = await exited;
  const pgid = Number(readFileSync(path.join(state, `${options.step}.pgid`), 'utf8'));
  leftGroups.push(pgid);
  // Long enough for a stand-in that outlived the CLI to write again.
  await new Promise((resolve) => setTimeout(resolve, 600));
  return { code, stderr, dir, before, stepAlive: groupAlive(pgid) };
}

describe('a signal during a step undoes everything, once, after the step has stopped', () => {
  it.each<[Step, 'SIGINT' | 'SIGTERM', Target, boolean]>([
    ['install', 'SIGINT', 'cli', false],
    ['install', 'SIGINT', 'group', false],
    ['install', 'SIGTERM', 'cli', true],
    ['install', 'SIGINT', 'group', true],
    ['init', 'SIGINT', 'cli', true],
    ['add', 'SIGTERM', 'group', false],
    ['commit', 'SIGINT', 'cli', true],
    ['commit', 'SIGINT', 'group', true],
    ['commit', 'SIGTERM', 'cli', false],
  ])('during %s, %s sent to the %s (existing folder: %s)', async (step, signal, to, force) => {
    const { code, stderr, dir, before, stepAlive } = await interrupt({ step, signal, to, force });
    expect(code, stderr).toBe(signal === 'SIGINT' ? 130 : 143);
    expect(stepAlive).toBe(false);
    expect(stderr).toContain('Cancelled: nothing was written.');
    if (before) expect(snapshot(dir)).toEqual(before);
    else expect(existsSync(dir)).toBe(false);
  });
});
