import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Folders that hold Handlebars partials: read as partials, never written out. */
const partialsFolder = '_partials';

/** Names npm would drop from a published package, written under their real name. */
const renamedFiles: Record<string, string> = { _gitignore: '.gitignore' };

/** Every file below `root`, dot-files included, as paths relative to it. */
export async function listFiles(root: string, relative = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const rel = path.join(relative, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== partialsFolder) files.push(...(await listFiles(root, rel)));
    } else {
      files.push(rel);
    }
  }
  return files;
}

/** Where a template file lands in the generated repo: `.hbs` dropped, `_gitignore` renamed. */
export function outputPath(templatePath: string): string {
  const dir = path.dirname(templatePath);
  let base = path.basename(templatePath);
  if (base.endsWith('.hbs')) base = base.slice(0, -'.hbs'.length);
  return path.join(dir, renamedFiles[base] ?? base);
}

export async function readPartials(layerDir: string): Promise<Record<string, string>> {
  const dir = path.join(layerDir, partialsFolder);
  const entries = await readdir(dir).catch(() => [] as string[]);
  const partials: Record<string, string> = {};
  for (const file of entries) {
    partials[file.replace(/\.[^.]+$/, '')] = await readFile(path.join(dir, file), 'utf8');
  }
  return partials;
}

/** Writes one layer into `destination`: `.hbs` files rendered, all others copied byte for byte. */
export async function writeLayer(
  layerDir: string,
  destination: string,
  render: (template: string) => string,
): Promise<string[]> {
  const written: string[] = [];
  for (const file of await listFiles(layerDir)) {
    const source = path.join(layerDir, file);
    const target = path.join(destination, outputPath(file));
    await mkdir(path.dirname(target), { recursive: true });
    if (file.endsWith('.hbs')) {
      await writeFile(target, render(await readFile(source, 'utf8')), { mode: (await stat(source)).mode });
    } else {
      await copyFile(source, target);
    }
    written.push(outputPath(file));
  }
  return written;
}
