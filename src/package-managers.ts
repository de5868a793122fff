import type { PackageManager } from './args.js';
import type { ToolProbe } from './toolchain.js';

/**
 * How to find each package manager the CLI offers, and the oldest version a generated node project
 * supports: each one reads which dependencies may run install scripts from its own place (npm's
 * `allowScripts`, pnpm-workspace.yaml, yarn's `dependenciesMeta`, bun's `trustedDependencies`), and pnpm
 * reads pnpm-workspace.yaml without a `packages` list only from 10.5 on.
 */
export const packageManagerProbes: Record<PackageManager, ToolProbe> = {
  npm: {
    name: 'npm',
    command: ['npm', '--version'],
    version: '(\\d+\\.\\d+\\.\\d+)',
    minimum: '10.0.0',
    fix: 'npm comes with Node.js: install Node.js 24 LTS from https://nodejs.org',
  },
  pnpm: {
    name: 'pnpm',
    command: ['pnpm', '--version'],
    version: '(\\d+\\.\\d+\\.\\d+)',
    minimum: '10.5.0',
    fix: 'npm install --global pnpm@latest, or: corepack enable pnpm',
  },
  yarn: {
    name: 'Yarn',
    command: ['yarn', '--version'],
    version: '(\\d+\\.\\d+\\.\\d+)',
    minimum: '1.22.0',
    fix: 'npm install --global yarn, or: corepack enable yarn',
  },
  bun: {
    name: 'Bun',
    command: ['bun', '--version'],
    version: '(\\d+\\.\\d+\\.\\d+)',
    minimum: '1.2.0',
    fix: 'npm install --global bun, or see https://bun.sh',
  },
};
