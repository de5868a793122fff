import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What one layer folder (a base or a project overlay) adds to the files its stack's base renders:
 * dependencies by name (versions come from versions.json), scripts, Go module requirements.
 * It lives in the folder's `layer.json`, which is read, never written out.
 */
export interface LayerData {
  npm?: { dependencies?: string[]; devDependencies?: string[]; scripts?: Record<string, string> };
  pypi?: { dependencies?: string[]; dev?: string[] };
  /** `directive`: the `go` line of go.mod (the language version the module is written for). */
  go?: { directive?: string; require?: string[] };
}

/** The layers' additions merged in layer order, each dependency pinned from the version map. */
export interface Contributions {
  npm: { dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> };
  pypi: { dependencies: string[]; dev: string[] };
  go: { directive?: string; require: { path: string; version: string }[] };
}

export type Versions = Record<string, Record<string, string>>;

export const layerDataFile = 'layer.json';

export function readLayerData(dir: string): LayerData {
  const file = path.join(dir, layerDataFile);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LayerData) : {};
}

function pinned(versions: Versions, ecosystem: string, name: string): string {
  const version = versions[ecosystem]?.[name];
  if (!version) throw new Error(`versions.json has no ${ecosystem} version for "${name}"`);
  return version;
}

const sortedObject = (entries: [string, string][]) =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Merges every layer folder's `layer.json`: dependency lists are unions, later scripts replace earlier ones. */
export function mergeContributions(dirs: string[], versions: Versions, dataOf: (dir: string) => LayerData = readLayerData): Contributions {
  const npm = { dependencies: new Set<string>(), devDependencies: new Set<string>(), scripts: {} as Record<string, string> };
  const pypi = { dependencies: new Set<string>(), dev: new Set<string>() };
  const goRequire = new Set<string>();
  let goDirective: string | undefined;
  for (const dir of dirs) {
    const data = dataOf(dir);
    data.npm?.dependencies?.forEach((name) => npm.dependencies.add(name));
    data.npm?.devDependencies?.forEach((name) => npm.devDependencies.add(name));
    Object.assign(npm.scripts, data.npm?.scripts);
    data.pypi?.dependencies?.forEach((name) => pypi.dependencies.add(name));
    data.pypi?.dev?.forEach((name) => pypi.dev.add(name));
    data.go?.require?.forEach((module) => goRequire.add(module));
    goDirective = data.go?.directive ?? goDirective;
  }
  const npmPins = (names: Set<string>) => sortedObject([...names].map((name) => [name, pinned(versions, 'npm', name)]));
  // `redis[hiredis]` is pinned as `redis`: extras do not change the version.
  const pypiPins = (names: Set<string>) =>
    [...names].sort().map((name) => `${name}==${pinned(versions, 'pypi', name.replace(/\[.*\]$/, ''))}`);
  return {
    npm: { dependencies: npmPins(npm.dependencies), devDependencies: npmPins(npm.devDependencies), scripts: npm.scripts },
    pypi: { dependencies: pypiPins(pypi.dependencies), dev: pypiPins(pypi.dev) },
    go: { directive: goDirective, require: [...goRequire].sort().map((module) => ({ path: module, version: pinned(versions, 'go', module) })) },
  };
}
