import { parseArgs } from 'node:util';
import { UserError } from './errors.js';

export const packageManagers = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof packageManagers)[number];

export interface CliArgs {
  /** `create` scaffolds a project; `doctor` checks the machine for what a stack needs. */
  command: 'create' | 'doctor';
  directory?: string;
  level?: string;
  project?: string;
  stack?: string;
  yes: boolean;
  install?: boolean;
  git?: boolean;
  force: boolean;
  packageManager?: PackageManager;
  list: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
}

/** The usage text; the valid levels and stacks come from the catalog. */
export const helpText = (levels: string[], stacks: string[]) => `Usage: create-roadmap-project [directory] [options]
       create-roadmap-project doctor [--stack <id>] [--package-manager <name>] [--json]

Scaffold a starter repo for a backend roadmap practice project.

Options:
  --level <level>              ${levels.join(', ')}
  --project <id>               the practice project (see --list)
  --stack <id>                 ${stacks.join(', ')} (see --list)
  -y, --yes                    ask nothing: use defaults for what the flags leave open
  --no-install                 do not install dependencies
  --no-git                     do not initialise a git repository
  --force                      write into a non-empty directory (replaces only files the template writes)
  --package-manager <name>     ${packageManagers.join(', ')} (default: the one that runs this command)
  --list                       show the catalog of projects and stacks
  --json                       with --list: print the catalog as JSON; with doctor: print the checks as JSON
  -h, --help                   show this help
  -v, --version                show the version

doctor checks what a stack needs on this machine (its toolchain, the package manager, Docker and compose,
free ports 3000, 5432 and 6379), prints one line per check with its fix, and exits 1 when something
required is missing. Name a project folder "doctor" as ./doctor.

Examples:
  npx create-roadmap-project
  npx create-roadmap-project my-shortener --project url-shortener --stack go --yes
  npx create-roadmap-project --list --json
  npx create-roadmap-project doctor --stack fastapi`;

const options = {
  level: { type: 'string' },
  project: { type: 'string' },
  stack: { type: 'string' },
  yes: { type: 'boolean', short: 'y', default: false },
  'no-install': { type: 'boolean' },
  'no-git': { type: 'boolean' },
  force: { type: 'boolean', default: false },
  'package-manager': { type: 'string' },
  list: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'v', default: false },
} as const;

/** The options `doctor` reads; any other one is a mistake worth saying. */
const doctorOptions = new Set(['stack', 'package-manager', 'json', 'help']);

/** node:util's parse errors end with advice about `--` that does not apply here: say it in our words. */
function parseError(error: unknown): UserError {
  const { code, message } = error as { code?: string; message: string };
  const option = /'([^']+)'/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return new UserError(`Unknown option ${option} (see --help)`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    // "-y, --yes" or "--stack <value>": the long name says it.
    const name = /--[\w-]+/.exec(option)?.[0] ?? option;
    return new UserError(
      message.includes('argument missing') ? `${name} needs a value (see --help)` : `${name} takes no value (see --help)`,
    );
  }
  return new UserError(`${message.split('\n')[0]} (see --help)`);
}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, tokens: true, options });
  } catch (error) {
    throw parseError(error);
  }
  const { values, positionals, tokens } = parsed;
  const command = positionals[0] === 'doctor' ? 'doctor' : 'create';
  const directories = command === 'doctor' ? positionals.slice(1) : positionals;
  if (command === 'doctor') {
    if (directories.length > 0) throw new UserError(`doctor takes no directory, got: ${directories.join(' ')}`);
    const stray = tokens.find((token) => token.kind === 'option' && !doctorOptions.has(token.name));
    if (stray?.kind === 'option') throw new UserError(`doctor does not take ${stray.rawName}: it takes --stack, --package-manager and --json`);
  }
  if (directories.length > 1) {
    throw new UserError(`Expected one directory, got ${directories.length}: ${directories.join(' ')}`);
  }
  const packageManager = values['package-manager'];
  if (packageManager !== undefined && !packageManagers.includes(packageManager as PackageManager)) {
    throw new UserError(`Unknown package manager "${packageManager}": use one of ${packageManagers.join(', ')}`);
  }
  if (values.json && !values.list && command !== 'doctor') throw new UserError('--json goes with --list or doctor');
  return {
    command,
    directory: directories[0],
    level: values.level,
    project: values.project,
    stack: values.stack,
    yes: values.yes,
    install: values['no-install'] ? false : undefined,
    git: values['no-git'] ? false : undefined,
    force: values.force,
    packageManager: packageManager as PackageManager | undefined,
    list: values.list,
    json: values.json,
    help: values.help,
    version: values.version,
  };
}

/** The package manager that runs us, from npm_config_user_agent ("pnpm/9.1.0 npm/? node/v20..."). */
export function detectPackageManager(userAgent = process.env.npm_config_user_agent): PackageManager {
  const name = userAgent?.split(' ')[0]?.split('/')[0];
  return packageManagers.find((pm) => pm === name) ?? 'npm';
}
