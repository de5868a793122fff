import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The templates folder ships beside dist/ (and beside src/ in a checkout). */
export const templatesDir = fileURLToPath(new URL('../templates/', import.meta.url));

export type CommandName = 'install' | 'test' | 'start' | 'worker' | 'dev' | 'lint';

export interface Level {
  id: string;
  title: string;
}

export interface Milestone {
  id: string;
  title: string;
  build: string;
  proof: string;
}

export interface ProjectEnvVar {
  name: string;
  default: string;
  description: string;
}

export interface Project {
  id: string;
  title: string;
  level: string;
  summary: string;
  practices: string[];
  processes: string[];
  env: ProjectEnvVar[];
  milestones: Milestone[];
}

export interface Stack {
  id: string;
  title: string;
  language: string;
  runtime: string;
  layers: string[];
  toolchain: string[];
  testing: string;
  commands: Partial<Record<CommandName, string>> & Record<'install' | 'test' | 'start', string>;
  docker: { healthcheck: string[] };
  /** The versions.json section of this stack's dependencies: a project may not share a name with one. */
  dependencyEcosystem?: string;
  /** Names the stack's toolchain refuses for a project (Go module paths such as `go` or `std`). */
  reservedNames?: string[];
}

export interface Catalog {
  levels: Level[];
  projects: Project[];
  stacks: Stack[];
  /** Projects that at least one stack has an overlay for: the only ones the CLI offers. */
  available: Project[];
  stacksFor(projectId: string): Stack[];
  /** Why `name` cannot name a project of `stack`, or undefined when it can. */
  nameProblem(name: string, stack: Stack): string | undefined;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(templatesDir, file), 'utf8')) as T;
}

export function loadCatalog(): Catalog {
  const raw = readJson<{ stacks: string[]; levels: Level[]; projects: Project[] }>('catalog.json');
  const stacks = raw.stacks.map((id) => readJson<Stack>(`${id}/stack.json`));
  const hasOverlay = (stack: Stack, projectId: string) =>
    existsSync(path.join(templatesDir, stack.id, 'projects', projectId));
  const stacksFor = (projectId: string) => stacks.filter((stack) => hasOverlay(stack, projectId));
  const available = raw.projects.filter((project) => stacksFor(project.id).length > 0);
  const levels = raw.levels.filter((level) => available.some((p) => p.level === level.id));
  const nameProblem = (name: string, stack: Stack) => {
    if (stack.reservedNames?.includes(name)) return `${stack.title} reserves the name "${name}"`;
    const dependencies = stack.dependencyEcosystem ? readJson<Record<string, Record<string, string>>>('versions.json')[stack.dependencyEcosystem] : undefined;
    if (dependencies && name in dependencies) return `"${name}" is also the name of one of the ${stack.title} template's dependencies`;
    return undefined;
  };
  return { levels, projects: raw.projects, stacks, available, stacksFor, nameProblem };
}

/** A stack's commands for one project and package manager: `{{pm}}` filled in, `worker` only where the project has one. */
export function commandsFor(stack: Stack, project: Project, packageManager: string): Stack['commands'] {
  const wanted = (name: string) => name !== 'worker' || project.processes.includes('worker');
  return Object.fromEntries(
    Object.entries(stack.commands)
      .filter(([name]) => wanted(name))
      .map(([name, line]) => [name, line.replaceAll('{{pm}}', packageManager)]),
  ) as Stack['commands'];
}
