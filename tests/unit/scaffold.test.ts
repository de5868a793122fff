import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Scaffold } from '../../src/scaffold.js';

const answers = {
  layers: ['shared'],
  projectId: 'url-shortener',
  context: {
    name: 'demo',
    project: { env: [], milestones: [], practices: [], processes: [{ name: 'web', instances: 1 }] },
    stack: { commands: {}, docker: { healthcheck: ['CMD', 'true'] }, processes: { web: { command: 'start', entry: 'app', docker: ['app'] } } },
  },
};

describe('Scaffold', () => {
  it('renders in a staging folder beside the target, then moves it into place', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const scaffold = new Scaffold(path.join(parent, 'demo'));
    await scaffold.render(answers);
    expect(readdirSync(parent)).toEqual([path.basename(scaffold.staging)]);
    await scaffold.place();
    await scaffold.commit();
    expect(readdirSync(parent)).toEqual(['demo']);
    expect(existsSync(path.join(parent, 'demo', 'migrations', '001_create_links.sql'))).toBe(true);
  });

  it('rollback of a new target removes it entirely', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const scaffold = new Scaffold(path.join(parent, 'demo'));
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
    const scaffold = new Scaffold(target);
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

  it('a template error leaves nothing behind once rolled back', async () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'scaffold-'));
    const scaffold = new Scaffold(path.join(parent, 'demo'));
    const broken = { ...answers, context: { name: 'demo' } }; // compose.yaml.hbs needs stack.docker
    await expect(scaffold.render(broken)).rejects.toThrow();
    await scaffold.rollback();
    expect(readdirSync(parent)).toEqual([]);
  });
});
