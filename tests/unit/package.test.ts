import { execa } from 'execa';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('the published package', () => {
  it('runs from its tarball with npx, with nothing else installed', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'pack-test-'));
    const { stdout } = await execa('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root });
    const tarball = stdout.trim().split('\n').at(-1)!;
    const result = await execa(
      'npx',
      ['--yes', `./${tarball}`, 'from-tarball', '--project', 'url-shortener', '--stack', 'fastify', '--no-install', '--no-git'],
      { cwd: work, stdin: 'ignore', env: { CI: 'true' } },
    );
    expect(result.exitCode).toBe(0);
    const files = readdirSync(path.join(work, 'from-tarball'));
    // npm drops .gitignore files from packages: the template ships _gitignore and the CLI renames it.
    expect(files).toEqual(expect.arrayContaining(['.gitignore', '.github', '.env.example', '.dockerignore', 'package.json']));
  }, 120_000);

  it('has no runtime dependencies to install: everything is bundled', async () => {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    expect((pkg as { dependencies?: object }).dependencies ?? {}).toEqual({});
  });
});
