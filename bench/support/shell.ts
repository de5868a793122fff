import { execa } from 'execa';

/** The environment of a user's shell: none of npm's variables from `npm run`, no database URLs. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') && !/^(TEST_)?(DATABASE|REDIS)_URL$/.test(key)),
  );
  return { ...env, PIP_DISABLE_PIP_VERSION_CHECK: '1', ...extra };
}

/** Runs a shell command in a clean environment; throws with the head and tail of its output when it fails. */
export async function run(command: string, cwd: string, step: string) {
  const result = await execa(command, { cwd, env: cleanEnv({}), extendEnv: false, shell: true, reject: false, all: true, stdin: 'ignore', timeout: 15 * 60_000 });
  if (result.exitCode !== 0 || result.timedOut) {
    const lines = String(result.all).trim().split('\n');
    const shown = lines.length > 10 ? [...lines.slice(0, 3), '...', ...lines.slice(-6)] : lines;
    throw new Error(`${step} (\`${command}\`) failed:\n${shown.join('\n')}`);
  }
}
