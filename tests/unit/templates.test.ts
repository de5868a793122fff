import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../generators/layers.js';
import { loadCatalog, templatesDir } from '../../src/catalog.js';

const cli = path.resolve(import.meta.dirname, '../../dist/index.js');
const catalog = loadCatalog();
const versions = JSON.parse(readFileSync(path.join(templatesDir, 'versions.json'), 'utf8')) as Record<string, Record<string, string>>;
const pairs = catalog.available.flatMap((project) => catalog.stacksFor(project.id).map((stack) => [project.id, stack.id] as const));
const work = mkdtempSync(path.join(tmpdir(), 'templates-test-'));

async function generate(project: string, stack: string): Promise<string> {
  const name = `${project}-${stack}`;
  await execa(process.execPath, [cli, name, '--project', project, '--stack', stack, '--yes', '--no-install', '--no-git'], {
    cwd: work,
    stdin: 'ignore',
  });
  return path.join(work, name);
}

describe.each(pairs)('%s / %s renders', (project, stack) => {
  it('into a complete repo: every file DESIGN.md asks for, no template leftovers', async () => {
    const dir = await generate(project, stack);
    const files = listFiles(dir);
    for (const required of ['README.md', '.env.example', '.gitignore', 'Dockerfile', '.dockerignore', 'compose.yaml', '.github/workflows/ci.yml']) {
      expect(files, required).toContain(required);
    }
    expect(files.some((file) => file.startsWith('migrations/') && file.endsWith('.sql'))).toBe(true);
    expect(files.filter((file) => file.endsWith('.hbs') || file.includes('_partials') || path.basename(file) === '_gitignore')).toEqual([]);
    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(readme).not.toMatch(/\{\{|&#x27;|&quot;|&amp;/);
    for (const milestone of catalog.available.find((p) => p.id === project)!.milestones) expect(readme).toContain(milestone.id);
  });

  it('pins exact dependency versions from versions.json', async () => {
    const dir = path.join(work, `${project}-${stack}`);
    const packageJson = path.join(dir, 'package.json');
    if (existsSync(packageJson)) {
      const pkg = JSON.parse(readFileSync(packageJson, 'utf8'));
      for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
        expect(version, name).toBe(versions.npm?.[name]);
      }
    }
    const pyproject = path.join(dir, 'pyproject.toml');
    if (existsSync(pyproject)) {
      const specs = [...readFileSync(pyproject, 'utf8').matchAll(/"([A-Za-z0-9_.\-[\],]+?)\s*(==|>=|~=|<|>|!=)\s*([^";]+)"/g)];
      expect(specs.length).toBeGreaterThan(0);
      for (const [, name, operator, version] of specs) {
        if (name === 'python') continue;
        expect(operator, name).toBe('==');
        expect(version, name).toBe(versions.pypi?.[name!.replace(/\[.*\]$/, '')]);
      }
    }
  });
});

describe('versions.json', () => {
  it('holds only versions some template uses, all exact', async () => {
    const templateText = (
      await Promise.all(
        (listFiles(templatesDir)).filter((f) => f.endsWith('.hbs')).map((f) => readFileSync(path.join(templatesDir, f), 'utf8')),
      )
    ).join('\n');
    for (const [ecosystem, entries] of Object.entries(versions)) {
      for (const [name, version] of Object.entries(entries)) {
        expect(version, name).toMatch(/^\d+\.\d+\.\d+([-.+][0-9A-Za-z.-]+)?$/);
        expect(templateText, `${ecosystem} ${name}`).toContain(`{{version "${ecosystem}" "${name}"}}`);
      }
    }
  });
});
