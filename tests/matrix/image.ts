import type { ProjectProcess, Stack } from '../../src/catalog.js';

/** The image's tag for one matrix run. */
export const imageTag = (id: string) => `roadmap-matrix/${id}:latest`;

/** `docker build` of the generated Dockerfile; the host network lets the build reach the package registries. */
export const buildCommand = (id: string) => `docker build --network host -t ${imageTag(id)} .`;

/**
 * A process of the project run from its image: the image's own command for `web`, the stack's image command
 * for the others (a worker), on the host network so it reaches the test Postgres and Redis on loopback.
 * `docker run` forwards SIGTERM to the container, so it stops like a process started by hand.
 */
export function containerCommand(id: string, stack: Stack, process: ProjectProcess, variables: string[]): string {
  const env = variables.map((name) => `-e ${name}`).join(' ');
  const command = process.name === 'web' ? '' : ` ${stack.processes[process.name].docker.map((part) => `'${part}'`).join(' ')}`;
  return `docker run --rm --init --network host ${env} ${imageTag(id)}${command}`;
}
