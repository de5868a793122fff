import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodePlopAPI } from 'node-plop';
import { planFiles, readPartials, writeFiles } from './layers.js';

/** What the `project` generator needs: where to write, which layer folders, and the template variables. */
export interface ProjectAnswers {
  destination: string;
  templatesDir: string;
  layers: string[];
  projectId: string;
  context: Record<string, unknown>;
}

type Versions = Record<string, Record<string, string>>;

function registerHelpers(plop: NodePlopAPI, templatesDir: string) {
  const versions = JSON.parse(readFileSync(path.join(templatesDir, 'versions.json'), 'utf8')) as Versions;
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
  plop.setHelper('raw', (options: { fn: () => string }) => options.fn());
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
    const { destination, context } = answers as ProjectAnswers;
    const written = await writeFiles(planFiles(config.dirs as string[]), destination, (template) =>
      plop.renderString(template, context),
    );
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
