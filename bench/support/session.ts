import { startLocalServers } from '../../tests/support/local-servers.js';
import { snapshotCli, type CliSnapshot } from './cli-snapshot.js';
import { stopAll } from './processes.js';

export interface BenchSession extends Omit<CliSnapshot, 'remove'> {
  databaseUrl: string;
  redisUrl: string;
  /** Stops every server started, local Postgres and Redis, and removes the temp folder. */
  close(): Promise<void>;
}

/**
 * What every benchmark starts from: a snapshot of the built CLI with the stacks of `projectId`, and
 * local Postgres and Redis. Ctrl-C (or SIGTERM) cleans all of it up and exits with 130.
 */
export async function openBench(prefix: string, projectId: string): Promise<BenchSession> {
  const { remove, ...snapshot } = await snapshotCli(prefix, projectId);
  const infra = await startLocalServers().catch(async (error: unknown) => {
    await remove();
    throw error;
  });
  const close = async () => {
    await stopAll();
    await infra.stop();
    await remove();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void close().finally(() => process.exit(130)));
  }
  return { ...snapshot, databaseUrl: infra.databaseUrl, redisUrl: infra.redisUrl, close };
}
