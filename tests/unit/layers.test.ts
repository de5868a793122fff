import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputPath, partialFiles, planFiles, writeFiles } from '../../generators/layers.js';

describe('outputPath', () => {
  it.each([
    ['package.json.hbs', 'package.json'],
    ['_gitignore', '.gitignore'],
    ['src/_gitignore', 'src/.gitignore'],
    ['.github/workflows/ci.yml', '.github/workflows/ci.yml'],
    ['main.go', 'main.go'],
  ])('%s -> %s', (input, expected) => expect(outputPath(input)).toBe(expected));
});

function layer(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'layer-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('planFiles and writeFiles', () => {
  it('render only .hbs files, copy others byte for byte, keep dot-files and skip partials', async () => {
    const base = layer({
      '.github/workflows/ci.yml': 'run: echo ${{ matrix.node }}\n',
      'package.json.hbs': '{"name":"{{name}}"}',
      _gitignore: 'node_modules/\n',
      '_partials/code-layout.md': '## Code',
    });
    const out = mkdtempSync(path.join(tmpdir(), 'out-'));

    const render = (file: string) => readFileSync(file, 'utf8').replace('{{name}}', 'demo');
    const written = await writeFiles(planFiles([base]), out, render);

    expect(written.sort()).toEqual(['.github/workflows/ci.yml', '.gitignore', 'package.json']);
    expect(readFileSync(path.join(out, '.github/workflows/ci.yml'), 'utf8')).toBe('run: echo ${{ matrix.node }}\n');
    expect(readFileSync(path.join(out, 'package.json'), 'utf8')).toBe('{"name":"demo"}');
    expect(existsSync(path.join(out, '_partials'))).toBe(false);
    expect(partialFiles(base)).toEqual({ 'code-layout': path.join(base, '_partials', 'code-layout.md') });
  });

  it('let a later layer replace an earlier one, also across a template and a plain file', () => {
    const base = layer({ 'README.md.hbs': 'base', 'src/app.ts': 'base app' });
    const overlay = layer({ 'README.md': 'overlay', 'src/extra.ts': 'extra' });
    const plan = planFiles([base, overlay]);
    expect(Object.fromEntries([...plan].map(([file, source]) => [file, source.startsWith(overlay) ? 'overlay' : 'base']))).toEqual({
      'README.md': 'overlay',
      'src/app.ts': 'base',
      'src/extra.ts': 'overlay',
    });
  });
});
