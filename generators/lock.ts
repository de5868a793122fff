/**
 * `npm run lock`: regenerates every project's lockfiles for every stack (`templates/<stack>/locks/<project>/`:
 * package-lock.json, uv.lock, go.mod and go.sum) from the layers' data and the version map, so a generated
 * repo installs the same tree next month. `tests/unit/locks.test.ts` fails when one is stale.
 *
 * For each (stack, project overlay): render the project from its layers alone under the placeholder names,
 * run the stack's lock command there (`npm install --package-lock-only`, `uv lock`, `go mod tidy`), and
 * store the files it made. `npm run lock -- go` or `npm run lock -- url-shortener/fastapi` narrows it.
 */
import { execa } from 'execa';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { layerDirs, locksDir, renderProject, type LockData } from './project.js';

const templatesDir = path.resolve(import.meta.dirname, '..', 'templates');
const readJson = <T>(file: string) => JSON.parse(readFileSync(path.join(templatesDir, file), 'utf8')) as T;

interface StackFile {
  id: string;
  layers: string[];
  lock?: LockData;
}

/** The names a stack's lockfiles are stored with; the generator writes the project's own in their place. */
const placeholders = { name: 'roadmap-project', goModule: 'example.com/project' };

async function lockProject(stack: StackFile, lock: LockData, projectId: string) {
  const project = readJson<{ projects: { id: string }[] }>('catalog.json').projects.find((p) => p.id === projectId);
  if (!project) throw new Error(`catalog.json has no project "${projectId}"`);
  const work = mkdtempSync(path.join(tmpdir(), 'lock-'));
  try {
    const dir = path.join(work, placeholders.name);
    await renderProject({
      destination: dir,
      templatesDir,
      layers: stack.layers,
      projectId,
      withoutLocks: true,
      context: { ...placeholders, project, stack, packageManager: 'npm' },
    });
    await execa(lock.command, { cwd: dir, shell: true, stdin: 'ignore', stdout: 'inherit', stderr: 'inherit' });
    const target = locksDir(templatesDir, stack.id, projectId);
    mkdirSync(target, { recursive: true });
    for (const file of lock.files) copyFileSync(path.join(dir, file), path.join(target, file));
    console.log(`locked ${stack.id}/${projectId}: ${lock.files.join(', ')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const filters = process.argv.slice(2);
const wanted = (stackId: string, projectId: string) =>
  filters.length === 0 || filters.some((f) => f === stackId || f === projectId || f === `${projectId}/${stackId}`);

for (const stackId of readJson<{ stacks: string[] }>('catalog.json').stacks) {
  const stack = readJson<StackFile>(`${stackId}/stack.json`);
  const projectsDir = path.join(templatesDir, stackId, 'projects');
  if (!stack.lock || !existsSync(projectsDir)) continue;
  for (const projectId of readdirSync(projectsDir)) {
    // Only projects with code in the stack's own layer are locked: a bare new:project overlay is not yet.
    if (!layerDirs(templatesDir, stack.layers, projectId).some((dir) => dir.includes(`${path.sep}projects${path.sep}`))) continue;
    if (wanted(stackId, projectId)) await lockProject(stack, stack.lock, projectId);
  }
}
