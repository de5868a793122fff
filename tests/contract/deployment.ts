/**
 * What a project's contract suite (`tests/contract/<project>.ts`) is given: the running processes of one
 * generated project, started by the template matrix from the project's `processes` in the catalog.
 *
 * A suite module exports `cases: ContractCase[]` and, optionally, `env`: variables the matrix sets for
 * every process of the project (short leases and backoffs so a suite finishes in seconds).
 */
export interface ContractCase {
  name: string;
  run(deployment: Deployment): Promise<void>;
}

export interface Deployment {
  /** Base URLs of the web instances (`http://127.0.0.1:<port>`), one per `web` instance. */
  web: string[];
  /** Every process the project declares, web instances first, in declaration order. */
  processes: ProcessHandle[];
  /** Postgres and Redis URLs the processes use (for checks a black box cannot make, e.g. none by default). */
  databaseUrl: string;
  redisUrl: string;
}

export interface ProcessHandle {
  /** `web` or `worker`. */
  role: string;
  /** 0-based, per role. */
  index: number;
  /** Base URL for `web` processes. */
  url?: string;
  running(): boolean;
  /** Sends the signal to the process group and waits for the exit (up to 15 s); resolves to the exit code or signal. */
  stop(signal: 'SIGTERM' | 'SIGKILL' | 'SIGINT'): Promise<number | string | undefined>;
  /** Starts the process again with the same command and environment, resolving once it is ready. */
  start(): Promise<void>;
}

export interface ContractSuite {
  cases: ContractCase[];
  env?: Record<string, string>;
  /** Variables for the Schemathesis run against one web process (a rate limit it cannot reach). */
  fuzzEnv?: Record<string, string>;
}
