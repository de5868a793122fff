import { lstatSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from '../generators/layers.js';
import { renderProject, type ProjectAnswers } from '../generators/project.js';
import { templatesDir } from './catalog.js';
import { UserError } from './errors.js';
import { isEmptyDir } from './target.js';

const fsReasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'a file stands where the project needs a folder',
  EISDIR: 'a folder stands where the project needs a file',
};

/** A file system error as one line about the user's folder (never our staging folder inside it). */
export function fileSystemProblem(error: unknown, target: string): UserError | undefined {
  const reason = fsReasons[(error as { code?: string }).code ?? ''];
  return reason ? new UserError(`Cannot write the project into ${target}: ${reason}`) : undefined;
}

/**
 * Puts a rendered project into its target without losing anything. The target is claimed first (created
 * with one mkdir, which fails if someone else made it meanwhile); everything is rendered into a staging
 * folder inside it, where the user can surely write; then the staged files are moved into place. Files
 * the template replaces (only with --force) are moved aside and put back by `rollback()`.
 */
export class Scaffold {
  private staging = '';
  private backup = '';
  private createdTarget = false;
  /** The outermost parent folder we had to create for a nested target (`apps/new/my-app`), if any. */
  private createdParent?: string;
  /** Folders we created inside a target that already existed, outermost first. */
  private createdFolders: string[] = [];
  private placed: string[] = [];
  private replaced: string[] = [];
  private entriesBefore = new Set<string>();
  /** The target's top-level entries once the files were placed: what appears later came from the post-steps. */
  private entriesPlaced?: Set<string>;

  constructor(
    readonly target: string,
    private readonly options: { force: boolean } = { force: false },
  ) {}

  /** Where the project is rendered before it is moved into place. */
  get stagingDir(): string {
    return this.staging;
  }

  /**
   * Claims the target: creates it when it is missing, else checks it may be written (empty, or --force).
   * Another process that creates the same folder in between makes one of the two mkdirs fail, never both
   * succeed, so a folder is never merged into without --force.
   */
  async reserve(): Promise<void> {
    this.createdParent = await mkdir(path.dirname(this.target), { recursive: true });
    try {
      await mkdir(this.target);
      this.createdTarget = true;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      if (!statSync(this.target).isDirectory()) throw new UserError(`${this.target} is a file, not a directory`);
      if (!this.options.force && !isEmptyDir(this.target)) {
        throw new UserError(`${this.target} is not empty: pick another directory, or use --force to add the project's files to it`);
      }
    }
    this.entriesBefore = new Set(readdirSync(this.target));
    // Unique enough for a folder we create with mkdir (which fails rather than reuse one); no crypto load.
    const suffix = `${process.pid.toString(36)}${Date.now().toString(36)}`;
    this.staging = path.join(this.target, `.create-roadmap-project-${suffix}`);
    this.backup = `${this.staging}-replaced`;
    await mkdir(this.staging);
  }

  async render(answers: Omit<ProjectAnswers, 'destination' | 'templatesDir'>): Promise<void> {
    await renderProject({ ...answers, templatesDir, destination: this.staging });
  }

  /**
   * Whether the file (relative to the target) is one this run wrote: a template file, or anything in a
   * folder or top-level entry that did not exist before (the install step's lockfile). Only those may go
   * into a first commit; a user's own files never do.
   */
  wrote(file: string): boolean {
    if (this.createdTarget || this.placed.includes(file)) return true;
    return !this.entriesBefore.has(file.split(/[\\/]/)[0]!);
  }

  /** Moves the staged files into the target. */
  async place(): Promise<void> {
    if (this.createdTarget) {
      // Our own new folder: each top-level entry moves in one rename.
      this.placed = listFiles(this.staging);
      for (const entry of readdirSync(this.staging)) await rename(path.join(this.staging, entry), path.join(this.target, entry));
      await rm(this.staging, { recursive: true, force: true });
      return;
    }
    this.refuseIfChanged();
    const files = listFiles(this.staging);
    this.refuseClashes(files);
    for (const file of files) {
      const from = path.join(this.staging, file);
      const to = path.join(this.target, file);
      const madeFolder = await mkdir(path.dirname(to), { recursive: true });
      if (madeFolder) this.createdFolders.push(madeFolder);
      if (exists(to)) {
        await mkdir(path.dirname(path.join(this.backup, file)), { recursive: true });
        await rename(to, path.join(this.backup, file));
        this.replaced.push(file);
      }
      await rename(from, to);
      this.placed.push(file);
    }
    await rm(this.staging, { recursive: true, force: true });
    this.entriesPlaced = new Set(readdirSync(this.target));
  }

  /** Without --force, an empty folder someone filled while we rendered is not ours to merge into. */
  private refuseIfChanged() {
    if (this.options.force) return;
    const ours = path.basename(this.staging);
    const added = readdirSync(this.target).filter((entry) => entry !== ours && entry !== '.git' && !this.entriesBefore.has(entry));
    if (added.length > 0) {
      throw new UserError(
        `${this.target} changed while the project was rendered (${added.join(', ')} appeared): pick another directory, or use --force`,
      );
    }
  }

  /**
   * Before anything moves: a user's file where the project needs a folder, or a user's folder where it
   * writes a file, stops the run (--force replaces files, never a whole folder of the user's).
   */
  private refuseClashes(files: string[]) {
    const kind = (relative: string) => {
      try {
        return lstatSync(path.join(this.target, relative)).isDirectory() ? 'folder' : 'file';
      } catch {
        return undefined;
      }
    };
    for (const file of files) {
      if (kind(file) === 'folder') {
        throw new UserError(`${path.join(this.target, file)} is a folder, but the project writes a file there: move it away, or pick another directory`);
      }
      for (let dir = path.dirname(file); dir !== '.'; dir = path.dirname(dir)) {
        if (kind(dir) === 'file') {
          throw new UserError(`${path.join(this.target, dir)} is a file, but the project needs a folder there: move it away, or pick another directory`);
        }
      }
    }
  }

  /** After success: the replaced files are no longer needed. */
  async commit(): Promise<void> {
    if (this.replaced.length > 0) await rm(this.backup, { recursive: true, force: true });
  }

  private rolledBack?: Promise<void>;

  /** Leaves the disk as it was before we started. Safe to call twice (an error and a signal may race). */
  rollback(): Promise<void> {
    this.rolledBack ??= this.undo();
    return this.rolledBack;
  }

  private async undo(): Promise<void> {
    if (this.createdTarget) {
      await rm(this.target, { recursive: true, force: true });
    } else if (this.staging) {
      await rm(this.staging, { recursive: true, force: true });
      for (const file of this.placed) await rm(path.join(this.target, file), { recursive: true, force: true });
      for (const file of this.replaced) await rename(path.join(this.backup, file), path.join(this.target, file));
      for (const folder of [...this.createdFolders].reverse()) await rm(folder, { recursive: true, force: true });
      await rm(this.backup, { recursive: true, force: true });
      // What the post-steps added at the top (node_modules, .git, a lockfile); never what was there before.
      for (const entry of this.entriesPlaced ? readdirSync(this.target) : []) {
        if (!this.entriesPlaced?.has(entry) && !this.entriesBefore.has(entry)) {
          await rm(path.join(this.target, entry), { recursive: true, force: true });
        }
      }
    }
    if (this.createdParent) await rm(this.createdParent, { recursive: true, force: true });
  }
}

/** Whether anything (a dangling symlink too) is at `file`. */
function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
