import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  bundle: true,
  splitting: true,
  // Everything is bundled: the published package has no runtime dependencies to install. Modules only
  // some paths need (prompts, execa, node-plop) are split off and imported when that path runs.
  noExternal: [/.*/],
  // Whitespace and syntax are minified, names are kept: a DEBUG stack trace names real functions.
  minifyWhitespace: true,
  minifySyntax: true,
  clean: true,
  banner: {
    // Bundled CommonJS modules call require(); ESM has none, so make one.
    js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
  esbuildOptions(options) {
    // The CLI asks its questions with `prompts` and never runs plop's own prompts or file actions:
    // what only those need is dead weight at start-up.
    options.alias = {
      inquirer: './generators/inquirer-stub.ts',
      ...Object.fromEntries(['tinyglobby', 'isbinaryfile', 'resolve', 'source-map'].map((m) => [m, './generators/unused-stub.ts'])),
    };
  },
});
