import pc from 'picocolors';
import { CancelledError, UserError } from '../errors.js';
import { commandExists } from './command-exists.js';

/** Runs the stack's install command in the new repo, its output streamed so the user sees progress. */
export async function installDependencies(dir: string, command: string, toolchain: string[]): Promise<void> {
  const missing = [];
  for (const tool of toolchain) if (!(await commandExists(tool))) missing.push(tool);
  if (missing.length > 0) {
    throw new UserError(`Cannot install dependencies: ${missing.join(', ')} not found. Install it, or use --no-install`);
  }
  console.log(pc.dim(`\n$ ${command}`));
  const { execa } = await import('execa');
  const result = await execa(command, { cwd: dir, shell: true, stdio: 'inherit', reject: false });
  if (result.isTerminated) throw new CancelledError(); // Ctrl-C reached the install too
  if (result.exitCode !== 0) {
    throw new UserError(`"${command}" failed (exit code ${result.exitCode}); run again with --no-install to only generate`);
  }
}
