import { packageManagerProbes } from './package-managers.js';
import type { PackageManager } from './args.js';
import type { Stack } from './catalog.js';
import { runChild } from './child.js';

/** How to find a tool and its version on this machine: the data of a stack's `probes` in stack.json. */
export interface ToolProbe {
  /** What the user knows the tool as: "Go", "Node.js". */
  name: string;
  /** The command that prints its version, as the tool answers it: `go version`, `node --version`. */
  command: string[];
  /** A regular expression whose first group is the version in that output. */
  version: string;
  /** The oldest version that works. */
  minimum?: string;
  /** What to do when it is missing or too old. */
  fix: string;
}

export interface ProbeResult {
  probe: ToolProbe;
  found: boolean;
  /** The version it reported, when it answered. */
  version?: string;
  /** Found, answered, and at least the minimum. */
  ok: boolean;
  /** One line: what was found, or what is wrong. */
  detail: string;
}

/** The stack's toolchain entry that stands for the chosen package manager (node stacks). */
const packageManagerEntry = '{{pm}}';

/** `a` compared with `b` as dotted numbers: negative, zero or positive. `1.25` equals `1.25.0`. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Every tool the stack needs, in its manifest's order, the package manager filled in. */
export function toolchainOf(stack: Stack, packageManager: PackageManager): ToolProbe[] {
  return stack.toolchain.map((id) => {
    const probe = id === packageManagerEntry ? packageManagerProbes[packageManager] : stack.probes[id];
    if (!probe) throw new Error(`${stack.id}/stack.json: toolchain entry "${id}" has no probe`);
    return probe;
  });
}

/** The programs a command line starts: the first word of each part between `&&`, `||`, `;` and `|`. */
function programsOf(commandLine: string): string[] {
  return commandLine
    .split(/&&|\|\||[;|]/)
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

/** The tools a command line runs itself: those the install step must find before anything is written. */
export function toolsRunBy(commandLine: string, tools: ToolProbe[]): ToolProbe[] {
  const programs = new Set(programsOf(commandLine));
  return tools.filter((tool) => programs.has(tool.command[0]!));
}

/** Runs the tool's version command and reads its answer. */
export async function probeTool(probe: ToolProbe): Promise<ProbeResult> {
  const [program, ...args] = probe.command;
  let result;
  try {
    result = await runChild(program!, args, { output: 'capture', timeout: 15_000 });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || code === 'EACCES') return { probe, found: false, ok: false, detail: `${program} not found` };
    throw error;
  }
  const version = new RegExp(probe.version).exec(result.output)?.[1];
  if (result.code !== 0 || !version) {
    const why = result.code !== 0 ? `exit code ${result.code ?? result.signal}` : 'no version in its answer';
    return { probe, found: true, ok: false, detail: `\`${probe.command.join(' ')}\` did not answer (${why})` };
  }
  if (probe.minimum && compareVersions(version, probe.minimum) < 0) {
    return { probe, found: true, version, ok: false, detail: `${probe.name} ${version} is older than ${probe.minimum}` };
  }
  return { probe, found: true, version, ok: true, detail: `${probe.name} ${version}` };
}
