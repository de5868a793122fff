import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import validateNpmPackageName from 'validate-npm-package-name';
import { UserError } from './errors.js';

export interface Target {
  /** Absolute path of the directory the project goes into. */
  dir: string;
  /** Package / module name: the directory's base name. */
  name: string;
}

/** Checks a directory argument and returns where the project goes and its package name. */
export function resolveTarget(input: string, cwd = process.cwd()): Target {
  const trimmed = input.trim();
  if (trimmed === '') throw new UserError('The directory name is empty: give a name like my-shortener');
  const dir = path.resolve(cwd, trimmed);
  // `a/../b` stays inside: only where the path ends up counts, not how it is spelt.
  const relative = path.relative(cwd, dir);
  if (!path.isAbsolute(trimmed) && (relative === '..' || relative.startsWith(`..${path.sep}`))) {
    throw new UserError(`"${trimmed}" leaves the current folder: cd to where the project goes, or give an absolute path`);
  }
  const name = path.basename(dir);
  const problems = packageNameProblems(name);
  if (problems.length > 0) {
    throw new UserError(`"${name}" cannot be a project name: ${problems.join('; ')}`);
  }
  return { dir, name };
}

export function packageNameProblems(name: string): string[] {
  // npm accepts a leading dash, but every command line that takes the name would read it as an option.
  if (name.startsWith('-')) return ['it cannot start with a dash'];
  const result = validateNpmPackageName(name);
  if (result.validForNewPackages) return [];
  return [...(result.errors ?? []), ...(result.warnings ?? [])];
}

/** A folder that does not exist, or holds nothing but a .git folder, can take a project. */
export function isEmptyDir(dir: string): boolean {
  if (!existsSync(dir)) return true;
  if (!statSync(dir).isDirectory()) throw new UserError(`${dir} is a file, not a directory`);
  return readdirSync(dir).every((entry) => entry === '.git');
}
