import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageManagers } from '../../src/args.js';
import { loadCatalog, templatesDir } from '../../src/catalog.js';
import { packageManagerProbes } from '../../src/package-managers.js';
import { compareVersions, probeTool, toolchainOf, toolsRunBy } from '../../src/toolchain.js';
import { fakeBin, fakeGo } from './support/fixtures.js';

const catalog = loadCatalog();
const stack = (id: string) => catalog.stacks.find((s) => s.id === id)!;

describe('toolchain probes', () => {
  it('every toolchain entry of every stack has a probe, with a version pattern that has one group', () => {
    for (const s of catalog.stacks) {
      for (const pm of packageManagers) {
        for (const probe of toolchainOf(s, pm)) {
          expect(probe.command.length, `${s.id}: ${probe.name}`).toBeGreaterThan(0);
          expect(new RegExp(`${probe.version}|`).exec('')!.length, `${s.id}: ${probe.name}`).toBe(2);
          expect(probe.fix).toBeTruthy();
        }
      }
    }
  });

  it("Go's minimum is the `go` directive of the stack's go.mod", () => {
    const layer = JSON.parse(readFileSync(path.join(templatesDir, 'go', 'base', 'layer.json'), 'utf8')) as { go: { directive: string } };
    expect(stack('go').probes.go!.minimum).toBe(layer.go.directive);
  });

  it('probes each tool the way it answers: Go with `go version`', () => {
    expect(stack('go').probes.go!.command).toEqual(['go', 'version']);
    expect(new RegExp(stack('go').probes.go!.version).exec('go version go1.26.8 linux/amd64')?.[1]).toBe('1.26.8');
    expect(new RegExp(stack('fastapi').probes.python3!.version).exec('Python 3.11.7')?.[1]).toBe('3.11.7');
    expect(new RegExp(stack('fastapi').probes.uv!.version).exec('uv 0.9.2 (abc 2025-10-01)')?.[1]).toBe('0.9.2');
    expect(new RegExp(stack('fastify').probes.node!.version).exec('v24.11.0')?.[1]).toBe('24.11.0');
  });

  it('the install step checks the tools its command line runs, the chosen package manager among them', () => {
    const names = (line: string, id: string, pm: (typeof packageManagers)[number] = 'npm') =>
      toolsRunBy(line, toolchainOf(stack(id), pm)).map((probe) => probe.name);
    expect(names('pnpm install', 'fastify', 'pnpm')).toEqual(['pnpm']);
    expect(names('go mod download', 'go')).toEqual(['Go']);
    expect(names("python3 -m venv .venv && .venv/bin/pip install -e '.[dev]'", 'fastapi')).toEqual(['Python']);
    expect(names('uv sync --frozen', 'fastapi')).toEqual(['uv']);
  });

  it('compares versions as numbers', () => {
    expect(compareVersions('1.25', '1.25.0')).toBe(0);
    expect(compareVersions('1.9.0', '1.25.0')).toBeLessThan(0);
    expect(compareVersions('10.5.0', '9.15.9')).toBeGreaterThan(0);
  });

  it('tells apart a missing tool, one that does not answer, and one that is too old', async () => {
    const bin = fakeBin({ go: fakeGo('1.21.0'), broken: 'exit 3' });
    const env = process.env.PATH;
    process.env.PATH = bin; // only the stand-ins: no bun, whatever this machine has
    try {
      const go = stack('go').probes.go!;
      expect(await probeTool(go)).toMatchObject({ found: true, ok: false, version: '1.21.0', detail: 'Go 1.21.0 is older than 1.25.0' });
      expect(await probeTool({ ...go, command: ['go', '--version'] })).toMatchObject({ found: true, ok: false });
      expect(await probeTool({ ...go, command: ['broken', 'version'] })).toMatchObject({
        found: true,
        ok: false,
        detail: '`broken version` did not answer (exit code 3)',
      });
      // Only the fake tools on PATH: this machine may well have bun (CI installs it).
      process.env.PATH = bin;
      expect(await probeTool(packageManagerProbes.bun)).toMatchObject({ found: false, ok: false, detail: 'bun not found' });
    } finally {
      process.env.PATH = env;
    }
  });
});
