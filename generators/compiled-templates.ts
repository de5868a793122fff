/**
 * Turns a template file (a `.hbs` file or a partial) into a function of its variables.
 * This form reads and compiles the file when it is asked for (tests, plop, `npm run lock`). The CLI
 * bundle replaces this module with one holding every template of `templates/` precompiled at build
 * time (precompile.ts): the CLI then reads no template text and loads only the Handlebars runtime.
 */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';

export type HandlebarsEnvironment = typeof Handlebars;

/** A Handlebars environment of its own: its helpers and partials are one render's, not the process's. */
export const createEnvironment = (): HandlebarsEnvironment => Handlebars.create();

/** The template in `file` (an absolute path below `templatesDir`), bound to `handlebars`. */
export function loadTemplate(handlebars: HandlebarsEnvironment, file: string, _templatesDir: string): Handlebars.TemplateDelegate {
  return handlebars.compile(readFileSync(file, 'utf8'));
}
