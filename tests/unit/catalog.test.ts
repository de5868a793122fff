import { describe, expect, it } from 'vitest';
import { commandsFor, loadCatalog, type Project } from '../../src/catalog.js';
import { catalogJson } from '../../src/list.js';

const catalog = loadCatalog();

describe('catalog', () => {
  it('offers only projects that some stack has an overlay for, and only levels that have one', () => {
    for (const project of catalog.available) expect(catalog.stacksFor(project.id).length).toBeGreaterThan(0);
    for (const level of catalog.levels) expect(catalog.available.some((p) => p.level === level.id)).toBe(true);
  });

  it('ships url-shortener in every stack', () => {
    expect(catalog.stacksFor('url-shortener').map((s) => s.id)).toEqual(['fastify', 'express', 'fastapi', 'go']);
  });

  it('every stack manifest names its layers, toolchain and the three required commands', () => {
    for (const stack of catalog.stacks) {
      expect(stack.layers.at(-1)).toBe(stack.id);
      expect(stack.toolchain.length).toBeGreaterThan(0);
      for (const command of ['install', 'test', 'start'] as const) expect(stack.commands[command]).toBeTruthy();
    }
  });

  it('fills in the package manager and keeps `worker` only for projects with a worker process', () => {
    const fastify = catalog.stacks.find((s) => s.id === 'fastify')!;
    const web = { processes: [{ name: 'web', instances: 1 }] } as Project;
    const withWorker = { processes: [{ name: 'web', instances: 1 }, { name: 'worker', instances: 1 }] } as Project;
    expect(commandsFor(fastify, web, 'pnpm')).toMatchObject({ install: 'pnpm install', test: 'pnpm run test' });
    expect(commandsFor(fastify, web, 'npm').worker).toBeUndefined();
    expect(commandsFor(fastify, withWorker, 'npm').worker).toBe('npm run worker');
  });

  it('--list --json has exactly the documented shape', () => {
    const json = catalogJson(catalog);
    for (const entry of json) {
      expect(Object.keys(entry)).toEqual(['id', 'title', 'level', 'summary', 'stacks']);
      for (const stack of entry.stacks) {
        expect(Object.keys(stack)).toEqual(['id', 'language', 'commands']);
        expect(Object.keys(stack.commands)).toEqual(expect.arrayContaining(['install', 'test', 'start']));
        expect(JSON.stringify(stack.commands)).not.toContain('{{');
      }
    }
  });
});
