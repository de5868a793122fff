/**
 * Build step (tsup.config.ts): the CLI bundle's form of template-source.ts, a snapshot of the templates folder.
 * It holds every layer folder's contents and every `.hbs` file and partial precompiled by the same Handlebars,
 * so the CLI renders the same bytes without listing folders or compiling templates.
 */
import Handlebars from 'handlebars';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { partialsFolder, readLayer } from './layers.js';

/** A relative path with `/` separators, as the snapshot holds paths. */
const posixPath = (file: string) => file.split(path.sep).join('/');
const key = (root: string, file: string) => posixPath(path.relative(root, file));

/** Every layer folder: each layer's `base` and its `projects/<project>` overlays. */
function layerFolders(templatesDir: string): string[] {
  return readdirSync(templatesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((layer) => {
      const dir = path.join(templatesDir, layer.name);
      const projects = path.join(dir, 'projects');
      const overlays = existsSync(projects) ? readdirSync(projects).map((project) => path.join(projects, project)) : [];
      return [path.join(dir, 'base'), ...overlays].filter((folder) => existsSync(folder));
    });
}

function layersSnapshot(templatesDir: string) {
  return Object.fromEntries(
    layerFolders(templatesDir).map((dir) => {
      const { files, partials, data } = readLayer(dir);
      const relativePartials = Object.fromEntries(Object.entries(partials).map(([name, file]) => [name, key(dir, file)]));
      return [key(templatesDir, dir), { files: files.map(posixPath), partials: relativePartials, data }];
    }),
  );
}

/** Every template: `.hbs` files and partials, as [path, precompiled spec (JavaScript)]. */
function precompiledTemplates(templatesDir: string): [string, string][] {
  return readdirSync(templatesDir, { recursive: true, encoding: 'utf8' })
    .map(posixPath)
    .filter((file) => file.endsWith('.hbs') || path.posix.basename(path.posix.dirname(file)) === partialsFolder)
    .sort()
    .map((file) => [file, Handlebars.precompile(readFileSync(path.join(templatesDir, file), 'utf8')) as string]);
}

export function templateSnapshotModule(templatesDir: string): string {
  const templates = precompiledTemplates(templatesDir).map(([file, spec]) => `  ${JSON.stringify(file)}: ${spec},`);
  return `import Handlebars from 'handlebars/runtime';
import path from 'node:path';

const layers = ${JSON.stringify(layersSnapshot(templatesDir))};

const templates = {
${templates.join('\n')}
};

/** The entry of \`table\` for \`file\`, an absolute path below \`templatesDir\`. */
function entryFor(table, templatesDir, file) {
  const key = path.relative(templatesDir, file).split(path.sep).join('/');
  if (!(key in table)) throw new Error(\`\${key} is not in the templates built into the CLI: run npm run build\`);
  return table[key];
}

const nativePath = path.sep === '/' ? (file) => file : (file) => file.replaceAll('/', path.sep);

export const createEnvironment = () => Handlebars.create();

export function loadTemplate(handlebars, file, templatesDir) {
  return handlebars.template(entryFor(templates, templatesDir, file));
}

export function readLayer(dir, templatesDir) {
  const { files, partials, data } = entryFor(layers, templatesDir, dir);
  return {
    files: files.map(nativePath),
    partials: Object.fromEntries(Object.entries(partials).map(([name, file]) => [name, path.join(dir, file)])),
    data,
  };
}
`;
}
