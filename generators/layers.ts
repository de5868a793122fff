import { readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { layerDataFile, readLayerData, type LayerData } from './contributions.js';

/** Folders that hold Handlebars partials: read as partials, never written out. */
export const partialsFolder = '_partials';

/** Names npm would drop from a published package, written under their real name. */
const renamedFiles: Record<string, string> = { _gitignore: '.gitignore' };

/** Every file below `root`, dot-files included, as paths relative to it. */
export function listFiles(root: string, relative = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
    const rel = path.join(relative, entry.name);
    // A layer folder's data (`layer.json`) is read, never written out; partials neither.
    if (entry.isDirectory()) {
      if (entry.name !== partialsFolder) files.push(...listFiles(root, rel));
    } else if (rel !== layerDataFile) files.push(rel);
  }
  return files;
}

/**
 * `path.join(dir, file)` for a folder and a relative path that are already normal, as every path here is:
 * a string concatenation, where path.join would normalise every character of every one of a project's files.
 */
const below = (dir: string, file: string) => `${dir}${path.sep}${file}`;

/** Where a template file lands in the generated repo: `.hbs` dropped, `_gitignore` renamed. */
export function outputPath(templatePath: string): string {
  const nameStart = templatePath.lastIndexOf(path.sep) + 1;
  let name = templatePath.slice(nameStart);
  if (name.endsWith('.hbs')) name = name.slice(0, -'.hbs'.length);
  return templatePath.slice(0, nameStart) + (renamedFiles[name] ?? name);
}

/** A layer folder's partials: name (the file name without extension) -> file. */
export function partialFiles(layerDir: string): Record<string, string> {
  const dir = path.join(layerDir, partialsFolder);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return {};
  }
  return Object.fromEntries(entries.map((file) => [file.replace(/\.[^.]+$/, ''), path.join(dir, file)]));
}

/** What a layer folder holds: the files it writes out, its partials (name -> file) and its data (layer.json). */
export interface Layer {
  files: string[];
  partials: Record<string, string>;
  data: LayerData;
}

export function readLayer(dir: string): Layer {
  return { files: listFiles(dir), partials: partialFiles(dir), data: readLayerData(dir) };
}

/**
 * Which source file each output path comes from: later layers replace earlier ones, so every output
 * file is written once.
 */
export function planFiles(layerDirs: string[], filesOf: (dir: string) => string[] = listFiles): Map<string, string> {
  const plan = new Map<string, string>();
  for (const dir of layerDirs) {
    for (const file of filesOf(dir)) plan.set(outputPath(file), below(dir, file));
  }
  return plan;
}

/** A text change applied to some output files after rendering (a Go module path, say). */
export interface Rewrite {
  applies(outputFile: string): boolean;
  apply(text: string, outputFile: string): string;
}

/**
 * Writes the planned files into `destination`: `.hbs` sources rendered by `render`, all others copied byte for byte
 * (except where `rewrite` applies). A `.hbs` source that renders to nothing but whitespace is not written.
 * Files are created concurrently: creating a file costs a disk round trip that the others need not wait for.
 */
export async function writeFiles(
  plan: Map<string, string>,
  destination: string,
  render: (templateFile: string) => string,
  rewrite?: Rewrite,
): Promise<string[]> {
  const folders = new Set([...plan.keys()].map((file) => path.dirname(file)));
  const skipped = new Set<string>();
  await Promise.all([...folders].map((folder) => mkdir(path.join(destination, folder), { recursive: true })));
  await Promise.all(
    [...plan].map(([file, source]) => {
      const target = below(destination, file);
      const rewritten = rewrite?.applies(file) ? rewrite : undefined;
      if (!source.endsWith('.hbs') && !rewritten) return copyFile(source, target);
      const rendered = source.endsWith('.hbs') ? render(source) : readFileSync(source, 'utf8');
      // A template whose whole text sits in a condition that is false (`pnpm-workspace.yaml` for npm) is no file.
      if (source.endsWith('.hbs') && rendered.trim() === '') {
        skipped.add(file);
        return undefined;
      }
      return writeFile(target, rewritten ? rewritten.apply(rendered, file) : rendered, { mode: statSync(source).mode });
    }),
  );
  return [...plan.keys()].filter((file) => !skipped.has(file));
}
