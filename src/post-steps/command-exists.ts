
/**
 * Whether `command` can be started from PATH. Its exit code does not matter: some tools (go) have no
 * `--version` flag and exit 2 for it, yet they are installed.
 */
export async function commandExists(command: string): Promise<boolean> {
  const { execa } = await import('execa');
  const result = await execa(command, ['--version'], { reject: false, stdio: 'ignore' });
  return result.exitCode !== undefined;
}
