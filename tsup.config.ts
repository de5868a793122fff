import path from 'node:path';
import { defineConfig } from 'tsup';
import { templateSnapshotModule } from './generators/precompile.js';

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
  // Whitespace and syntax are minified, names are kept: a DEBUG stack trace names real functions.
  minifyWhitespace: true,
  minifySyntax: true,
  clean: true,
  banner: {
    // Bundled CommonJS modules call require(); ESM has none, so make one.
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  esbuildPlugins: [
    {
      // The CLI reads the templates folder from a snapshot taken here, at build time: it lists no folder, reads
      // no template text and loads the Handlebars runtime only, not its compiler.
      name: 'template-snapshot',
      setup(build) {
        build.onLoad({ filter: /[\\/]generators[\\/]template-source\.ts$/ }, (args) => ({
          contents: templateSnapshotModule(templatesDir),
          loader: 'js',
          resolveDir: path.dirname(args.path),
        }));
      },
    },
  ],
});
