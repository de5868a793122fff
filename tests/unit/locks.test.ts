import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeContributions, type Versions } from '../../generators/contributions.js';
import { layerDirs, locksDir } from '../../generators/project.js';
import { loadCatalog, templatesDir } from '../../src/catalog.js';

const catalog = loadCatalog();
const versions = JSON.parse(readFileSync(path.join(templatesDir, 'versions.json'), 'utf8')) as Versions;
const pairs = catalog.available.flatMap((project) => catalog.stacksFor(project.id).map((stack) => [project.id, stack.id, stack] as const));
const stale = 'is stale: run `npm run lock`';

/** `{ name = "redis", extras = ["hiredis"], specifier = "==8.1.0" }` lines of one uv.lock table, as `redis[hiredis]==8.1.0`. */
function uvRequirements(lock: string, table: 'requires-dist' | 'dev'): string[] {
  const section = table === 'dev' ? '[package.metadata.requires-dev]' : '[package.metadata]';
  const start = lock.indexOf(`${section}\n${table} = [`, lock.indexOf('source = { virtual = "." }'));
  if (start < 0) return [];
  const block = lock.slice(start, lock.indexOf('\n]', start));
  return [...block.matchAll(/\{ name = "([^"]+)"(?:, extras = \["([^"]+)"\])?, specifier = "([^"]+)" \}/g)].map(
    ([, name, extra, specifier]) => `${name}${extra ? `[${extra}]` : ''}${specifier}`,
  );
}

describe.each(pairs)('the lockfiles of %s / %s', (projectId, _stackId, stack) => {
  const dir = locksDir(templatesDir, stack.id, projectId);
  const wanted = mergeContributions(layerDirs(templatesDir, stack.layers, projectId), versions);
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');

  it('exist', () => {
    for (const file of stack.lock!.files) expect(existsSync(path.join(dir, file)), `${file}: run \`npm run lock\``).toBe(true);
  });

  it('pin what the layers declare today', () => {
    if (stack.lock!.files.includes('package-lock.json')) {
      const root = JSON.parse(read('package-lock.json')).packages[''];
      expect(root.dependencies ?? {}, `package-lock.json ${stale}`).toEqual(wanted.npm.dependencies);
      expect(root.devDependencies ?? {}, `package-lock.json ${stale}`).toEqual(wanted.npm.devDependencies);
    }
    if (stack.lock!.files.includes('uv.lock')) {
      const lock = read('uv.lock');
      expect(uvRequirements(lock, 'requires-dist').sort(), `uv.lock ${stale}`).toEqual([...wanted.pypi.dependencies].sort());
      expect(uvRequirements(lock, 'dev').sort(), `uv.lock ${stale}`).toEqual([...wanted.pypi.dev].sort());
    }
    if (stack.lock!.files.includes('go.mod')) {
      const goMod = read('go.mod');
      const direct = [...goMod.matchAll(/^\t(\S+) (v\S+)$/gm)].map(([, module, version]) => ({ path: module, version }));
      expect(direct, `go.mod ${stale}`).toEqual(wanted.go.require);
      expect(goMod).toContain(`\ngo ${wanted.go.directive}\n`);
      expect(read('go.sum').length).toBeGreaterThan(0);
    }
  });
});
