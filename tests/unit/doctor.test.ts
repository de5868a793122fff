import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Check } from '../../src/doctor.js';
import { cli, fakeBin, fakeGo } from './support/fixtures.js';

const work = mkdtempSync(path.join(tmpdir(), 'doctor-'));
/** doctor with only the given stand-ins on PATH: no docker, git or real Go unless a test brings one. */
const doctor = (args: string[], bin?: string) =>
  execa(process.execPath, [cli, 'doctor', ...args], {
    cwd: work,
    reject: false,
    stdin: 'ignore',
    env: { CI: 'true', PATH: bin ?? '/nonexistent' },
  });
const checksOf = (stdout: string) => JSON.parse(stdout) as Check[];

describe('doctor (issue 10, item 9)', () => {
  it('--json lists every check as {check, ok, required, detail, fix}; only tools are required', async () => {
    const result = await doctor(['--stack', 'go', '--json'], fakeBin({ go: fakeGo('1.26.1') }));
    expect(result.exitCode, result.stderr).toBe(0);
    const checks = checksOf(result.stdout);
    expect(checks.find((c) => c.check === 'git')).toMatchObject({ ok: false, required: false });
    for (const check of checks) expect(Object.keys(check)).toEqual(['check', 'ok', 'required', 'detail', 'fix']);
    expect(checks.find((c) => c.check === 'Go')).toEqual({ check: 'Go', ok: true, required: true, detail: 'Go 1.26.1', fix: null });
    // No docker on this PATH: warnings, not failures.
    const docker = checks.find((c) => c.check === 'Docker engine')!;
    expect(docker).toMatchObject({ ok: false, required: false });
    expect(docker.fix).toMatch(/start a Docker engine/);
    expect(checks.map((c) => c.check)).toEqual(expect.arrayContaining(['git', 'Docker Compose', 'port 3000', 'port 5432', 'port 6379']));
    // The lint command's golangci-lint: a warning, as generating does not need it.
    expect(checks.find((c) => c.check === 'golangci-lint')).toMatchObject({ ok: false, required: false, fix: expect.stringMatching(/golangci-lint v2/) });
  });

  it("reads a stack's dev tools as they answer: golangci-lint v2 is fine, v1 is a warning", async () => {
    const golangci = (version: string) => `echo "golangci-lint has version ${version} built with go1.26.8 from (unknown, modified: ?, mod sum: \"h1:x\") on (unknown)"`;
    const current = checksOf((await doctor(['--stack', 'go', '--json'], fakeBin({ go: fakeGo('1.26.1'), 'golangci-lint': golangci('2.15.0') }))).stdout);
    expect(current.find((c) => c.check === 'golangci-lint')).toEqual({ check: 'golangci-lint', ok: true, required: false, detail: 'golangci-lint 2.15.0', fix: null });
    const old = await doctor(['--stack', 'go', '--json'], fakeBin({ go: fakeGo('1.26.1'), 'golangci-lint': golangci('v1.64.8') }));
    expect(old.exitCode).toBe(0);
    expect(checksOf(old.stdout).find((c) => c.check === 'golangci-lint')).toMatchObject({ ok: false, required: false, detail: expect.stringMatching(/1\.64\.8 is older than 2\.0\.0/) });
  });

  it('exits 1 when a required tool is too old, one line per check with its fix', async () => {
    const result = await doctor(['--stack', 'go'], fakeBin({ go: fakeGo('1.22.3') }));
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/✗ Go 1\.22\.3 is older than 1\.25\.0 → install Go 1\.25 or newer/));
    expect(lines).toContainEqual(expect.stringMatching(/! no Docker engine answers.* → start a Docker engine/));
    expect(result.stdout).toMatch(/1 required tool is missing or too old: Go\./);
  });

  it('checks the package manager a node stack would use: --package-manager pnpm without pnpm fails', async () => {
    const bin = fakeBin({ node: 'echo v24.11.0' });
    const result = await doctor(['--stack', 'fastify', '--package-manager', 'pnpm', '--json'], bin);
    expect(result.exitCode).toBe(1);
    const checks = checksOf(result.stdout);
    expect(checks.find((c) => c.check === 'Node.js')).toMatchObject({ ok: true, detail: 'Node.js 24.11.0' });
    expect(checks.find((c) => c.check === 'pnpm')).toMatchObject({ ok: false, required: true, detail: 'pnpm not found' });
  });

  it('without --stack checks every stack, each tool once, naming the stacks that need it', async () => {
    const bin = fakeBin({
      node: 'echo v24.11.0',
      npm: 'echo 11.6.2',
      python3: 'echo Python 3.12.4',
      uv: 'echo "uv 0.9.2 (x86_64-unknown-linux-gnu)"',
      go: fakeGo('1.25.4'),
    });
    const result = await doctor(['--json'], bin);
    expect(result.exitCode, result.stdout).toBe(0);
    const tools = checksOf(result.stdout).filter((c) => c.required);
    expect(tools.map((c) => c.detail)).toEqual([
      'Node.js 24.11.0 (fastify, express)',
      'npm 11.6.2 (fastify, express)',
      'Python 3.12.4 (fastapi)',
      'uv 0.9.2 (fastapi)',
      'Go 1.25.4 (go)',
    ]);
  });

  it('reports the Docker engine and compose that answer', async () => {
    const docker = `case "$1" in
  version) echo 27.3.1 ;;
  compose) echo 2.29.7 ;;
  *) exit 1 ;;
esac`;
    const result = await doctor(['--stack', 'go', '--json'], fakeBin({ go: fakeGo('1.26.1'), docker }));
    const checks = checksOf(result.stdout);
    expect(checks.find((c) => c.check === 'Docker engine')).toMatchObject({ ok: true, fix: null });
    expect(checks.find((c) => c.check === 'Docker Compose')).toMatchObject({ ok: true, detail: 'docker compose 2.29.7' });
  });

  it('warns about a port in use', async () => {
    // Hold 3000 unless something else already does: either way doctor must see it taken.
    const server: Server | undefined = await new Promise((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(undefined));
      s.listen({ port: 3000, host: '127.0.0.1' }, () => resolve(s));
    });
    try {
      const result = await doctor(['--stack', 'go', '--json'], fakeBin({ go: fakeGo('1.26.1') }));
      expect(checksOf(result.stdout).find((c) => c.check === 'port 3000')).toMatchObject({ ok: false, required: false });
      expect(result.exitCode).toBe(0);
    } finally {
      server?.close();
    }
  });

  it.each([
    [['--stack', 'rails'], /Unknown stack "rails": use one of fastify, express, fastapi, go/],
    [['--force'], /doctor does not take --force: it takes --stack, --package-manager and --json/],
    [['somewhere'], /doctor takes no directory/],
  ])('%j is an error of one line', async (args, message) => {
    const result = await doctor(args);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('lives in its own chunk: generating a project does not load it', () => {
    const entry = readFileSync(cli, 'utf8');
    expect(entry).not.toContain('Docker Compose');
    expect(entry).toMatch(/import\("\.\/doctor-[\w-]+\.js"\)/);
  });
});
