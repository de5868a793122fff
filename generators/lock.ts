/**
 * `npm run lock`: regenerates every Go project's lockfiles (`go.mod` and `go.sum` in
 * `templates/go/projects/<project>/`) from the layers' `go.require` and the version map, so a generated
 * repo installs the same module graph next month. `tests/unit/templates.test.ts` fails when they are stale.
 *
 * For each Go project overlay: render the project with the built CLI, write a go.mod that requires exactly
 * the merged modules at their pinned versions, let `go mod tidy` add the indirect requirements and go.sum,
 * and store both under the template's placeholder module path.
 */
import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodePlop from 'node-plop';
import { mergeContributions, readLayerData, type Versions } from './contributions.js';
import { layerDirs, registerProjectGenerator, type ProjectAnswers } from './project.js';

const root = path.resolve(import.meta.dirname, '..');
const templatesDir = path.join(root, 'templates');
const readJson = <T>(file: string) => JSON.parse(readFileSync(path.join(templatesDir, file), 'utf8')) as T;

async function lockGoProject(projectId: string) {
  const stack = readJson<{ layers: string[]; modulePath: { placeholder: string } }>('go/stack.json');
  const versions = readJson<Versions>('versions.json');
  const dirs = layerDirs(templatesDir, stack.layers, projectId);
  const { require } = mergeContributions(dirs, versions).go;
  const directive = dirs.map((dir) => readLayerData(dir).go?.directive).filter(Boolean).at(-1);
  if (!directive) throw new Error('no layer.json of the go stack sets go.directive');

  const work = mkdtempSync(path.join(tmpdir(), 'lock-'));
  try {
    // Rendered straight from the layers: a project being built is locked before the catalog offers it.
    const name = 'lockfile';
    const dir = path.join(work, name);
    const project = readJson<{ projects: { id: string }[] }>('catalog.json').projects.find((p) => p.id === projectId);
    if (!project) throw new Error(`catalog.json has no project "${projectId}"`);
    const plop = await nodePlop();
    registerProjectGenerator(plop, templatesDir);
    const answers: ProjectAnswers = {
      destination: dir,
      templatesDir,
      layers: stack.layers,
      projectId,
      context: { name, goModule: name, project, stack: readJson('go/stack.json'), packageManager: 'npm' },
    };
    const { failures } = await plop.getGenerator('project').runActions(answers);
    if (failures.length > 0) throw new Error(`rendering go/${projectId} failed: ${JSON.stringify(failures[0])}`);
    const requires = require.map(({ path: module, version }) => `\t${module} ${version}\n`).join('');
    writeFileSync(path.join(dir, 'go.mod'), `module ${name}\n\ngo ${directive}\n\nrequire (\n${requires})\n`);
    rmSync(path.join(dir, 'go.sum'), { force: true });
    await execa('go', ['mod', 'tidy'], { cwd: dir, stdin: 'ignore', stdout: 'inherit', stderr: 'inherit' });
    const overlay = path.join(templatesDir, 'go', 'projects', projectId);
    const goMod = readFileSync(path.join(dir, 'go.mod'), 'utf8').replace(`module ${name}\n`, `module ${stack.modulePath.placeholder}\n`);
    writeFileSync(path.join(overlay, 'go.mod'), goMod);
    writeFileSync(path.join(overlay, 'go.sum'), readFileSync(path.join(dir, 'go.sum'), 'utf8'));
    console.log(`locked go/${projectId}: ${require.length} direct modules`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const only = process.argv.slice(2);
const goProjects = readdirSync(path.join(templatesDir, 'go', 'projects')).filter(
  (id) => existsSync(path.join(templatesDir, 'go', 'projects', id, 'go.mod')) && (only.length === 0 || only.includes(id)),
);
for (const projectId of goProjects) await lockGoProject(projectId);
