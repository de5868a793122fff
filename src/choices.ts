import type prompts from 'prompts';
import type { CliArgs, PackageManager } from './args.js';
import type { Catalog, Project, Stack } from './catalog.js';
import { err } from './colors.js';
import { CancelledError, UserError } from './errors.js';
import { isEmptyDir, resolveTarget, type Target } from './target.js';

export interface Choices {
  target: Target;
  project: Project;
  stack: Stack;
  install: boolean;
  git: boolean;
  force: boolean;
  packageManager: PackageManager;
}

const ids = (items: { id: string }[]) => items.map((item) => item.id).join(', ');

/** Checks what the flags say before anything is asked, so a typo (or an empty value) fails at once with the valid values. */
function checkFlags(args: CliArgs, catalog: Catalog) {
  if (args.level !== undefined && !catalog.levels.some((l) => l.id === args.level)) {
    throw new UserError(`Unknown level "${args.level}": use one of ${ids(catalog.levels)}`);
  }
  const project = args.project !== undefined ? catalog.available.find((p) => p.id === args.project) : undefined;
  if (args.project !== undefined && !project) {
    throw new UserError(`Unknown project "${args.project}": use one of ${ids(catalog.available)}`);
  }
  if (project && args.level !== undefined && project.level !== args.level) {
    throw new UserError(`Project "${project.id}" is ${project.level}, not ${args.level}: drop --level or pick another project`);
  }
  if (args.stack !== undefined && !catalog.stacks.some((s) => s.id === args.stack)) {
    throw new UserError(`Unknown stack "${args.stack}": use one of ${ids(catalog.stacks)}`);
  }
  if (project && args.stack !== undefined && !catalog.stacksFor(project.id).some((s) => s.id === args.stack)) {
    throw new UserError(`Project "${project.id}" has no ${args.stack} template: use one of ${ids(catalog.stacksFor(project.id))}`);
  }
}

/** Why the project cannot go into `input` (a bad name, one the stack refuses), or undefined when it can. */
function directoryProblem(input: string, catalog: Catalog, stack: Stack | undefined): string | undefined {
  let target: Target;
  try {
    target = resolveTarget(input);
  } catch (error) {
    return (error as Error).message;
  }
  const problem = stack && catalog.nameProblem(target.name, stack);
  return problem ? `${problem}: pick another directory name` : undefined;
}

function checkName(catalog: Catalog, target: Target, stack: Stack) {
  const problem = catalog.nameProblem(target.name, stack);
  if (problem) throw new UserError(`${problem}: pick another directory name`);
}

function checkTarget(target: Target, force: boolean) {
  if (!force && !isEmptyDir(target.dir)) {
    throw new UserError(`${target.dir} is not empty: pick another directory, or use --force to add the project's files to it`);
  }
}

/** Without a TTY or with --yes: flags, then defaults. */
function defaultChoices(args: CliArgs, catalog: Catalog, packageManager: PackageManager): Choices {
  const level = args.level ?? catalog.levels[0]?.id;
  const project =
    catalog.available.find((p) => p.id === args.project) ?? catalog.available.find((p) => p.level === level);
  if (!project) throw new UserError('No project is available: the catalog is empty');
  const stacks = catalog.stacksFor(project.id);
  const stack = stacks.find((s) => s.id === args.stack) ?? stacks[0]!;
  const target = resolveTarget(args.directory ?? project.id);
  checkName(catalog, target, stack);
  checkTarget(target, args.force);
  return { target, project, stack, install: args.install ?? true, git: args.git ?? true, force: args.force, packageManager };
}

async function ask<T>(question: prompts.PromptObject): Promise<T> {
  // Loaded on first use: runs without a TTY never pay for it.
  const { default: prompt } = await import('prompts');
  const answers = await prompt(question, {
    onCancel: () => {
      throw new CancelledError();
    },
  });
  return answers[question.name as string] as T;
}

/** Asks for a directory until one can take the project (with `stack`, when it is known, a name it accepts). */
async function askDirectory(catalog: Catalog, stack: Stack | undefined, initial: string): Promise<Target> {
  for (;;) {
    const answer = await ask<string>({
      type: 'text',
      name: 'directory',
      message: 'Directory for the project',
      initial,
      validate: (value: string) => directoryProblem(value, catalog, stack) ?? true,
    });
    // The prompt's own check shows the problem as the user types; this one covers answers given otherwise.
    const problem = directoryProblem(answer, catalog, stack);
    if (!problem) return resolveTarget(answer);
    console.error(err.yellow(problem));
  }
}

/**
 * A directory the project may go into: the flag's or an answer, and when it is not empty, the user's
 * consent to add the project's files to it; declining asks for another directory.
 */
async function askWritableDirectory(
  catalog: Catalog,
  stack: Stack | undefined,
  first: Target | undefined,
  force: boolean,
): Promise<{ target: Target; force: boolean }> {
  let target = first ?? (await askDirectory(catalog, stack, 'my-roadmap-project'));
  for (;;) {
    if (force || isEmptyDir(target.dir)) return { target, force };
    const merge = await ask<boolean>({
      type: 'confirm',
      name: 'force',
      message: `${target.dir} is not empty. Add the project's files to it (files with the same names are replaced, others kept)?`,
      initial: false,
    });
    if (merge) return { target, force: true };
    target = await askDirectory(catalog, stack, '');
  }
}

/** With a TTY: asks, in order, what the flags left open. */
async function askChoices(args: CliArgs, catalog: Catalog, packageManager: PackageManager): Promise<Choices> {
  const knownProject = catalog.available.find((p) => p.id === args.project);
  // The stack, when the flags already settle it: then a name it refuses is refused at the directory question.
  const flagStack = catalog.stacks.find((s) => s.id === args.stack);
  const onlyStack = knownProject && catalog.stacksFor(knownProject.id).length === 1 ? catalog.stacksFor(knownProject.id)[0] : undefined;
  const knownStack = flagStack ?? onlyStack;

  const flagTarget = args.directory !== undefined ? resolveTarget(args.directory) : undefined;
  if (flagTarget && knownStack) checkName(catalog, flagTarget, knownStack);
  let { target, force } = await askWritableDirectory(catalog, knownStack, flagTarget, args.force);

  const level =
    knownProject?.level ??
    args.level ??
    (await ask<string>({
      type: 'select',
      name: 'level',
      message: 'Level',
      choices: catalog.levels.map((l) => ({ title: l.title, value: l.id })),
    }));

  const project =
    knownProject ??
    (await ask<Project>({
      type: 'select',
      name: 'project',
      message: 'Project',
      choices: catalog.available
        .filter((p) => p.level === level)
        .map((p) => ({ title: p.title, description: p.summary, value: p })),
    }));

  const stacks = catalog.stacksFor(project.id);
  if (args.stack !== undefined && !stacks.some((s) => s.id === args.stack)) {
    throw new UserError(`Project "${project.id}" has no ${args.stack} template: use one of ${ids(stacks)}`);
  }
  const stack =
    stacks.find((s) => s.id === args.stack) ??
    (await ask<Stack>({
      type: 'select',
      name: 'stack',
      message: 'Stack',
      choices: stacks.map((s) => ({ title: s.title === s.language ? s.title : `${s.title} (${s.language})`, value: s })),
    }));
  // Known only now: a name this stack refuses sends the user back to the directory question, not out.
  const problem = catalog.nameProblem(target.name, stack);
  if (problem) {
    console.error(err.yellow(`${problem}: pick another directory name`));
    ({ target, force } = await askWritableDirectory(catalog, stack, undefined, args.force));
  }

  const install =
    args.install ??
    (await ask<boolean>({ type: 'confirm', name: 'install', message: 'Install dependencies?', initial: true }));
  const git =
    args.git ?? (await ask<boolean>({ type: 'confirm', name: 'git', message: 'Initialise a git repository?', initial: true }));

  return { target, project, stack, install, git, force, packageManager };
}

export async function resolveChoices(
  args: CliArgs,
  catalog: Catalog,
  packageManager: PackageManager,
  interactive: boolean,
): Promise<Choices> {
  checkFlags(args, catalog);
  return interactive && !args.yes
    ? askChoices(args, catalog, packageManager)
    : defaultChoices(args, catalog, packageManager);
}
