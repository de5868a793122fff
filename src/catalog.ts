import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToolProbe } from './toolchain.js';

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

/** One environment variable: the catalog is the one source of its name, default and bounds in every stack. */
export interface EnvVar {
  name: string;
  /** The value used when the variable is unset; absent for required variables. */
  default?: string;
  /** For required variables: the value `.env.example` shows. */
  example?: string;
  type: 'integer' | 'boolean' | 'string' | 'url' | 'enum';
  /** `enum`: the allowed values; `url`: the allowed schemes. */
  values?: string[];
  min?: number;
  max?: number;
  description: string;
}

/** A process a project runs: `web` serves HTTP (on `$PORT`), `worker` runs in the background. */
export interface ProjectProcess {
  name: 'web' | 'worker';
  /** How many copies the project needs to show its behaviour (two web instances for a chat fan-out). */
  instances: number;
}

export interface Project {
  id: string;
  title: string;
  level: string;
  summary: string;
  practices: string[];
  /** The stacks in which this project is complete: the only ones the CLI offers. */
  stacks: string[];
  processes: ProjectProcess[];
  env: EnvVar[];
  milestones: Milestone[];
}

export interface Stack {
  id: string;
  title: string;
  language: string;
  runtime: string;
  layers: string[];
  /** What the stack needs on the machine, by id: a key of `probes`, or `{{pm}}` for the chosen package manager. */
  toolchain: string[];
  /** How to find each tool of `toolchain` and its version (what `doctor` and the install step check). */
  probes: Record<string, ToolProbe>;
  /** Tools the repo's own commands use beyond `toolchain` (a linter), by `probes` key: `doctor` warns when
   * one is missing; generating and installing do not need them. */
  devTools?: string[];
  testing: string;
  commands: Partial<Record<CommandName, string>> & Record<'install' | 'test' | 'start', string>;
  docker: { healthcheck: string[] };
  /** How this stack runs each kind of process: its command, its entry point file, its command in the image. */
  processes: Record<ProjectProcess['name'], { command: CommandName; entry: string; docker: string[] }>;
  /** The versions.json section of this stack's dependencies: a project may not share a name with one. */
  dependencyEcosystem?: string;
  /** The stack's lockfiles (made by `npm run lock`), and the package managers that read them. */
  lock?: { command: string; files: string[]; packageManagers?: string[] };
  /** Names the stack's toolchain refuses for a project (Go module paths such as `go` or `std`). */
  reservedNames?: string[];
}

export interface Catalog {
  levels: Level[];
  /** Variables every project has (PORT, DATABASE_URL, ...), before the project's own. */
  env: EnvVar[];
  stacks: Stack[];
  /** Projects declared complete in at least one stack: the only ones the CLI offers. */
  available: Project[];
  stacksFor(projectId: string): Stack[];
  /** Why `name` cannot name a project of `stack`, or undefined when it can. */
  nameProblem(name: string, stack: Stack): string | undefined;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(templatesDir, file), 'utf8')) as T;
}

export function loadCatalog(): Catalog {
  const raw = readJson<{ stacks: string[]; levels: Level[]; env: EnvVar[]; projects: Project[] }>('catalog.json');
  const stacks = raw.stacks.map((id) => readJson<Stack>(`${id}/stack.json`));
  const stacksFor = (projectId: string) => {
    const declared = raw.projects.find((project) => project.id === projectId)?.stacks ?? [];
    return stacks.filter((stack) => declared.includes(stack.id));
  };
  const available = raw.projects.filter((project) => stacksFor(project.id).length > 0);
  const levels = raw.levels.filter((level) => available.some((p) => p.level === level.id));
  const nameProblem = (name: string, stack: Stack) => {
    if (stack.reservedNames?.includes(name)) return `${stack.title} reserves the name "${name}"`;
    const dependencies = stack.dependencyEcosystem ? readJson<Record<string, Record<string, string>>>('versions.json')[stack.dependencyEcosystem] : undefined;
    if (dependencies && name in dependencies) return `"${name}" is also the name of one of the ${stack.title} template's dependencies`;
    return undefined;
  };
  return { levels, env: raw.env, stacks, available, stacksFor, nameProblem };
}

/** A stack's commands for one project and package manager: `{{pm}}` filled in, `worker` only where the project has one. */
export function commandsFor(stack: Stack, project: Project, packageManager: string): Stack['commands'] {
  const wanted = (name: string) => name !== 'worker' || project.processes.some((process) => process.name === 'worker');
  return Object.fromEntries(
    Object.entries(stack.commands)
      .filter(([name]) => wanted(name))
      .map(([name, line]) => [name, line.replaceAll('{{pm}}', packageManager)]),
  ) as Stack['commands'];
}
