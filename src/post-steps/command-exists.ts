
export async function commandExists(command: string): Promise<boolean> {
  const { execa } = await import('execa');
  const result = await execa(command, ['--version'], { reject: false, stdio: 'ignore' });
  return result.exitCode === 0;
}
