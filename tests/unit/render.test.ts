import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodePlop from 'node-plop';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../generators/layers.js';
import plopfile from '../../generators/plopfile.js';
import { renderProject, type ProjectAnswers } from '../../generators/project.js';
import { loadCatalog, templatesDir } from '../../src/catalog.js';
import { templateContext } from '../../src/template-context.js';

const cli = path.resolve(import.meta.dirname, '../../dist/index.js');
const catalog = loadCatalog();
const pairs = catalog.available.flatMap((project) => catalog.stacksFor(project.id).map((stack) => [project, stack] as const));

/** Every file below `dir` with its text. */
const tree = (dir: string) => Object.fromEntries(listFiles(dir).map((file) => [file, readFileSync(path.join(dir, file), 'utf8')]));

/** What the CLI would render for a project of `stack` in a folder named `name`, as the generator's answers. */
function answers(project: (typeof pairs)[number][0], stack: (typeof pairs)[number][1], destination: string): ProjectAnswers {
  const target = { dir: destination, name: path.basename(destination) };
  return { destination, templatesDir, layers: stack.layers, projectId: project.id, context: templateContext({ target, project, stack, packageManager: 'npm' }) };
}

describe.each(pairs.map(([project, stack]) => [project.id, stack.id, project, stack] as const))('%s / %s', (projectId, stackId, project, stack) => {
  it('renders the same files from the built CLI (templates precompiled) as from the templates compiled now', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'render-test-'));
    await execa(process.execPath, [cli, 'built/demo', '--project', projectId, '--stack', stackId, '--yes', '--no-install', '--no-git'], { cwd: work, stdin: 'ignore' });
    const compiledNow = path.join(work, 'compiled', 'demo');
    await renderProject(answers(project, stack, compiledNow));
    expect(tree(path.join(work, 'built', 'demo'))).toEqual(tree(compiledNow));
  });
});

describe('the plop `project` generator (npx plop project)', () => {
  it('renders a project from its layers', async () => {
    const plop = await nodePlop();
    plopfile(plop);
    const [project, stack] = pairs[0]!;
    const destination = path.join(mkdtempSync(path.join(tmpdir(), 'plop-test-')), 'demo');
    const { failures } = await plop.getGenerator('project').runActions(answers(project, stack, destination));
    expect(failures).toEqual([]);
    const files = tree(destination);
    expect(files['README.md']).toContain(project.title);
    expect(Object.keys(files)).toContain('.gitignore');
  });
});
