import type { PackageManager } from '../args.js';
import type { Stack } from '../catalog.js';
import { runChild } from '../child.js';
import { out } from '../colors.js';
import { UserError } from '../errors.js';
import { probeTool, toolchainOf, toolsRunBy } from '../toolchain.js';

/**
 * Before anything is written: every tool the install command runs is on PATH and new enough (`go version`,
 * `pnpm --version`, each asked the way it answers). Otherwise one line says what is missing and points to
 * `doctor`, which checks everything the stack needs.
 */
export async function checkInstallTools(stack: Stack, packageManager: PackageManager, installLine: string): Promise<void> {
  const tools = toolsRunBy(installLine, toolchainOf(stack, packageManager));
  const problems = (await Promise.all(tools.map(probeTool))).filter((result) => !result.ok);
  if (problems.length === 0) return;
  const doctor = `create-roadmap-project doctor --stack ${stack.id}${packageManager === 'npm' ? '' : ` --package-manager ${packageManager}`}`;
  const what = problems.map((problem) => `${problem.detail} (fix: ${problem.probe.fix})`).join('; ');
  throw new UserError(`Cannot install dependencies: ${what}. Run \`${doctor}\` to check what the stack needs, or use --no-install`);
}

/** Runs the stack's install command in the new repo, its output streamed so the user sees progress. */
export async function installDependencies(dir: string, command: string): Promise<void> {
  console.log(out.dim(`\n$ ${command}`));
  const result = await runChild(command, [], { cwd: dir, shell: true, output: 'inherit' });
  if (result.code !== 0) {
    throw new UserError(`"${command}" failed (exit code ${result.code ?? result.signal}); run again with --no-install to only generate`);
  }
}
