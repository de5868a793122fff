import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';

/** A frame the server sent, parsed. */
export type Frame = { type: string } & Record<string, unknown>;
export type MessageFrame = Frame & {
  id: number;
  room: string;
  name: string;
  text: string;
  createdAt: string;
};

/** A room no other test (or earlier run) uses. */
export const uniqueRoom = (label = 'room'): string => `${label}-${randomUUID().slice(0, 8)}`;

export const wsUrl = (baseUrl: string, room: string, name: string): string =>
  `${baseUrl.replace(/^http/, 'ws')}/ws?${new URLSearchParams({ room, name })}`;

interface Waiter {
  match: (frame: Frame) => boolean;
  resolve: (frame: Frame) => void;
}

/**
 * A WebSocket client for tests. Received frames wait in an inbox until a test
 * takes them with next(): frames it does not ask for stay, in order.
 */
export class ChatClient {
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly inbox: Frame[] = [];
  private readonly waiters: Waiter[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(JSON.parse(String(data)) as Frame));
    // A reset connection ends in 'close' too; without a listener 'error' would throw.
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
    });
  }

  /** Connects as `name` to `room` on the instance at `baseUrl`, and waits for the open. */
  static async connect(baseUrl: string, room: string, name: string): Promise<ChatClient> {
    const socket = new WebSocket(wsUrl(baseUrl, room, name));
    const client = new ChatClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) =>
        reject(new Error(`upgrade refused with ${res.statusCode}`)),
      );
    });
    return client;
  }

  /** Sends a frame as JSON text. */
  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Sends a chat message. */
  say(text: string): void {
    this.send({ type: 'message', text });
  }

  /** The first frame (received already or to come) that matches, taken out of the inbox. */
  next<F extends Frame = Frame>(
    match: (frame: Frame) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<F> {
    const index = this.inbox.findIndex(match);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0] as F);
    return new Promise<F>((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame as F);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const seen = this.inbox.map((frame) => JSON.stringify(frame)).join('\n  ');
        reject(new Error(`no matching frame within ${timeoutMs} ms; unread frames:\n  ${seen}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The next frame of this type. */
  nextOf<F extends Frame = Frame>(type: string, timeoutMs?: number): Promise<F> {
    return this.next<F>((frame) => frame.type === type, timeoutMs);
  }

  /** The next presence frame whose member list is exactly `members`. */
  presence(members: string[], timeoutMs?: number): Promise<Frame> {
    const expected = JSON.stringify(members);
    return this.next(
      (frame) => frame.type === 'presence' && JSON.stringify(frame.members) === expected,
      timeoutMs,
    );
  }

  /** Collects the next `count` message frames, in arrival order. */
  async messages(count: number, timeoutMs?: number): Promise<MessageFrame[]> {
    const messages: MessageFrame[] = [];
    for (let i = 0; i < count; i++)
      messages.push(await this.nextOf<MessageFrame>('message', timeoutMs));
    return messages;
  }

  /** Frames received and not taken yet. */
  unread(type?: string): Frame[] {
    return this.inbox.filter((frame) => type === undefined || frame.type === type);
  }

  close(): void {
    this.socket.close();
  }

  private receive(frame: Frame): void {
    const index = this.waiters.findIndex((waiter) => waiter.match(frame));
    if (index >= 0) this.waiters.splice(index, 1)[0]!.resolve(frame);
    else this.inbox.push(frame);
  }
}

/**
 * Tries to open a socket and reports the refusal: the HTTP status and JSON body
 * the server answered instead of upgrading.
 */
export async function refusedUpgrade(
  url: string,
): Promise<{ status: number; body: unknown; contentType: string | undefined }> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(text) as unknown,
          contentType: res.headers['content-type'],
        });
        socket.terminate();
      });
    });
  });
}

/** Retries `check` until it passes (returns without throwing) or `timeoutMs` runs out. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
