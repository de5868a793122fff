import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

/** A frame the server sent, parsed from JSON (or `{ raw }` when it was not JSON). */
export type Frame = Record<string, unknown>;

/**
 * One chat member: a WebSocket that keeps every frame it receives in an inbox, so a case can wait
 * for the frame it expects (and skip the others, such as presence updates) without racing.
 */
export class Member {
  private inbox: Frame[] = [];
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(
    readonly socket: WebSocket,
    readonly room: string,
    readonly name: string,
  ) {
    socket.on('message', (data, isBinary) => {
      let frame: Frame;
      try {
        frame = isBinary ? { binary: true } : (JSON.parse(data.toString()) as Frame);
      } catch {
        frame = { raw: data.toString() };
      }
      this.inbox.push(frame);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    void this.closed.then(() => {
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Opens `/ws?room=&name=` on the instance at `baseUrl` and waits for the upgrade. */
  static async join(baseUrl: string, room: string, name: string): Promise<Member> {
    const socket = new WebSocket(wsUrl(baseUrl, { room, name }));
    const member = new Member(socket, room, name);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused for ${room}/${name}: ${res.statusCode}`)));
      socket.on('error', reject);
    });
    return member;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.socket.send(data, { binary });
  }

  /** Takes the first frame (received or still to come) that `matches`; fails after `timeoutMs`. */
  async expect(what: string, matches: (frame: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex(matches);
      if (index >= 0) return this.inbox.splice(index, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0 || this.socket.readyState === WebSocket.CLOSED) {
        const seen = this.inbox.map((frame) => JSON.stringify(frame).slice(0, 200)).join('\n  ');
        throw new Error(`${this.name} in ${this.room}: no ${what} within ${timeoutMs} ms${this.socket.readyState === WebSocket.CLOSED ? ' (socket closed)' : ''}; frames held:\n  ${seen}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Fails when a frame that `matches` arrives (or is held) within `ms`. */
  async expectNone(what: string, matches: (frame: Frame) => boolean, ms = 700): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const found = this.inbox.find(matches);
    assert.equal(found, undefined, `${this.name} must not receive ${what}: ${JSON.stringify(found)}`);
  }

  /** The frames received and not taken yet. */
  held(): Frame[] {
    return [...this.inbox];
  }

  async leave(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close(1000);
    await Promise.race([this.closed, new Promise((resolve) => setTimeout(resolve, 3000))]);
    this.socket.terminate();
  }
}

export function wsUrl(baseUrl: string, query: Record<string, string | undefined>): string {
  const url = new URL('/ws', baseUrl.replace(/^http/, 'ws'));
  for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
  return url.href;
}

/**
 * A plain HTTP GET carrying WebSocket upgrade headers, as a browser sends it: resolves to the status
 * and body when the server refuses, or to status 101 when it upgrades (the socket is then closed).
 */
export function rawUpgrade(url: string): Promise<{ status: number; body: string; contentType: string }> {
  const target = new URL(url.replace(/^ws/, 'http'));
  return new Promise((resolve, reject) => {
    const req = httpRequest(target, {
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      },
      timeout: 5000,
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, body: '', contentType: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, contentType: String(res.headers['content-type'] ?? '') }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/** What a `ws` client sees when the server refuses the upgrade: the status code. */
export function refusedStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      socket.terminate();
      reject(new Error(`${url} was upgraded, not refused`));
    });
    socket.on('error', (error) => reject(error));
  });
}
