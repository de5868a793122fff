import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isEmptyDir, resolveTarget } from '../../src/target.js';

describe('resolveTarget', () => {
  it('takes the package name from the last path segment', () => {
    expect(resolveTarget('apps/my-shortener', '/work')).toEqual({ dir: '/work/apps/my-shortener', name: 'my-shortener' });
    expect(resolveTarget('/tmp/abs-app', '/work')).toEqual({ dir: '/tmp/abs-app', name: 'abs-app' });
  });

  it('judges where a path ends up, not how it is spelt: a/../b stays inside', () => {
    expect(resolveTarget('a/../b', '/work')).toEqual({ dir: '/work/b', name: 'b' });
    expect(resolveTarget('./x/./y', '/work')).toEqual({ dir: '/work/x/y', name: 'y' });
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['../x', /leaves the current folder/],
    ['a/../../x', /leaves the current folder/],
    ['node_modules', /cannot be a project name: node_modules is a blacklisted name/],
    ['favicon.ico', /cannot be a project name/],
    ['http', /core module/],
    ['My App', /capital letters/],
    ['.hidden', /cannot start with a period/],
    ['_private', /cannot start with an underscore/],
    ['-foo', /cannot start with a dash/],
    ['apps/-x', /cannot start with a dash/],
  ])('rejects %j', (input, message) => {
    expect(() => resolveTarget(input, '/work')).toThrow(message);
  });
});

describe('isEmptyDir', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'target-test-'));

  it('is true for a missing folder and for one holding only .git', () => {
    expect(isEmptyDir(path.join(root, 'missing'))).toBe(true);
    mkdirSync(path.join(root, 'repo', '.git'), { recursive: true });
    expect(isEmptyDir(path.join(root, 'repo'))).toBe(true);
  });

  it('is false once the folder holds a file, and refuses a file as target', () => {
    writeFileSync(path.join(root, 'repo', 'notes.txt'), 'mine');
    expect(isEmptyDir(path.join(root, 'repo'))).toBe(false);
    expect(() => isEmptyDir(path.join(root, 'repo', 'notes.txt'))).toThrow(/is a file/);
  });
});
