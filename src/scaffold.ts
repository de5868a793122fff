import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from '../generators/layers.js';
import { renderProject, type ProjectAnswers } from '../generators/project.js';
import { templatesDir } from './catalog.js';

/**
 * Puts a rendered project into its target without losing anything:
 * everything is rendered into a staging folder beside the target first; files of the target that the
 * template replaces (only with --force) are moved aside, and put back by `rollback()`.
 */
export class Scaffold {
  readonly staging: string;
  private readonly backup: string;
  private createdTarget = false;
  /** The outermost parent folder we had to create for a nested target (`apps/new/my-app`), if any. */
  private createdParent?: string;
  private placed: string[] = [];
  private replaced: string[] = [];
  private entriesBefore = new Set<string>();

  constructor(readonly target: string) {
    // Unique enough for a folder we create with mkdir (which fails rather than reuse one); no crypto load.
    const suffix = `${process.pid.toString(36)}${Date.now().toString(36)}`;
    this.staging = path.join(path.dirname(target), `.${path.basename(target)}.staging-${suffix}`);
    this.backup = `${this.staging}-replaced`;
  }

  async render(answers: Omit<ProjectAnswers, 'destination' | 'templatesDir'>): Promise<void> {
    // Two quick calls made in place: waiting for the thread pool would cost more than they do.
    this.createdParent = mkdirSync(path.dirname(this.staging), { recursive: true });
    mkdirSync(this.staging);
    await renderProject({ ...answers, templatesDir, destination: this.staging });
  }

  /** Moves the staged files into the target: one rename when the target is new. */
  async place(): Promise<void> {
    if (!existsSync(this.target)) {
      renameSync(this.staging, this.target);
      this.createdTarget = true;
      return;
    }
    this.entriesBefore = new Set(readdirSync(this.target));
    for (const file of listFiles(this.staging)) {
      const from = path.join(this.staging, file);
      const to = path.join(this.target, file);
      if (existsSync(to)) {
        await mkdir(path.dirname(path.join(this.backup, file)), { recursive: true });
        await rename(to, path.join(this.backup, file));
        this.replaced.push(file);
      }
      await mkdir(path.dirname(to), { recursive: true });
      await rename(from, to);
      this.placed.push(file);
    }
    await rm(this.staging, { recursive: true, force: true });
  }

  /** After success: the replaced files are no longer needed. */
  async commit(): Promise<void> {
    if (this.replaced.length > 0) await rm(this.backup, { recursive: true, force: true });
  }

  private rolledBack?: Promise<void>;

  /** Leaves the disk as it was before we started. Safe to call twice (an error and Ctrl-C may race). */
  rollback(): Promise<void> {
    this.rolledBack ??= this.undo();
    return this.rolledBack;
  }

  private async undo(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
    if (this.createdTarget) {
      await rm(this.target, { recursive: true, force: true });
    } else if (existsSync(this.target)) {
      // What we added: new top-level entries (files, node_modules, .git, ...) and files we placed in old folders.
      const added = readdirSync(this.target).filter((entry) => !this.entriesBefore.has(entry));
      for (const entry of [...added, ...this.placed]) {
        await rm(path.join(this.target, entry), { recursive: true, force: true });
      }
      for (const file of this.replaced) {
        await rename(path.join(this.backup, file), path.join(this.target, file));
      }
    }
    await rm(this.backup, { recursive: true, force: true });
    if (this.createdParent) await rm(this.createdParent, { recursive: true, force: true });
  }
}
