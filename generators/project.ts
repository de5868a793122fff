import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodePlopAPI } from 'node-plop';
import { mergeContributions, type Versions } from './contributions.js';
import { planFiles, readPartials, writeFiles, type Rewrite } from './layers.js';

/** What the `project` generator needs: where to write, which layer folders, and the template variables. */
export interface ProjectAnswers {
  destination: string;
  templatesDir: string;
  layers: string[];
  projectId: string;
  context: Record<string, unknown>;
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

interface ProcessData {
  name: string;
  instances: number;
}

interface StackData {
  /** The module path a stack's template sources are written with, replaced by the project's own (Go). */
  modulePath?: { placeholder: string; files: string[] };
  processes: Record<string, { command: string; entry: string; docker: string[] }>;
}

/** A process as the templates see it: the catalog's role and count, the stack's command, entry point and image command. */
function processesOf(project: { processes: ProcessData[] }, stack: StackData) {
  return project.processes.map((process) => {
    const own = stack.processes[process.name];
    if (!own) throw new Error(`the stack has no "${process.name}" process`);
    return { ...process, ...own, service: process.name === 'web' ? 'app' : process.name };
  });
}

/** Variables every template sees besides the CLI's: merged layer data, every env var, the processes. */
function derivedContext(templatesDir: string, dirs: string[], context: Record<string, unknown>) {
  const versions = readJson<Versions>(path.join(templatesDir, 'versions.json'));
  const catalog = readJson<{ env: unknown[] }>(path.join(templatesDir, 'catalog.json'));
  const project = context.project as { env: unknown[]; processes: ProcessData[] };
  const stack = context.stack as StackData;
  return {
    ...mergeContributions(dirs, versions),
    env: [...catalog.env, ...project.env],
    processes: processesOf(project, stack),
  };
}

/** Rewrites the stack's placeholder module path (Go import lines, go.mod) to the project's name. */
function moduleRewrite(stack: StackData, name: string): Rewrite | undefined {
  const modulePath = stack.modulePath;
  if (!modulePath) return undefined;
  return {
    applies: (file) => modulePath.files.some((suffix) => file === suffix || file.endsWith(suffix)),
    apply: (text) => text.replaceAll(modulePath.placeholder, name),
  };
}

/** `value` as pretty JSON whose lines after the first are indented by `indent` spaces (a block inside a JSON file). */
function jsonBlock(value: unknown, indent: number) {
  return JSON.stringify(value, null, 2).replaceAll('\n', `\n${' '.repeat(indent)}`);
}

/** Go's initialisms (golint's list, the ones an env var name may hold): written all upper case in identifiers. */
const goInitialisms = new Set(['API', 'CPU', 'DNS', 'HTTP', 'HTTPS', 'ID', 'IP', 'JSON', 'SQL', 'TCP', 'TLS', 'TTL', 'UDP', 'URI', 'URL', 'UUID']);

/** An exported Go identifier for a SCREAMING_SNAKE name: `CACHE_TTL_SECONDS` -> `CacheTTLSeconds`, `MESSAGES_PER_10_SECONDS` -> `MessagesPer10Seconds`. */
export function goName(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => (goInitialisms.has(word.toUpperCase()) ? word.toUpperCase() : word[0]!.toUpperCase() + word.slice(1).toLowerCase()))
    .join('');
}

function registerHelpers(plop: NodePlopAPI, templatesDir: string) {
  const versions = readJson<Versions>(path.join(templatesDir, 'versions.json'));
  plop.setHelper('version', (ecosystem: string, name: string) => {
    const version = versions[ecosystem]?.[name];
    if (!version) throw new Error(`versions.json has no ${ecosystem} version for "${name}"`);
    return version;
  });
  plop.setHelper('eq', (a: unknown, b: unknown) => a === b);
  plop.setHelper('inc', (n: number) => n + 1);
  plop.setHelper('json', (value: unknown) => {
    if (value === undefined) throw new Error('json helper: the value is undefined (a misspelt variable?)');
    return JSON.stringify(value);
  });
  plop.setHelper('goName', goName);
  plop.setHelper('raw', (options: { fn: () => string }) => options.fn());
  plop.setHelper('jsonBlock', (value: unknown, indent: number) => jsonBlock(value, typeof indent === 'number' ? indent : 0));
}

/** The folders a project is rendered from, in order: every layer's base, then every layer's project overlay. */
export function layerDirs(templatesDir: string, layers: string[], projectId: string): string[] {
  const bases = layers.map((layer) => path.join(templatesDir, layer, 'base'));
  const overlays = layers.map((layer) => path.join(templatesDir, layer, 'projects', projectId));
  return [...bases, ...overlays].filter((dir) => existsSync(dir));
}

export function registerProjectGenerator(plop: NodePlopAPI, templatesDir: string) {
  registerHelpers(plop, templatesDir);

  plop.setActionType('registerPartials', (_answers, config) => {
    for (const dir of config.dirs as string[]) {
      for (const [name, text] of Object.entries(readPartials(dir))) plop.setPartial(name, text);
    }
    return 'partials';
  });

  plop.setActionType('renderLayers', async (answers, config) => {
    const { destination, context, templatesDir: dir } = answers as ProjectAnswers;
    const dirs = config.dirs as string[];
    const fullContext = { ...context, ...derivedContext(dir, dirs, context) };
    const rewrite = moduleRewrite(context.stack as StackData, context.name as string);
    const written = await writeFiles(planFiles(dirs), destination, (template) => plop.renderString(template, fullContext), rewrite);
    return `${written.length} files`;
  });

  plop.setGenerator('project', {
    description: 'render a project from its stack layers into an (absolute) staging folder',
    prompts: [],
    actions: (answers) => {
      const { templatesDir: dir, layers, projectId } = answers as ProjectAnswers;
      const dirs = layerDirs(dir, layers, projectId);
      return [
        { type: 'registerPartials', dirs },
        { type: 'renderLayers', dirs },
      ];
    },
  });
}
