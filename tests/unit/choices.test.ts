import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import prompts from 'prompts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseCliArgs } from '../../src/args.js';
import { loadCatalog } from '../../src/catalog.js';
import { resolveChoices } from '../../src/choices.js';

/**
 * The questions asked in a terminal, answered with prompts' own `inject`: each injected value answers the
 * next question, so a question asked out of order takes the wrong answer and the test fails.
 */
const catalog = loadCatalog();
const shortener = catalog.available.find((project) => project.id === 'url-shortener')!;
const root = path.join(mkdtempSync(path.join(tmpdir(), 'choices-')), 'work');
mkdirSync(root);

const ask = (argv: string[], answers: unknown[]) => {
  prompts.inject(answers);
  return resolveChoices(parseCliArgs(argv), catalog, 'npm', true);
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('interactive choices (issue 6, item 12)', () => {
  it('refuses a name the stack cannot take at the directory question, when --stack is known, and asks again', async () => {
    const refusals = vi.spyOn(console, 'error').mockImplementation(() => {});
    const choices = await ask(['--stack', 'go'], [path.join(root, 'go'), path.join(root, 'my-go-app'), 'beginner', shortener, false, false]);
    expect(choices.target.name).toBe('my-go-app');
    expect(choices.stack.id).toBe('go');
    expect(refusals.mock.calls.flat().join('\n')).toMatch(/Go reserves the name "go"/);
  });

  it('once the stack is chosen, a name it refuses sends the user back to the directory question, not out', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const go = catalog.stacks.find((stack) => stack.id === 'go')!;
    const choices = await ask([], [path.join(root, 'std'), 'beginner', shortener, go, path.join(root, 'fine-name'), true, false]);
    expect(choices.target.name).toBe('fine-name');
    expect(choices.install).toBe(true);
    expect(choices.git).toBe(false);
  });

  it('declining to add files to a non-empty folder asks for another directory instead of exiting', async () => {
    const taken = path.join(root, 'taken');
    mkdirSync(taken);
    writeFileSync(path.join(taken, 'notes.txt'), 'mine');
    const choices = await ask(
      ['--project', 'url-shortener', '--stack', 'fastify'],
      [taken, false, path.join(root, 'fresh'), false, false],
    );
    expect(choices.target.dir).toBe(path.join(root, 'fresh'));
    expect(choices.force).toBe(false);
  });

  it('accepting adds the files to the non-empty folder', async () => {
    const taken = path.join(root, 'taken-too');
    mkdirSync(taken);
    writeFileSync(path.join(taken, 'notes.txt'), 'mine');
    const choices = await ask(['--project', 'url-shortener', '--stack', 'fastify'], [taken, true, false, false]);
    expect(choices.target.dir).toBe(taken);
    expect(choices.force).toBe(true);
  });
});
