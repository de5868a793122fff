import { execa } from 'execa';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Project } from '../../src/catalog.js';
import { composeCommand } from '../support/lint-tools.js';
import { freePort } from '../support/free-port.js';

/**
 * `compose up --build` of the generated compose.yaml, as its README says, on free host ports: every
 * service starts and the app answers /health with ok. The build gets the host network (an override file),
 * since containers here reach no registry otherwise. Everything is removed afterwards (`down -v`).
 */
export async function composeUp(id: string, project: Project, cwd: string, logFile: string): Promise<void> {
  const [command, ...prefix] = await composeCommand();
  const built = project.processes.map((process) => (process.name === 'web' ? 'app' : process.name));
  const override = path.join(cwd, '.matrix-compose-build.yaml');
  await writeFile(override, `services:\n${built.map((name) => `  ${name}:\n    build:\n      network: host\n`).join('')}`);
  const ports = { PORT: String(await freePort()), POSTGRES_PORT: String(await freePort()), REDIS_PORT: String(await freePort()) };
  const args = [...prefix, '-p', `matrix-${id}`, '-f', 'compose.yaml', '-f', override];
  const log = createWriteStream(logFile);
  const run = async (more: string[]) => {
    log.write(`$ ${command} ${[...args, ...more].join(' ')}\n`);
    const child = execa(command!, [...args, ...more], { cwd, env: { ...process.env, ...ports }, all: true, reject: false, stdin: 'ignore' });
    child.all?.pipe(log, { end: false });
    return child;
  };
  try {
    const up = await run(['up', '-d', '--build']);
    if (up.exitCode !== 0) throw new Error(`compose up exited ${up.exitCode}`);
    const deadline = Date.now() + 120_000;
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${ports.PORT}/health`).catch(() => undefined);
      const body = response?.status === 200 ? ((await response.json()) as { status?: string }) : undefined;
      if (body?.status === 'ok') break;
      if (Date.now() > deadline) throw new Error(`the app did not answer /health with ok within 120 s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const running = await run(['ps', '--services', '--filter', 'status=running']);
    const services = running.all?.split('\n').filter((line) => /^[a-z-]+$/.test(line)) ?? [];
    for (const name of [...built, 'postgres', 'redis']) {
      if (!services.includes(name)) throw new Error(`compose service ${name} is not running`);
    }
  } finally {
    await run(['down', '-v', '--rmi', 'local']);
    log.end();
  }
}
