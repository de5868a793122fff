/**
 * Build step (tsup.config.ts): the CLI bundle's form of compiled-templates.ts, with every `.hbs` file and
 * every partial below `templates/` precompiled by the same Handlebars, so rendering gives the same bytes.
 */
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { partialsFolder } from './layers.js';

/** Every template below `templatesDir`, as paths relative to it with `/` separators. */
function templateFiles(templatesDir: string): string[] {
  return readdirSync(templatesDir, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file.endsWith('.hbs') || path.posix.basename(path.posix.dirname(file)) === partialsFolder)
    .sort();
}

export function precompiledTemplatesModule(templatesDir: string): string {
  const specs = templateFiles(templatesDir).map(
    (file) => `  ${JSON.stringify(file)}: ${Handlebars.precompile(readFileSync(path.join(templatesDir, file), 'utf8'))},`,
  );
  return `import Handlebars from 'handlebars/runtime';
import path from 'node:path';

const specs = {
${specs.join('\n')}
};

export const createEnvironment = () => Handlebars.create();

export function loadTemplate(handlebars, file, templatesDir) {
  const key = path.relative(templatesDir, file).split(path.sep).join('/');
  const spec = specs[key];
  if (!spec) throw new Error(\`\${key} is not among the templates built into the CLI: run npm run build\`);
  return handlebars.template(spec);
}
`;
}
