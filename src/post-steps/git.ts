import path from 'node:path';
import { commandExists } from './command-exists.js';

export type GitOutcome = 'committed' | 'initialised' | 'no-git' | 'inside-repo';

/** `git init` plus a first commit; skipped when git is missing or the folder already sits in a work tree. */
export async function initGit(dir: string): Promise<GitOutcome> {
  if (!(await commandExists('git'))) return 'no-git';
  const { execa } = await import('execa');
  const insideTree = await execa('git', ['rev-parse', '--is-inside-work-tree'], {
    cwd: path.dirname(dir),
    reject: false,
    stdio: 'pipe',
  });
  if (insideTree.exitCode === 0 && insideTree.stdout.trim() === 'true') return 'inside-repo';
  await execa('git', ['init', '--quiet', '--initial-branch=main'], { cwd: dir });
  await execa('git', ['add', '--all'], { cwd: dir });
  // A machine without user.name/user.email still gets a repo; the first commit is then left to the user.
  const commit = await execa('git', ['commit', '--quiet', '--no-verify', '-m', 'Initial commit from create-roadmap-project'], {
    cwd: dir,
    reject: false,
    stdio: 'pipe',
  });
  return commit.exitCode === 0 ? 'committed' : 'initialised';
}
