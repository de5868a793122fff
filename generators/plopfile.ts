/**
 * Contributors' generators, run with plop: `npm run new:project` (new-project), or `npx plop project`.
 * The CLI renders a project with the same `renderProject` the `project` generator runs (see src/scaffold.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { NodePlopAPI } from 'node-plop';
import { registerProjectGenerator } from './project.js';

const templatesDir = path.resolve(import.meta.dirname, '../templates');
const catalogFile = path.join(templatesDir, 'catalog.json');

interface CatalogFile {
  stacks: string[];
  levels: { id: string }[];
  projects: Record<string, unknown>[];
}

const readCatalog = () => JSON.parse(readFileSync(catalogFile, 'utf8')) as CatalogFile;
const catalog = readCatalog();

export default function plopfile(plop: NodePlopAPI) {
  registerProjectGenerator(plop);

  plop.setActionType('addToCatalog', (answers) => {
    const current = readCatalog();
    if (current.projects.some((p) => p.id === answers.id)) return `${answers.id} is already in catalog.json`;
    current.projects.push({
      id: answers.id,
      title: answers.title,
      level: answers.level,
      summary: answers.summary,
      ...{ practices: [], stacks: [], env: [], milestones: [] },
      processes: [{ name: 'web', instances: 1 }, ...(answers.worker ? [{ name: 'worker', instances: 1 }] : [])],
    });
    writeFileSync(catalogFile, `${JSON.stringify(current, null, 2)}\n`);
    return `added ${answers.id} to catalog.json`;
  });

  plop.setGenerator('new-project', {
    description: 'scaffold a project overlay for a stack (and its catalog entry, shared README and first migration)',
    prompts: [
      { type: 'list', name: 'stack', message: 'Stack', choices: catalog.stacks },
      {
        type: 'input',
        name: 'id',
        message: 'Project id (kebab-case, e.g. todo-api)',
        validate: (value: string) => /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(value) || 'lowercase words joined by dashes',
      },
      { type: 'input', name: 'title', message: 'Title', default: (a: { id: string }) => plop.renderString('{{titleCase id}}', a) },
      { type: 'list', name: 'level', message: 'Level', choices: catalog.levels.map((l) => l.id) },
      { type: 'input', name: 'summary', message: 'One line', validate: (v: string) => v.trim().length > 0 || 'required' },
      { type: 'confirm', name: 'worker', message: 'Does it have a worker process?', default: false },
    ],
    actions: [
      { type: 'addToCatalog' },
      {
        type: 'add',
        path: `${templatesDir}/shared/projects/{{id}}/README.md.hbs`,
        templateFile: 'new-project/README.md.hbs.hbs',
        skipIfExists: true,
      },
      {
        type: 'add',
        path: `${templatesDir}/shared/projects/{{id}}/migrations/001_create_{{snakeCase id}}.sql`,
        templateFile: 'new-project/migration.sql.hbs',
        skipIfExists: true,
      },
      {
        type: 'add',
        path: `${templatesDir}/{{stack}}/projects/{{id}}/_partials/code-layout.md`,
        templateFile: 'new-project/code-layout.md.hbs',
        skipIfExists: true,
      },
      'Next: write the code and tests in the new overlay folder and the API in the shared README, then run MATRIX=<project>/<stack> npm test.',
    ],
  });
}
