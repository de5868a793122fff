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
  const files = await listFiles(layerDir);
  const folders = new Set(files.map((file) => path.dirname(path.join(destination, outputPath(file)))));
  await Promise.all([...folders].map((folder) => mkdir(folder, { recursive: true })));
  // The files of one layer are independent: write them concurrently (later layers still win, in order).
  await Promise.all(
    files.map(async (file) => {
      const source = path.join(layerDir, file);
      const target = path.join(destination, outputPath(file));
      if (!file.endsWith('.hbs')) return copyFile(source, target);
      const [template, { mode }] = await Promise.all([readFile(source, 'utf8'), stat(source)]);
      return writeFile(target, render(template), { mode });
    }),
  );
  return files.map(outputPath);
}
