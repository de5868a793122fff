import { commandsFor } from './catalog.js';
import type { Choices } from './choices.js';

/** The variables the CLI gives every template; the generator derives the rest (templates/README.md). */
export function templateContext({ target, project, stack, packageManager }: Pick<Choices, 'target' | 'project' | 'stack' | 'packageManager'>) {
  return {
    name: target.name,
    goModule: target.name,
    project,
    stack: { ...stack, commands: commandsFor(stack, project, packageManager) },
    packageManager,
  };
}
