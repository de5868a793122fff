import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Runs the bundled CLI as a user would (npm test builds it first).
const cli = path.resolve(import.meta.dirname, '../../dist/index.js');
const run = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  execa(process.execPath, [cli, ...args], { cwd, reject: false, stdin: 'ignore', env: { CI: 'true', ...env } });
const generate = ['--project', 'url-shortener', '--stack', 'fastify', '--yes', '--no-install', '--no-git'];

let work: string;
beforeAll(() => {
  expect(existsSync(cli), 'dist/index.js is missing: run npm run build').toBe(true);
  work = mkdtempSync(path.join(tmpdir(), 'cli-test-'));
});

const leftovers = (dir: string) => readdirSync(dir).filter((entry) => entry.includes('.staging-'));

describe('the CLI', () => {
  it('--list --json prints the catalog as JSON and nothing else', async () => {
    const result = await run(['--list', '--json'], work);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const catalog = JSON.parse(result.stdout) as { id: string }[];
    expect(catalog.map((p) => p.id)).toContain('url-shortener');
  });

  it('--version and --help answer without generating anything', async () => {
    expect((await run(['--version'], work)).stdout).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await run(['--help'], work)).stdout).toContain('Usage: create-roadmap-project');
  });

  it('generates a project without a TTY from flags alone', async () => {
    const result = await run(['flags-only', ...generate], work);
    expect(result.exitCode, result.stderr).toBe(0);
    const dir = path.join(work, 'flags-only');
    for (const file of ['package.json', '.gitignore', '.env.example', '.github/workflows/ci.yml', 'README.md', 'compose.yaml']) {
      expect(existsSync(path.join(dir, file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).name).toBe('flags-only');
    expect(result.stdout).toContain('npm run test');
    expect(leftovers(work)).toEqual([]);
  });

  it('fills in defaults with --yes: the first project of the first level, its first stack, named after it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-defaults-'));
    const result = await run(['--yes', '--no-install', '--no-git'], dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'url-shortener', 'README.md'))).toBe(true);
  });

  it.each([
    [['--project', 'nope', '--yes'], /Unknown project "nope": use one of url-shortener/],
    [['--stack', 'rails', '--yes'], /Unknown stack "rails": use one of fastify, express, fastapi, go/],
    [['--level', 'expert', '--yes'], /Unknown level "expert": use one of beginner/],
    [['../escape', '--yes'], /leaves the current folder/],
    [['go', '--stack', 'go', '--yes'], /Go reserves the name "go": pick another directory name/],
    [['fastify', '--stack', 'fastify', '--yes'], /"fastify" is also the name of one of the Fastify template's dependencies/],
    [['fastapi', '--stack', 'fastapi', '--yes'], /"fastapi" is also the name of one of the FastAPI template's dependencies/],
  ])('%j fails with one clear line and exit code 1', async (args, message) => {
    const result = await run(args, work);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(leftovers(work)).toEqual([]);
  });

  it('refuses a non-empty directory without --force and leaves it untouched', async () => {
    const dir = path.join(work, 'occupied');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const result = await run(['occupied', ...generate], work);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/is not empty: .* --force/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('with --force adds the project and keeps files the template does not write', async () => {
    const dir = path.join(work, 'forced');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    writeFileSync(path.join(dir, 'README.md'), 'old readme');
    const result = await run(['forced', ...generate, '--force'], work);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain('# forced');
    expect(leftovers(work)).toEqual([]);
  });

  it('rolls back when the install step fails: the user files are as before, nothing new remains', async () => {
    const dir = path.join(work, 'failing-install');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'README.md'), 'old readme');
    // A PATH without npm makes the install step fail after the files were placed.
    const result = await run(
      ['failing-install', '--project', 'url-shortener', '--stack', 'fastify', '--yes', '--no-git', '--force'],
      work,
      { PATH: '/nonexistent' },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/npm not found/);
    expect(readdirSync(dir)).toEqual(['README.md']);
    expect(readFileSync(path.join(dir, 'README.md'), 'utf8')).toBe('old readme');
    expect(leftovers(work)).toEqual([]);
  });

  it('rolls back the parent folders it created for a nested target', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-nested-'));
    const result = await run(['apps/new/my-app', '--project', 'url-shortener', '--stack', 'fastify', '--yes', '--no-git'], dir, {
      PATH: '/nonexistent',
    });
    expect(result.exitCode).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('initialises git with a first commit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-git-'));
    const result = await run(['with-git', '--project', 'url-shortener', '--stack', 'go', '--yes', '--no-install'], dir, {
      GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.com',
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const log = await execa('git', ['log', '--oneline'], { cwd: path.join(dir, 'with-git') });
    expect(log.stdout).toContain('Initial commit from create-roadmap-project');
  });
});
