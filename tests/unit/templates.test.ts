import { execa } from 'execa';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeContributions, readLayerData } from '../../generators/contributions.js';
import { listFiles, outputPath } from '../../generators/layers.js';
import { layerDirs } from '../../generators/project.js';
import { loadCatalog, templatesDir } from '../../src/catalog.js';

const cli = path.resolve(import.meta.dirname, '../../dist/index.js');
const catalog = loadCatalog();
const versions = JSON.parse(readFileSync(path.join(templatesDir, 'versions.json'), 'utf8')) as Record<string, Record<string, string>>;
const pairs = catalog.available.flatMap((project) => catalog.stacksFor(project.id).map((stack) => [project, stack] as const));
const work = mkdtempSync(path.join(tmpdir(), 'templates-test-'));

async function generate(project: string, stack: string): Promise<string> {
  const name = `${project}-${stack}`;
  if (!existsSync(path.join(work, name))) {
    await execa(process.execPath, [cli, name, '--project', project, '--stack', stack, '--yes', '--no-install', '--no-git'], {
      cwd: work,
      stdin: 'ignore',
    });
  }
  return path.join(work, name);
}

/** Where each stack keeps its tests and its lockfile: a project without them is not complete. */
const testFolders: Record<string, string> = { fastify: 'test', express: 'test', fastapi: 'tests', go: 'tests' };

describe.each(pairs.map(([project, stack]) => [project.id, stack.id, project, stack] as const))(
  '%s / %s renders',
  (projectId, stackId, project, stack) => {
    it('into a complete repo: every file DESIGN.md asks for, every process entry point, no template leftovers', async () => {
      const dir = await generate(projectId, stackId);
      const files = listFiles(dir);
      const required = ['README.md', '.env.example', '.gitignore', 'Dockerfile', '.dockerignore', 'compose.yaml', '.github/workflows/ci.yml'];
      const entryPoints = project.processes.map((process) => stack.processes[process.name]!.entry);
      // Generated with npm (the default), every stack ships its lockfiles.
      for (const file of [...required, ...entryPoints, ...stack.lock!.files]) expect(files, file).toContain(file);
      expect(files.some((file) => file.startsWith(`${testFolders[stackId]}/`))).toBe(true);
      expect(files.some((file) => file.startsWith('migrations/') && file.endsWith('.sql'))).toBe(true);
      expect(files.filter((file) => file.endsWith('.hbs') || file.includes('_partials') || /(^|\/)(_gitignore|layer\.json)$/.test(file))).toEqual([]);
      const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
      // Text from the catalog and the stack manifest appears as written, never HTML-escaped.
      expect(readme).not.toMatch(/\{\{|&#x27;|&quot;|&#x3D;/);
      expect(readme).toContain(stack.runtime);
      for (const milestone of project.milestones) expect(readme).toContain(milestone.proof);
      const envExample = readFileSync(path.join(dir, '.env.example'), 'utf8');
      for (const variable of [...catalog.env, ...project.env]) expect(envExample).toMatch(new RegExp(`^${variable.name}=`, 'm'));
    });

    it('pins every dependency exactly as the layers declare it, from versions.json', async () => {
      const dir = await generate(projectId, stackId);
      const wanted = mergeContributions(layerDirs(templatesDir, stack.layers, projectId), versions);
      const pinnedCount = Object.keys(wanted.npm.dependencies).length + wanted.pypi.dependencies.length + wanted.go.require.length;
      expect(pinnedCount).toBeGreaterThan(0);
      if (Object.keys(wanted.npm.dependencies).length > 0) {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
        expect(pkg.dependencies).toEqual(wanted.npm.dependencies);
        expect(pkg.devDependencies).toEqual(wanted.npm.devDependencies);
      }
      if (wanted.pypi.dependencies.length > 0) {
        const pyproject = readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
        for (const spec of [...wanted.pypi.dependencies, ...wanted.pypi.dev]) expect(pyproject).toContain(`"${spec}"`);
      }
      if (wanted.go.require.length > 0) {
        const goMod = readFileSync(path.join(dir, 'go.mod'), 'utf8');
        expect(goMod).toMatch(new RegExp(`^module ${projectId}-${stackId}$`, 'm'));
        for (const { path: module, version } of wanted.go.require) expect(goMod).toContain(`\t${module} ${version}\n`);
      }
    });
  },
);

describe('lockfiles', () => {
  it('are written only for the package manager that reads them', async () => {
    const [project, stack] = pairs.find(([, s]) => s.lock?.packageManagers)!;
    const dir = path.join(work, 'pnpm-project');
    await execa(process.execPath, [cli, dir, '--project', project.id, '--stack', stack.id, '--package-manager', 'pnpm', '--yes', '--no-install', '--no-git'], {
      stdin: 'ignore',
    });
    expect(existsSync(path.join(dir, 'package.json'))).toBe(true);
    for (const file of stack.lock!.files) expect(existsSync(path.join(dir, file)), file).toBe(false);
  });
});

describe('project overlays', () => {
  it.each(catalog.stacks.map((stack) => [stack.id, stack] as const))('of %s add to the bases, never replace a base file', (_id, stack) => {
    const baseFiles = new Set(
      stack.layers.flatMap((layer) => {
        const dir = path.join(templatesDir, layer, 'base');
        return existsSync(dir) ? listFiles(dir).map(outputPath) : [];
      }),
    );
    const projectsDir = path.join(templatesDir, stack.id, 'projects');
    for (const projectId of existsSync(projectsDir) ? readdirSync(projectsDir) : []) {
      const overlays = layerDirs(templatesDir, stack.layers, projectId).filter((dir) => !dir.endsWith(`${path.sep}base`));
      const replaced = overlays.flatMap((dir) => listFiles(dir).map(outputPath)).filter((file) => baseFiles.has(file));
      expect(replaced, `${projectId} replaces base files`).toEqual([]);
    }
  });
});

describe('versions.json', () => {
  it('holds only versions some layer or template uses, all exact', () => {
    const layerFolders = listFiles(templatesDir)
      .filter((file) => path.basename(file) === 'layer.json')
      .map((file) => path.join(templatesDir, path.dirname(file)));
    const used = new Set(
      layerFolders.flatMap((dir) => {
        const data = readLayerData(dir);
        const npm = [...(data.npm?.dependencies ?? []), ...(data.npm?.devDependencies ?? [])].map((name) => `npm ${name}`);
        const pypi = [...(data.pypi?.dependencies ?? []), ...(data.pypi?.dev ?? [])].map((name) => `pypi ${name.replace(/\[.*\]$/, '')}`);
        return [...npm, ...pypi, ...(data.go?.require ?? []).map((module) => `go ${module}`)];
      }),
    );
    const templateText = listFiles(templatesDir)
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => readFileSync(path.join(templatesDir, f), 'utf8'))
      .join('\n');
    for (const [ecosystem, entries] of Object.entries(versions)) {
      for (const [name, version] of Object.entries(entries)) {
        expect(version, name).toMatch(ecosystem === 'go' ? /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/ : /^\d+\.\d+\.\d+([-.+][0-9A-Za-z.-]+)?$/);
        const inTemplate = templateText.includes(`{{version "${ecosystem}" "${name}"}}`);
        expect(used.has(`${ecosystem} ${name}`) || inTemplate, `${ecosystem} ${name} is used nowhere`).toBe(true);
      }
    }
  });
});
