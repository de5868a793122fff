import { describe, expect, it } from 'vitest';
import { detectPackageManager, parseCliArgs } from '../../src/args.js';

describe('parseCliArgs', () => {
  it('reads every flag', () => {
    const args = parseCliArgs([
      'my-app', '--level', 'beginner', '--project', 'url-shortener', '--stack', 'go',
      '--yes', '--no-install', '--no-git', '--force', '--package-manager', 'pnpm',
    ]);
    expect(args).toMatchObject({
      directory: 'my-app', level: 'beginner', project: 'url-shortener', stack: 'go',
      yes: true, install: false, git: false, force: true, packageManager: 'pnpm',
    });
  });

  it('reads `doctor` and its options', () => {
    expect(parseCliArgs(['doctor', '--stack', 'go', '--json', '--package-manager', 'bun'])).toMatchObject({
      command: 'doctor', stack: 'go', json: true, packageManager: 'bun', directory: undefined,
    });
    expect(parseCliArgs(['./doctor']).command).toBe('create');
  });

  it('leaves install and git open when their flags are absent, so a prompt can ask', () => {
    const args = parseCliArgs([]);
    expect(args.install).toBeUndefined();
    expect(args.git).toBeUndefined();
  });

  it.each([
    [['--bogus'], /^Unknown option --bogus \(see --help\)$/],
    [['--yes=1'], /^--yes takes no value \(see --help\)$/],
    [['a', 'b'], /Expected one directory, got 2/],
    [['--package-manager', 'pip'], /Unknown package manager "pip"/],
    [['--json'], /--json goes with --list or doctor/],
    [['--stack'], /^--stack needs a value \(see --help\)$/],
    [['doctor', '--yes'], /doctor does not take --yes/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('detectPackageManager', () => {
  it.each([
    ['pnpm/9.12.0 npm/? node/v20.19.0 linux x64', 'pnpm'],
    ['yarn/1.22.22 npm/? node/v20.19.0 linux x64', 'yarn'],
    ['bun/1.1.0 npm/? node/v20.19.0 linux x64', 'bun'],
    ['npm/10.8.2 node/v20.19.0 linux x64 workspaces/false', 'npm'],
    [undefined, 'npm'],
  ])('%s -> %s', (agent, expected) => {
    expect(detectPackageManager(agent)).toBe(expected);
  });
});
