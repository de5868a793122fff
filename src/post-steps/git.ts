import { existsSync } from 'node:fs';
import path from 'node:path';
import { runChild } from '../child.js';

export type GitOutcome = 'committed' | 'initialised' | 'no-git' | 'inside-repo';

/**
 * Variables that would point git at another repository than the new folder's (set inside a git hook, say):
 * unset, so every command below works on the repository this run creates and on nothing else.
 */
const ownRepository = {
  GIT_DIR: undefined,
  GIT_WORK_TREE: undefined,
  GIT_INDEX_FILE: undefined,
  GIT_OBJECT_DIRECTORY: undefined,
  GIT_COMMON_DIR: undefined,
  GIT_CEILING_DIRECTORIES: undefined,
  // File names are names, never patterns (a template file called `[id].ts` stages only itself).
  GIT_LITERAL_PATHSPECS: '1',
};

const git = (args: string[], cwd: string) => runChild('git', args, { cwd, output: 'capture', env: ownRepository });

/**
 * `git init` plus a first commit of the files this run wrote, and of nothing else. A folder that already
 * is, or sits inside, a git work tree belongs to the user's repository: nothing is initialised, staged or
 * committed there.
 */
export async function initGit(dir: string, wrote: (file: string) => boolean): Promise<GitOutcome> {
  try {
    if ((await git(['--version'], dir)).code !== 0) return 'no-git';
  } catch {
    return 'no-git'; // not installed
  }
  if (existsSync(path.join(dir, '.git'))) return 'inside-repo';
  const insideTree = await git(['rev-parse', '--is-inside-work-tree'], dir);
  if (insideTree.code === 0 && insideTree.output.trim() === 'true') return 'inside-repo';

  let init = await git(['init', '--quiet', '--initial-branch=main'], dir);
  if (init.code !== 0 && !existsSync(path.join(dir, '.git'))) {
    // git before 2.28 has no --initial-branch: name the branch by hand.
    init = await git(['init', '--quiet'], dir);
    if (init.code === 0) init = await git(['symbolic-ref', 'HEAD', 'refs/heads/main'], dir);
  }
  if (init.code !== 0) throw new Error(`git init failed: ${init.output.trim()}`);
  // Untracked files that .gitignore keeps (node_modules, .venv) are not even listed.
  const listed = await git(['ls-files', '--others', '--exclude-standard', '-z'], dir);
  const files = listed.output.split('\0').filter((file) => file !== '' && wrote(file));
  for (let i = 0; i < files.length; i += 200) {
    const add = await git(['add', '--', ...files.slice(i, i + 200)], dir);
    if (add.code !== 0) throw new Error(`git add failed: ${add.output.trim()}`);
  }
  // A machine without user.name/user.email still gets a repo; the first commit is then left to the user.
  const commit = await git(
    ['-c', 'commit.gpgsign=false', 'commit', '--quiet', '--no-verify', '-m', 'Initial commit from create-roadmap-project'],
    dir,
  );
  return commit.code === 0 ? 'committed' : 'initialised';
}
