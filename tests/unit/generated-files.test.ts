import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog.js';
import { actionlint, composeCommand, golangciLintVersion, hadolint } from '../support/lint-tools.js';

const cli = path.resolve(import.meta.dirname, '../../dist/index.js');
const catalog = loadCatalog();
const pairs = catalog.available.flatMap((project) => catalog.stacksFor(project.id).map((stack) => [project.id, stack.id] as const));
const work = mkdtempSync(path.join(tmpdir(), 'generated-files-'));
const tools = { hadolint: '', actionlint: '', compose: [] as string[] };

beforeAll(async () => {
  [tools.hadolint, tools.actionlint, tools.compose] = await Promise.all([hadolint(), actionlint(), composeCommand()]);
}, 300_000);

/** The linters' output, so a failure shows what they found. */
async function lint(command: string, args: string[], cwd: string) {
  const result = await execa(command, args, { cwd, reject: false, all: true, stdin: 'ignore' });
  return { exitCode: result.exitCode, output: result.all };
}

describe.each(pairs)('%s / %s', (project, stack) => {
  const dir = path.join(work, `${project}-${stack}`);
  beforeAll(async () => {
    await execa(process.execPath, [cli, dir, '--project', project, '--stack', stack, '--yes', '--no-install', '--no-git'], { stdin: 'ignore' });
  });

  it('has a Dockerfile hadolint accepts', async () => {
    expect(await lint(tools.hadolint, ['--no-color', 'Dockerfile'], dir)).toEqual({ exitCode: 0, output: '' });
  });

  it('has a CI workflow actionlint accepts', async () => {
    expect(await lint(tools.actionlint, ['-no-color', '.github/workflows/ci.yml'], dir)).toEqual({ exitCode: 0, output: '' });
  });

  it.runIf(stack === 'go')('runs in CI the golangci-lint release its lint command is checked with here', () => {
    const workflow = readFileSync(path.join(dir, '.github/workflows/ci.yml'), 'utf8');
    const [, minor] = /^v(\d+\.\d+)\./.exec(golangciLintVersion)!;
    expect(workflow).toMatch(new RegExp(`golangci-lint-action@v\\d+\\s+with:\\s+version: v${minor!.replace('.', '\\.')}\\s`));
  });

  it('has a compose file compose accepts, with every declared process and no fixed host port', async () => {
    const [command, ...prefix] = tools.compose;
    const result = await lint(command!, [...prefix, '-f', 'compose.yaml', 'config', '--services'], dir);
    expect(result.exitCode, result.output).toBe(0);
    const services = result.output.split('\n').filter((line) => /^[a-z-]+$/.test(line));
    const processes = catalog.available.find((p) => p.id === project)!.processes.map((p) => (p.name === 'web' ? 'app' : p.name));
    expect(services.sort()).toEqual([...processes, 'postgres', 'redis'].sort());
  });
});
