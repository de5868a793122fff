import { readFileSync } from 'node:fs';
import { detectPackageManager, helpText, parseCliArgs, type CliArgs } from './args.js';
import { commandsFor, loadCatalog, type Catalog } from './catalog.js';
import { stopChildren, stopRequested } from './child.js';
import { resolveChoices, type Choices } from './choices.js';
import { err } from './colors.js';
import { CancelledError, UserError } from './errors.js';
import { catalogJson, catalogTable } from './list.js';
import { nextSteps } from './next-steps.js';
import { initGit, type GitOutcome } from './post-steps/git.js';
import { checkInstallTools, installDependencies } from './post-steps/install.js';
import { fileSystemProblem, Scaffold } from './scaffold.js';
import { templateContext } from './template-context.js';

/** Where the run stands, for the signal handlers: writing (a signal undoes it all) or finished (nothing to undo). */
let phase: 'before' | 'writing' | 'finished' = 'before';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** A signal asked us to stop: once every child has exited, a CancelledError. */
async function stopIfAsked(): Promise<void> {
  const stop = stopRequested();
  if (!stop) return;
  await stop.done;
  throw new CancelledError(stop.signal);
}

/**
 * Writes the project and runs its post-steps. Ends in one of two states: all done, or all undone (on an
 * error or a signal at any step, including while git commits).
 */
async function create(choices: Choices): Promise<void> {
  const { install } = commandsFor(choices.stack, choices.project, choices.packageManager);
  if (choices.install) await checkInstallTools(choices.stack, choices.packageManager, install);
  const scaffold = new Scaffold(choices.target.dir, { force: choices.force });
  let git: GitOutcome | undefined;
  phase = 'writing';
  try {
    await scaffold.reserve();
    await stopIfAsked();
    await scaffold.render({ layers: choices.stack.layers, projectId: choices.project.id, context: templateContext(choices) });
    await stopIfAsked();
    await scaffold.place();
    await stopIfAsked();
    if (choices.install) {
      await installDependencies(choices.target.dir, install);
      await stopIfAsked();
    }
    if (choices.git) {
      git = await initGit(choices.target.dir, (file) => scaffold.wrote(file));
      await stopIfAsked();
    }
    // The point of no return: a signal from here on finds the project complete, and exits 0 with it.
    phase = 'finished';
  } catch (error) {
    const stop = stopRequested();
    await stop?.done; // children write until they exit: only then is the folder ours to clean
    await scaffold.rollback();
    if (stop) throw new CancelledError(stop.signal);
    throw fileSystemProblem(error, choices.target.dir) ?? error;
  }
  await scaffold.commit();
  console.log(nextSteps(choices, choices.install, git));
}

async function doctor(args: CliArgs, catalog: Catalog): Promise<number> {
  // Loaded only for this command: generating a project never pays for it.
  const { runDoctor } = await import('./doctor.js');
  return runDoctor(catalog, { stack: args.stack, packageManager: args.packageManager ?? detectPackageManager(), json: args.json });
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
  if (args.command === 'doctor') return doctor(args, catalog);
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

function cancelled(code: number): never {
  console.error(err.yellow('\nCancelled: nothing was written.'));
  process.exit(code);
}

/**
 * SIGINT (Ctrl-C) or SIGTERM, sent to us alone or to our whole process group. Before anything is written
 * we just leave; while writing, the children are stopped (their whole process groups, waited for) and the
 * step in progress fails, so `create` undoes everything once, then we exit 130 or 143. After the point of
 * no return the project is complete and the run finishes normally.
 */
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (phase === 'before') cancelled(new CancelledError(signal).exitCode);
    if (phase === 'writing') void stopChildren(signal);
  });
}

/** DEBUG=1 (any value but empty, 0 or false) adds the stack trace of an unexpected error. */
const debug = !['', '0', 'false'].includes(process.env.DEBUG ?? '');

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CancelledError) cancelled(error.exitCode);
    const message = error instanceof Error ? error.message : String(error);
    console.error(err.red(`create-roadmap-project: ${message}`));
    if (debug && error instanceof Error && !(error instanceof UserError)) console.error(error.stack);
    process.exit(1);
  },
);
