import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Property-based API testing with Schemathesis against a running service's own OpenAPI document: it
 * sends requests the document calls valid (which must succeed) and invalid (which must get a 4xx), runs
 * every check on every response (status codes, content types, headers and bodies as documented, no
 * 5xx, 405 with Allow for undocumented methods), and walks the document's `links` (create a link, then
 * read, change, count and delete it). A document that says less or more than the service does is a
 * finding, so this keeps each service's /openapi.json exact.
 *
 * The service must run with a rate limit high enough for a few thousand requests from one client
 * (url-shortener: RATE_LIMIT_PER_MINUTE=1000000), or its 429s are findings.
 */

const SCHEMATHESIS_VERSION = '4.32.5';
// Examples per operation and phase: enough to find what a document leaves out, and a run of a
// service stays within a minute or two on a loaded two-core machine.
const MAX_EXAMPLES = 40;
const SEED = 20240501;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const venv = join(root, '.cache/schemathesis-venv');
const binary = join(venv, 'bin/schemathesis');
const marker = join(venv, `.schemathesis-${SCHEMATHESIS_VERSION}`);

let installing: Promise<void> | undefined;

/** Creates the virtualenv with the pinned Schemathesis on first use (once per process, even when called in parallel). */
function ensureSchemathesis(): Promise<void> {
  installing ??= (async () => {
    if (existsSync(marker)) return;
    await mkdir(dirname(venv), { recursive: true });
    if (!existsSync(join(venv, 'bin/python'))) await execa('python3', ['-m', 'venv', venv]);
    await execa(join(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`]);
    await writeFile(marker, '');
  })();
  return installing;
}

/**
 * Fuzzes the service at `baseUrl` through `<baseUrl>/openapi.json`; the whole output goes to
 * `logFile`. Throws when Schemathesis reports any failure or error.
 */
export async function fuzz(baseUrl: string, logFile: string): Promise<void> {
  await ensureSchemathesis();
  const args = [
    '--config-file',
    join(dirname(fileURLToPath(import.meta.url)), 'schemathesis.toml'),
    'run',
    `${baseUrl}/openapi.json`,
    '--url',
    baseUrl,
    '--checks',
    'all',
    '--mode',
    'all',
    '--phases',
    'examples,coverage,fuzzing,stateful',
    '--max-examples',
    String(MAX_EXAMPLES),
    '--seed',
    String(SEED),
    // One worker: Hypothesis in threads trips a CPython 3.11 bug (AST constructor recursion depth mismatch).
    '--workers',
    '1',
    // Look at the 302 itself; following it would send requests to the generated URLs' hosts.
    '--max-redirects',
    '0',
    '--request-timeout',
    '10',
    '--generation-database',
    'none',
    '--no-color',
    '--output-truncate',
    'false',
  ];
  await mkdir(dirname(logFile), { recursive: true });
  await writeFile(logFile, `$ schemathesis ${args.join(' ')}\n`);
  const started = Date.now();
  const result = await execa(binary, args, {
    reject: false,
    all: true,
    stdin: 'ignore',
    env: { SCHEMATHESIS_TELEMETRY: 'false', NO_COLOR: '1' },
    timeout: 15 * 60_000,
  });
  await appendFile(logFile, `${result.all ?? ''}\n(exit code ${result.exitCode}, ${Math.round((Date.now() - started) / 1000)} s)\n`);
  if (result.exitCode !== 0) {
    const log = await readFile(logFile, 'utf8');
    const summary = log.slice(log.lastIndexOf('FAILURES') >= 0 ? log.lastIndexOf('FAILURES') : Math.max(0, log.length - 4000));
    throw new Error(`Schemathesis found problems in ${baseUrl} (exit code ${result.exitCode}; full log: ${logFile}):\n${summary.slice(0, 6000)}`);
  }
}

// `tsx tests/matrix/schemathesis.ts <base URL> [log file]` fuzzes a service you started by hand.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [baseUrl, logFile = join(root, '.cache/schemathesis.log')] = process.argv.slice(2);
  if (!baseUrl) {
    console.error('usage: tsx tests/matrix/schemathesis.ts <base URL> [log file]');
    process.exit(2);
  }
  fuzz(baseUrl, logFile).then(
    () => console.log(`no findings (log: ${logFile})`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
