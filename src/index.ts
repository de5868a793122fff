import { readFileSync } from 'node:fs';
import pc from 'picocolors';
import { detectPackageManager, helpText, parseCliArgs } from './args.js';
import { commandsFor, loadCatalog } from './catalog.js';
import { resolveChoices, type Choices } from './choices.js';
import { CancelledError, UserError } from './errors.js';
import { catalogJson, catalogTable } from './list.js';
import { nextSteps } from './next-steps.js';
import { initGit, type GitOutcome } from './post-steps/git.js';
import { installDependencies } from './post-steps/install.js';
import { Scaffold } from './scaffold.js';
import { templateContext } from './template-context.js';

let active: Scaffold | undefined;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function create(choices: Choices): Promise<void> {
  const scaffold = new Scaffold(choices.target.dir);
  active = scaffold;
  let git: GitOutcome | undefined;
  try {
    await scaffold.render({ layers: choices.stack.layers, projectId: choices.project.id, context: templateContext(choices) });
    await scaffold.place();
    if (choices.install) {
      const { install } = commandsFor(choices.stack, choices.project, choices.packageManager);
      await installDependencies(choices.target.dir, install, choices.stack.toolchain);
    }
    if (choices.git) git = await initGit(choices.target.dir);
    await scaffold.commit();
  } catch (error) {
    await scaffold.rollback();
    throw error;
  } finally {
    active = undefined;
  }
  console.log(nextSteps(choices, choices.install, git));
}

async function main(argv: string[]): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.version) {
    console.log(version());
    return 0;
  }
  const catalog = loadCatalog();
  if (args.help) {
    console.log(helpText(catalog.levels.map((l) => l.id), catalog.stacks.map((s) => s.id)));
    return 0;
  }
  if (args.list) {
    console.log(args.json ? JSON.stringify(catalogJson(catalog), null, 2) : catalogTable(catalog));
    return 0;
  }
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const packageManager = args.packageManager ?? detectPackageManager();
  const choices = await resolveChoices(args, catalog, packageManager, interactive);
  await create(choices);
  return 0;
}

/** Ctrl-C (or a kill) at any step: undo what we wrote, then exit 130 (143 for SIGTERM). */
let stopping = false;
function onSignal(signal: NodeJS.Signals, code: number) {
  // `on`, not `once`: execa's signal-exit re-raises the signal when it sees no other listener left.
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    const cleanup = active?.rollback() ?? Promise.resolve();
    void cleanup.finally(() => {
      console.error(pc.yellow('\nCancelled: nothing was written.'));
      process.exit(code);
    });
  });
}
onSignal('SIGINT', 130);
onSignal('SIGTERM', 143);

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CancelledError) {
      console.error(pc.yellow('Cancelled: nothing was written.'));
      process.exit(130);
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(pc.red(`create-roadmap-project: ${message}`));
    if (process.env.DEBUG && error instanceof Error && !(error instanceof UserError)) console.error(error.stack);
    process.exit(1);
  },
);
