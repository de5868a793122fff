import { mkdirSync, mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputPath, readPartials, writeLayer } from '../../generators/layers.js';

describe('outputPath', () => {
  it.each([
    ['package.json.hbs', 'package.json'],
    ['_gitignore', '.gitignore'],
    ['src/_gitignore', 'src/.gitignore'],
    ['.github/workflows/ci.yml', '.github/workflows/ci.yml'],
    ['main.go', 'main.go'],
  ])('%s -> %s', (input, expected) => expect(outputPath(input)).toBe(expected));
});

describe('writeLayer', () => {
  it('renders only .hbs files, copies others byte for byte, keeps dot-files and skips partials', async () => {
    const layer = mkdtempSync(path.join(tmpdir(), 'layer-'));
    const out = mkdtempSync(path.join(tmpdir(), 'out-'));
    mkdirSync(path.join(layer, '.github/workflows'), { recursive: true });
    mkdirSync(path.join(layer, '_partials'));
    writeFileSync(path.join(layer, '.github/workflows/ci.yml'), 'run: echo ${{ matrix.node }}\n');
    writeFileSync(path.join(layer, 'package.json.hbs'), '{"name":"{{name}}"}');
    writeFileSync(path.join(layer, '_gitignore'), 'node_modules/\n');
    writeFileSync(path.join(layer, '_partials/code-layout.md'), '## Code');

    const written = await writeLayer(layer, out, (template) => template.replace('{{name}}', 'demo'));

    expect(written.sort()).toEqual(['.github/workflows/ci.yml', '.gitignore', 'package.json']);
    expect(readFileSync(path.join(out, '.github/workflows/ci.yml'), 'utf8')).toBe('run: echo ${{ matrix.node }}\n');
    expect(readFileSync(path.join(out, 'package.json'), 'utf8')).toBe('{"name":"demo"}');
    expect(existsSync(path.join(out, '_partials'))).toBe(false);
    expect(await readPartials(layer)).toEqual({ 'code-layout': '## Code' });
  });
});
