import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandsFor, loadCatalog } from '../../src/catalog.js';
import { Scaffold } from '../../src/scaffold.js';
import { snapshot } from './support/fixtures.js';

const answers = {
  layers: ['shared'],
  projectId: 'url-shortener',
  context: {
    name: 'demo',
    project: { env: [], milestones: [], practices: [], processes: [{ name: 'web', instances: 1 }] },
    stack: { commands: {}, docker: { healthcheck: ['CMD', 'true'] }, processes: { web: { command: 'start', entry: 'app', docker: ['app'] } } },
  },
};

const catalog = loadCatalog();
const go = catalog.stacks.find((stack) => stack.id === 'go')!;
const shortener = catalog.available.find((project) => project.id === 'url-shortener')!;
const goAnswers = {
  layers: go.layers,
  projectId: shortener.id,
  context: { name: 'demo', goModule: 'demo', project: shortener, stack: { ...go, commands: commandsFor(go, shortener, 'npm') }, packageManager: 'npm' },
};

describe('Scaffold', () => {
  it('claims a new target, renders in a staging folder inside it, then moves the files into place', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const scaffold = new Scaffold(path.join(parent, 'demo'));
    await scaffold.reserve();
    await scaffold.render(answers);
    expect(path.dirname(scaffold.stagingDir)).toBe(path.join(parent, 'demo'));
    expect(readdirSync(parent)).toEqual(['demo']);
    await scaffold.place();
    await scaffold.commit();
    expect(readdirSync(parent)).toEqual(['demo']);
    expect(readdirSync(path.join(parent, 'demo')).filter((entry) => entry.startsWith('.create-roadmap-project'))).toEqual([]);
    expect(existsSync(path.join(parent, 'demo', 'migrations', '001_create_links.sql'))).toBe(true);
  });

  it('rollback of a new target removes it entirely', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const scaffold = new Scaffold(path.join(parent, 'demo'));
    await scaffold.reserve();
    await scaffold.render(answers);
    await scaffold.place();
    await scaffold.rollback();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('rollback in an existing folder puts replaced files back and removes only what it added', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const target = path.join(parent, 'demo');
    mkdirSync(path.join(target, 'migrations'), { recursive: true });
    writeFileSync(path.join(target, 'compose.yaml'), 'mine');
    writeFileSync(path.join(target, 'migrations', 'keep.sql'), 'mine too');
    const scaffold = new Scaffold(target, { force: true });
    await scaffold.reserve();
    await scaffold.render(answers);
    await scaffold.place();
    expect(readFileSync(path.join(target, 'compose.yaml'), 'utf8')).toContain('services:');
    mkdirSync(path.join(target, 'node_modules')); // as an install step would
    await scaffold.rollback();
    expect(readdirSync(target).sort()).toEqual(['compose.yaml', 'migrations']);
    expect(readdirSync(path.join(target, 'migrations'))).toEqual(['keep.sql']);
    expect(readFileSync(path.join(target, 'compose.yaml'), 'utf8')).toBe('mine');
    expect(readdirSync(parent)).toEqual(['demo']);
  });

  it('rollback removes every folder it created inside folders that already existed, empty ones too', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const target = path.join(parent, 'demo');
    // The Go template writes internal/app/..., cmd/server/...: `internal` exists empty, `cmd` holds the user's tool.
    mkdirSync(path.join(target, 'internal'), { recursive: true });
    mkdirSync(path.join(target, 'cmd', 'tool'), { recursive: true });
    writeFileSync(path.join(target, 'cmd', 'tool', 'main.go'), 'package main');
    const before = snapshot(target);
    const scaffold = new Scaffold(target, { force: true });
    await scaffold.reserve();
    await scaffold.render(goAnswers);
    await scaffold.place();
    expect(existsSync(path.join(target, 'internal', 'app'))).toBe(true);
    await scaffold.rollback();
    expect(snapshot(target)).toEqual(before);
  });

  it.each([
    ['a file where the project needs a folder', 'migrations', /migrations is a file, but the project needs a folder there/],
    ['a folder where the project writes a file', 'compose.yaml/', /compose\.yaml is a folder, but the project writes a file there/],
  ])('with --force, refuses %s before moving anything', async (_, clash, message) => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const target = path.join(parent, 'demo');
    mkdirSync(target);
    if (clash.endsWith('/')) mkdirSync(path.join(target, clash));
    else writeFileSync(path.join(target, clash), 'mine');
    writeFileSync(path.join(target, 'README.md'), 'my readme');
    const before = snapshot(target);
    const scaffold = new Scaffold(target, { force: true });
    await scaffold.reserve();
    await scaffold.render(answers);
    await expect(scaffold.place()).rejects.toThrow(message);
    await scaffold.rollback();
    expect(snapshot(target)).toEqual(before);
  });

  it('stages inside an existing target, so a target whose parent is not writable works', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const target = path.join(parent, 'demo');
    mkdirSync(target);
    const scaffold = new Scaffold(target);
    await scaffold.reserve();
    expect(path.dirname(scaffold.stagingDir)).toBe(target);
    await scaffold.rollback();
    expect(readdirSync(target)).toEqual([]);
  });

  it('refuses a target someone else filled after it was found empty, and leaves their files alone', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const target = path.join(parent, 'demo');
    const scaffold = new Scaffold(target);
    // Created between the CLI's check and the claim: the claim's mkdir fails, the folder is not empty.
    mkdirSync(target);
    writeFileSync(path.join(target, 'README.md'), 'theirs');
    await expect(scaffold.reserve()).rejects.toThrow(/is not empty/);
    await scaffold.rollback();
    expect(snapshot(target)).toEqual({ 'README.md': 'theirs' });
  });

  it('refuses, at the move, an empty target someone filled during the render', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const target = path.join(parent, 'demo');
    mkdirSync(target);
    const scaffold = new Scaffold(target);
    await scaffold.reserve();
    await scaffold.render(answers);
    writeFileSync(path.join(target, 'README.md'), 'theirs');
    await expect(scaffold.place()).rejects.toThrow(/changed while the project was rendered \(README.md appeared\)/);
    await scaffold.rollback();
    expect(snapshot(target)).toEqual({ 'README.md': 'theirs' });
  });

  it('a new target is claimed with one mkdir: a second claim of the same folder fails', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const target = path.join(parent, 'demo');
    const first = new Scaffold(target);
    await first.reserve();
    await first.render(answers);
    const second = new Scaffold(target);
    await expect(second.reserve()).rejects.toThrow(/is not empty/);
    await first.place();
    expect(readFileSync(path.join(target, 'README.md'), 'utf8')).toContain('# demo');
  });

  it('a template error leaves nothing behind once rolled back', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const scaffold = new Scaffold(path.join(parent, 'demo'));
    const broken = { ...answers, context: { name: 'demo' } }; // compose.yaml.hbs needs stack.docker
    await scaffold.reserve();
    await expect(scaffold.render(broken)).rejects.toThrow();
    await scaffold.rollback();
    expect(readdirSync(parent)).toEqual([]);
  });
});
