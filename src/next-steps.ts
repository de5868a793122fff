import path from 'node:path';
import { out } from './colors.js';
import { commandsFor } from './catalog.js';
import type { Choices } from './choices.js';
import type { GitOutcome } from './post-steps/git.js';

const gitNotes: Record<GitOutcome, string> = {
  committed: 'git repository initialised with a first commit',
  initialised: 'git repository initialised; make the first commit once git knows your user.name and user.email',
  'no-git': 'git not found: no repository initialised',
  'inside-repo': 'already inside a git work tree: no repository initialised',
};

/**
 * `value` as one word for a POSIX shell: as it is when it holds only safe characters, else in single
 * quotes (a quote inside written as '\\''), so `$HOME`, backticks and spaces reach `cd` untouched.
 * A path that starts with a dash gets `./` so that `cd` does not read it as an option.
 */
export function shellWord(value: string): string {
  const word = value.startsWith('-') ? `./${value}` : value;
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", "'\\''")}'`;
}

export function nextSteps(choices: Choices, installed: boolean, git: GitOutcome | undefined): string {
  const { project, stack, target, packageManager } = choices;
  const commands = commandsFor(stack, project, packageManager);
  const relative = path.relative(process.cwd(), target.dir);
  const steps: [string, string][] = [];
  if (relative !== '') steps.push([`cd ${shellWord(relative)}`, '']);
  if (!installed) steps.push([commands.install, 'install dependencies']);
  steps.push(['docker compose up -d postgres redis', 'Postgres and Redis for local runs']);
  steps.push(['cp .env.example .env', 'the settings, loaded at start-up']);
  steps.push([commands.start, 'serve on http://localhost:3000 (API docs at /docs)']);
  if (commands.worker) steps.push([commands.worker, 'run a worker, in a second shell']);
  steps.push([commands.test, 'run the tests (Testcontainers needs Docker, or set TEST_DATABASE_URL and TEST_REDIS_URL)']);
  const width = Math.max(...steps.map(([command]) => command.length));
  const lines = [
    '',
    out.green(`Created ${project.title} (${project.level}) with ${stack.title} in ${target.dir}`),
    ...(git ? [out.dim(gitNotes[git])] : []),
    '',
    'Next steps:',
    ...steps.map(([command, why]) => (why ? `  ${out.cyan(command.padEnd(width))}  ${out.dim(`# ${why}`)}` : `  ${out.cyan(command)}`)),
    '',
    `The README lists the API and the milestones to build next.`,
  ];
  return lines.join('\n');
}
