import { execa, execaSync } from 'execa';
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync as realpath, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { helpText } from '../../src/args.js';
import { loadCatalog } from '../../src/catalog.js';
import { cli, fakeBin, fakeGo, gitIdentity, snapshot } from './support/fixtures.js';

const run = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  execa(process.execPath, [cli, ...args], { cwd, reject: false, stdin: 'ignore', env: { CI: 'true', ...env } });
const generate = ['--project', 'url-shortener', '--stack', 'fastify', '--yes', '--no-install', '--no-git'];
/** A PATH with the machine's git and shell tools but no package manager or Go: tests add fakes in front. */
const basePath = '/usr/bin:/bin';

let work: string;
beforeAll(() => {
  expect(existsSync(cli), 'dist/index.js is missing: run npm run build').toBe(true);
  work = mkdtempSync(path.join(tmpdir(), 'cli-test-'));
});

const leftovers = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((entry) => /\.staging-|\.create-roadmap-project-/.test(entry));

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
    [['--project', '', '--yes'], /Unknown project "": use one of/],
    [['--stack', '', '--yes'], /Unknown stack "": use one of/],
    [['--level', '', '--yes'], /Unknown level "": use one of/],
    [['--package-manager', '', '--yes'], /Unknown package manager "": use one of/],
    [['--yes', '--', '-foo'], /"-foo" cannot be a project name: it cannot start with a dash/],
    [['--bogus'], /^create-roadmap-project: Unknown option --bogus \(see --help\)$/],
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

  it('rolls back when the install step fails: every file and folder is as before, the new empty ones gone too', async () => {
    const dir = path.join(work, 'failing-install');
    mkdirSync(path.join(dir, 'src'), { recursive: true });
    writeFileSync(path.join(dir, 'README.md'), 'old readme');
    writeFileSync(path.join(dir, 'src', 'mine.ts'), 'export {};');
    const before = snapshot(dir);
    // npm that writes node_modules, then fails: after the template put src/http, src/db, test/api, ... in place.
    const bin = fakeBin({ npm: '[ "$1" = --version ] && { echo 10.9.0; exit 0; }\nmkdir -p node_modules/x\nexit 1' });
    const result = await run(
      ['failing-install', '--project', 'url-shortener', '--stack', 'fastify', '--yes', '--no-git', '--force'],
      work,
      { PATH: `${bin}:${basePath}` },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/"npm install" failed \(exit code 1\)/);
    expect(snapshot(dir)).toEqual(before);
    expect(leftovers(work)).toEqual([]);
  });

  it('rolls back the parent folders it created for a nested target', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-nested-'));
    const bin = fakeBin({ npm: '[ "$1" = --version ] && { echo 10.9.0; exit 0; }\nexit 1' });
    const result = await run(['apps/new/my-app', '--project', 'url-shortener', '--stack', 'fastify', '--yes', '--no-git'], dir, {
      PATH: `${bin}:${basePath}`,
    });
    expect(result.exitCode).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('initialises git with a first commit of the files it wrote', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-git-'));
    const result = await run(['with-git', '--project', 'url-shortener', '--stack', 'go', '--yes', '--no-install'], dir, gitIdentity);
    expect(result.exitCode, result.stderr).toBe(0);
    const log = await execa('git', ['log', '--oneline'], { cwd: path.join(dir, 'with-git') });
    expect(log.stdout).toContain('Initial commit from create-roadmap-project');
    const status = await execa('git', ['status', '--porcelain'], { cwd: path.join(dir, 'with-git') });
    expect(status.stdout).toBe('');
  });
});

describe('toolchains and package managers (issue 6, item 1)', () => {
  it('installs a Go project with the default path: go is probed with `go version`, the way Go answers', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-go-'));
    const bin = fakeBin({ go: fakeGo('1.26.0') });
    const result = await run(['app', '--stack', 'go', '--yes', '--no-git'], dir, { PATH: `${bin}:${basePath}` });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('$ go mod download');
    expect(existsSync(path.join(dir, 'app', 'go.mod'))).toBe(true);
  });

  it('refuses a Go older than go.mod needs, before writing anything, and points to doctor', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-go-old-'));
    const bin = fakeBin({ go: fakeGo('1.21.5') });
    const result = await run(['app', '--stack', 'go', '--yes'], dir, { PATH: `${bin}:${basePath}` });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/Cannot install dependencies: Go 1\.21\.5 is older than 1\.25\.0 \(fix: install Go 1\.25/);
    expect(result.stderr).toContain('create-roadmap-project doctor --stack go');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('checks the chosen package manager: no pnpm is "pnpm not found" before anything is written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-pnpm-'));
    // Only node on PATH: whatever this machine has installed, there is no pnpm here.
    const bin = fakeBin({ node: `exec ${process.execPath} "$@"` });
    const result = await run(['app', '--stack', 'fastify', '--yes', '--package-manager', 'pnpm'], dir, { PATH: bin });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/Cannot install dependencies: pnpm not found \(fix: npm install --global pnpm/);
    expect(result.stderr).toContain('doctor --stack fastify --package-manager pnpm');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ['npm', [], 'allowScripts'],
    ['bun', [], 'trustedDependencies'],
    ['yarn', ['.yarnrc.yml'], 'dependenciesMeta'],
    ['pnpm', ['pnpm-workspace.yaml'], undefined],
  ])('with %s, the project says which dependencies may run install scripts (%j, %s)', async (pm, files, field) => {
    const dir = mkdtempSync(path.join(tmpdir(), `cli-${pm}-`));
    const result = await run(['app', ...generate, '--package-manager', pm], dir);
    expect(result.exitCode, result.stderr).toBe(0);
    const app = path.join(dir, 'app');
    const pmFiles = ['pnpm-workspace.yaml', '.yarnrc.yml'].filter((file) => existsSync(path.join(app, file)));
    expect(pmFiles).toEqual(files);
    const pkg = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as Record<string, unknown>;
    const policies = ['allowScripts', 'trustedDependencies', 'dependenciesMeta'].filter((key) => key in pkg);
    expect(policies).toEqual(field ? [field] : []);
    expect(readFileSync(path.join(app, '.prettierignore'), 'utf8')).toMatch(/^pnpm-lock\.yaml$/m);
  });
});

describe('git (issue 6, item 6): a commit only in a repository the CLI created, of only the files it wrote', () => {
  const git = (args: string[], cwd: string) => execa('git', args, { cwd, env: gitIdentity });
  /** A new folder whose name can name a project (mkdtemp's suffix has capitals). */
  const lowercaseDir = (prefix: string) => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), prefix)), 'app');
    mkdirSync(dir);
    return dir;
  };

  it('--force . inside an existing repository stages and commits nothing', async () => {
    const repo = lowercaseDir('cli-repo-');
    await git(['init', '--quiet', '--initial-branch=main'], repo);
    writeFileSync(path.join(repo, 'a.txt'), 'one');
    await git(['add', 'a.txt'], repo);
    await git(['commit', '--quiet', '-m', 'theirs'], repo);
    writeFileSync(path.join(repo, 'a.txt'), 'modified');
    writeFileSync(path.join(repo, 'b.txt'), 'staged');
    await git(['add', 'b.txt'], repo);
    writeFileSync(path.join(repo, 'c.txt'), 'untracked');
    const result = await run(['.', '--project', 'url-shortener', '--stack', 'go', '--yes', '--no-install', '--force'], repo, gitIdentity);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('already inside a git work tree');
    expect((await git(['rev-list', '--count', 'HEAD'], repo)).stdout).toBe('1');
    expect((await git(['diff', '--cached', '--name-only'], repo)).stdout).toBe('b.txt');
    expect((await git(['diff', '--name-only'], repo)).stdout).toBe('a.txt');
  });

  it("a folder holding only a .git is the user's repository: no commit there", async () => {
    const repo = lowercaseDir('cli-empty-repo-');
    await git(['init', '--quiet'], repo);
    const result = await run(['.', '--project', 'url-shortener', '--stack', 'go', '--yes', '--no-install'], repo, gitIdentity);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('already inside a git work tree');
    expect((await git(['rev-list', '--all', '--count'], repo)).stdout).toBe('0');
    expect((await git(['diff', '--cached', '--name-only'], repo)).stdout).toBe('');
  });

  it("--force into a folder that is no repository commits the template files, never the user's", async () => {
    const dir = lowercaseDir('cli-own-');
    writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    mkdirSync(path.join(dir, 'internal'));
    writeFileSync(path.join(dir, 'internal', 'secret.go'), 'package internal');
    const result = await run(['.', '--project', 'url-shortener', '--stack', 'go', '--yes', '--no-install', '--force'], dir, gitIdentity);
    expect(result.exitCode, result.stderr).toBe(0);
    const committed = (await git(['ls-files'], dir)).stdout.split('\n');
    expect(committed).toContain('go.mod');
    expect(committed).not.toContain('notes.txt');
    expect(committed).not.toContain('internal/secret.go');
    expect((await git(['status', '--porcelain'], dir)).stdout.split('\n').sort()).toEqual(['?? internal/secret.go', '?? notes.txt']);
  });
});

describe('where it writes (issue 6, item 8)', () => {
  const root = process.getuid?.() === 0;
  /** Runs the CLI as a user who may write only where the test says: nobody when we are root. */
  const runUnprivileged = (args: string[], cwd: string) =>
    root
      ? execa('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cli, ...args], {
          cwd,
          reject: false,
          stdin: 'ignore',
          env: { CI: 'true', HOME: cwd },
        })
      : run(args, cwd);
  /** A folder the unprivileged user cannot write, holding `inner`, which that user owns. */
  function readOnlyParent(inner: string, innerWritable: boolean) {
    const parent = mkdtempSync(path.join(tmpdir(), 'cli-readonly-'));
    execaSync('chmod', ['755', parent]);
    const dir = path.join(parent, inner);
    mkdirSync(dir);
    if (innerWritable && root) chownSync(dir, 65534, 65534);
    if (!root) execaSync('chmod', ['555', parent]);
    if (!innerWritable && !root) execaSync('chmod', ['555', dir]);
    return dir;
  }

  it('generates into `.` when only the folder itself is writable, not its parent', async () => {
    const dir = readOnlyParent('mine', true);
    const result = await runUnprivileged(['.', '--project', 'url-shortener', '--stack', 'fastify', '--yes', '--no-install', '--no-git'], dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'package.json'))).toBe(true);
    expect(leftovers(dir)).toEqual([]);
  });

  it("names the user's folder, not a staging path, when it cannot write there", async () => {
    const dir = readOnlyParent('locked', false);
    const result = await runUnprivileged(['.', '--project', 'url-shortener', '--stack', 'fastify', '--yes', '--no-install', '--no-git'], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe(`create-roadmap-project: Cannot write the project into ${dir}: permission denied`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('output (issue 6, items 10 and 11)', () => {
  /** The `cd` line the CLI printed, run by a POSIX shell from where the CLI ran: where does it land? */
  async function cdLands(directory: string) {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-cd-'));
    const result = await run([...generate, '--', directory], dir);
    expect(result.exitCode, result.stderr).toBe(0);
    const cd = result.stdout.split('\n').find((line) => line.trim().startsWith('cd '))!.trim();
    const shell = await execa('sh', ['-c', `${cd} && pwd -P`], { cwd: dir, env: { HOME: '/nonexistent-home' } });
    return { cd, landed: shell.stdout, expected: path.join(realpath(dir), directory) };
  }

  it.each([["it's/my-app"], ['a$HOME b/x'], ['-x/app'], ['sp ace/`id`/app'], ['plain/app']])(
    'prints a `cd` line a POSIX shell takes as it is: %s',
    async (directory) => {
      const { landed, expected } = await cdLands(directory);
      expect(landed).toBe(expected);
    },
  );

  it('accepts a path that goes up and comes back inside: a/../b', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-dots-'));
    const result = await run(['a/../b', ...generate], dir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readdirSync(dir)).toEqual(['b']);
  });

  it('writes no colour codes to a stream that is not a terminal, even with CI set', async () => {
    const failed = await run(['--project', 'nope', '--yes'], work, { CI: 'true' });
    expect(failed.stderr).not.toMatch(/\u001b\[/);
    const listed = await run(['--list'], work, { CI: 'true' });
    expect(listed.stdout).not.toMatch(/\u001b\[/);
    const forced = await run(['--project', 'nope', '--yes'], work, { FORCE_COLOR: '1' });
    expect(forced.stderr).toMatch(/\u001b\[/);
  });

  describe('DEBUG and stack traces', () => {
    /** A copy of the package whose catalog is broken: an unexpected error, not a user's mistake. */
    function brokenCopy() {
      const copy = mkdtempSync(path.join(tmpdir(), 'cli-broken-'));
      const root = path.resolve(cli, '../..');
      cpSync(path.join(root, 'dist'), path.join(copy, 'dist'), { recursive: true });
      cpSync(path.join(root, 'templates'), path.join(copy, 'templates'), { recursive: true });
      cpSync(path.join(root, 'package.json'), path.join(copy, 'package.json'));
      writeFileSync(path.join(copy, 'templates', 'catalog.json'), '{ not json');
      return path.join(copy, 'dist', 'index.js');
    }
    const broken = brokenCopy();
    const runBroken = (env: Record<string, string>) =>
      execa(process.execPath, [broken, 'app', '--yes'], { cwd: work, reject: false, stdin: 'ignore', env: { CI: 'true', ...env } });

    it.each([[''], ['0'], ['false']])('DEBUG=%j prints one line, no trace', async (value) => {
      const result = await runBroken({ DEBUG: value });
      expect(result.exitCode).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('DEBUG=1 adds a stack trace with the real function names', async () => {
      const result = await runBroken({ DEBUG: '1' });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/at loadCatalog /);
    });
  });

  it("the README's usage is the --help text, printed from the catalog", () => {
    const catalog = loadCatalog();
    const readme = readFileSync(path.resolve(cli, '../../README.md'), 'utf8');
    const usage = /## Usage\n\n```\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(usage).toBe(helpText(catalog.levels.map((l) => l.id), catalog.stacks.map((s) => s.id)));
  });
});

describe('install scripts (issue 6, item 3)', () => {
  const catalog = loadCatalog();
  /** The packages with an install script in a shipped npm lockfile. */
  const withInstallScripts = (lockfile: string) => {
    const lock = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    return [...new Set(Object.entries(lock.packages).filter(([, entry]) => entry.hasInstallScript).map(([key]) => key.split('node_modules/').at(-1)!))];
  };
  const nodeEntries = catalog.available.flatMap((project) =>
    catalog
      .stacksFor(project.id)
      .filter((stack) => stack.toolchain.includes('node'))
      .map((stack) => [project.id, stack.id] as const),
  );

  it.each(nodeEntries)('%s/%s: every dependency with an install script is decided on for npm, pnpm and yarn', async (projectId, stackId) => {
    const lockfile = path.resolve(cli, '../../templates', stackId, 'locks', projectId, 'package-lock.json');
    const scripted = withInstallScripts(lockfile);
    expect(scripted).toContain('esbuild');
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-scripts-'));
    const decided: Record<string, string[]> = {};
    for (const pm of ['npm', 'pnpm', 'yarn']) {
      const result = await run([`with-${pm}`, '--project', projectId, '--stack', stackId, '--yes', '--no-install', '--no-git', '--package-manager', pm], dir);
      expect(result.exitCode, result.stderr).toBe(0);
      const app = path.join(dir, `with-${pm}`);
      const pkg = JSON.parse(readFileSync(path.join(app, 'package.json'), 'utf8')) as Record<string, Record<string, unknown>>;
      if (pm === 'npm') decided[pm] = Object.keys(pkg.allowScripts ?? {});
      if (pm === 'yarn') decided[pm] = Object.keys(pkg.dependenciesMeta ?? {});
      if (pm === 'pnpm') {
        const yaml = readFileSync(path.join(app, 'pnpm-workspace.yaml'), 'utf8');
        const allowBuilds = /^allowBuilds:\n((?: {2}.+\n)+)/m.exec(yaml)?.[1] ?? '';
        decided[pm] = allowBuilds.split('\n').filter(Boolean).map((line) => line.trim().split(':')[0]!.replaceAll(/["']/g, ''));
      }
    }
    for (const pm of ['npm', 'pnpm', 'yarn']) expect(decided[pm], pm).toEqual(expect.arrayContaining(scripted));
  });
});
