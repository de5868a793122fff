import path from 'node:path';
import { defineConfig } from 'tsup';
import { precompiledTemplatesModule } from './generators/precompile.js';

const templatesDir = path.resolve(import.meta.dirname, 'templates');

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  bundle: true,
  splitting: true,
  // Everything is bundled: the published package has no runtime dependencies to install. Modules only
  // some paths need (prompts, execa) are split off and imported when that path runs.
  noExternal: [/.*/],
  minify: true,
  clean: true,
  banner: {
    // Bundled CommonJS modules call require(); ESM has none, so make one.
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  esbuildPlugins: [
    {
      // The CLI renders from templates compiled here, at build time: it reads no template text and loads the
      // Handlebars runtime only, not its compiler.
      name: 'precompiled-templates',
      setup(build) {
        build.onLoad({ filter: /[\\/]generators[\\/]compiled-templates\.ts$/ }, (args) => ({
          contents: precompiledTemplatesModule(templatesDir),
          loader: 'js',
          resolveDir: path.dirname(args.path),
        }));
      },
    },
  ],
});
