import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The built CLI, run as a user would (npm test builds it first). */
export const cli = path.resolve(import.meta.dirname, '../../../dist/index.js');

/** A committer for the tests' git repositories, whatever the machine's git config says. */
export const gitIdentity = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 't@example.com',
};

/** A folder of executable shell scripts, by name: put first on PATH, they stand in for real tools. */
export function fakeBin(scripts: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-bin-'));
  for (const [name, body] of Object.entries(scripts)) {
    const file = path.join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

/** `go` as Go answers: `go version` prints the version, `--version` is an unknown flag, `mod download` works. */
export const fakeGo = (version: string) => `
case "$1" in
  version) echo "go version go${version} linux/amd64" ;;
  mod) exit 0 ;;
  *) echo "flag provided but not defined: $1" >&2; exit 2 ;;
esac`;

/** Every path below `dir` with its content (folders end in /): what "exactly as before" compares. */
export function snapshot(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const rel = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        result[`${rel}/`] = '';
        walk(rel);
      } else {
        result[rel] = readFileSync(path.join(dir, rel), 'utf8');
      }
    }
  };
  walk('');
  return result;
}
