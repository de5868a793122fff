import { parseArgs } from 'node:util';
import { UserError } from './errors.js';

export const packageManagers = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof packageManagers)[number];

export interface CliArgs {
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

Scaffold a starter repo for a backend roadmap practice project.

Options:
  --level <level>              ${levels.join(', ')}
  --project <id>               the practice project (see --list)
  --stack <id>                 ${stacks.join(', ')} (see --list)
  -y, --yes                    ask nothing: use defaults for what the flags leave open
  --no-install                 do not install dependencies
  --no-git                     do not initialise a git repository
  --force                      write into a non-empty directory (replaces only files the template writes)
  --package-manager <name>     npm, pnpm, yarn or bun (default: the one that runs this command)
  --list                       show the catalog of projects and stacks
  --json                       with --list: print the catalog as JSON
  -h, --help                   show this help
  -v, --version                show the version

Examples:
  npx create-roadmap-project
  npx create-roadmap-project my-shortener --project url-shortener --stack go --yes
  npx create-roadmap-project --list --json`;

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
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
      },
    });
  } catch (error) {
    throw new UserError(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new UserError(`Expected one directory, got ${positionals.length}: ${positionals.join(' ')}`);
  }
  const packageManager = values['package-manager'];
  if (packageManager !== undefined && !packageManagers.includes(packageManager as PackageManager)) {
    throw new UserError(`Unknown package manager "${packageManager}": use one of ${packageManagers.join(', ')}`);
  }
  if (values.json && !values.list) throw new UserError('--json goes with --list');
  return {
    directory: positionals[0],
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
