import { readdir, readFile, readlink } from 'node:fs/promises';

/** The inodes of the sockets listening on `port` (IPv4 or IPv6), from /proc/net. */
async function listeningInodes(port: number): Promise<Set<string>> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; the inode is the 10th field.
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A' && fields[9]) inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** The pids whose process group is `pgid`. */
async function groupMembers(pgid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) pids.push(Number(entry));
  }
  return pids;
}

/**
 * The process that serves `port` in process group `pgid`: the one holding the listening socket, not
 * npm, sh or uv in front of it (their memory is not the service's).
 */
export async function serverPid(pgid: number, port: number): Promise<number> {
  const inodes = await listeningInodes(port);
  for (const pid of await groupMembers(pgid)) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode && inodes.has(inode)) return pid;
    }
  }
  throw new Error(`no process of group ${pgid} listens on port ${port}`);
}

/** CPU seconds (user + system) `pid` has used so far, or undefined once it has exited. */
export async function cpuSeconds(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat) return undefined;
  // After "pid (comm) ": state is field 3, utime and stime fields 14 and 15, in clock ticks (100 a second on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of `pid` in MiB (VmRSS), or undefined once it has exited. */
export async function rssMiB(pid: number): Promise<number | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const kib = status && /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  return kib ? Number(kib) / 1024 : undefined;
}

/** Samples the RSS of some processes every `intervalMs`; `mark()` starts a new window for the peak. */
export class RssSampler {
  readonly latest: number[];
  private peaks: number[];
  private readonly timer: NodeJS.Timeout;

  constructor(readonly pids: number[], intervalMs = 100) {
    this.latest = pids.map(() => 0);
    this.peaks = pids.map(() => 0);
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  /** Reads every process now; resolves with their current RSS. */
  async sample(): Promise<number[]> {
    const values = await Promise.all(this.pids.map((pid) => rssMiB(pid)));
    values.forEach((value, index) => {
      if (value === undefined) return;
      this.latest[index] = value;
      this.peaks[index] = Math.max(this.peaks[index]!, value);
    });
    return [...this.latest];
  }

  /** The peak of each process since the last call (or since sampling started), and a new window. */
  takePeaks(): number[] {
    const peaks = this.peaks;
    this.peaks = [...this.latest];
    return peaks;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
