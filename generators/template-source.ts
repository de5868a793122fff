/**
 * Where the generator reads the templates folder. This form reads it as it is on disk (tests, plop,
 * `npm run lock`): layer folders listed and templates compiled when asked for. The CLI bundle replaces this
 * module with a snapshot of the folder taken at build time (precompile.ts): every layer folder's contents and
 * every template precompiled, so the CLI lists no folder, reads no template text and loads only the
 * Handlebars runtime.
 */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { readLayer as readLayerFromDisk, type Layer } from './layers.js';

export type HandlebarsEnvironment = typeof Handlebars;

/** A Handlebars environment of its own: its helpers and partials are one render's, not the process's. */
export const createEnvironment = (): HandlebarsEnvironment => Handlebars.create();

/** The template in `file` (an absolute path below `templatesDir`), bound to `handlebars`. */
export function loadTemplate(handlebars: HandlebarsEnvironment, file: string, _templatesDir: string): Handlebars.TemplateDelegate {
  return handlebars.compile(readFileSync(file, 'utf8'));
}

/** What the layer folder `dir` (an absolute path below `templatesDir`) holds. */
export function readLayer(dir: string, _templatesDir: string): Layer {
  return readLayerFromDisk(dir);
}
