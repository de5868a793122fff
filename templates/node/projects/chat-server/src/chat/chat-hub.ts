import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../logger.js';
import { ChatConnection, CloseCode } from './connection.js';
import type { RoomFanout } from './fanout.js';
import type { MessagesRepository } from './messages-repository.js';
import type { Presence, PresenceUpdate } from './presence.js';
import { errorFrame, parseClientFrame, type MessageFrame, type TypingFrame } from './protocol.js';
import { SlidingWindowLimiter } from './rate-limit.js';

const RATE_WINDOW_MS = 10_000;
// A client that does not answer a ping within this time is gone (a half-open TCP connection).
const PING_INTERVAL_MS = 30_000;
// At shutdown, clients get this long to answer the close frame before their sockets are cut.
const CLOSE_GRACE_MS = 3_000;

export interface ChatHubDeps {
  messages: MessagesRepository;
  presence: Presence;
  fanout: RoomFanout;
  logger: Logger;
  messagesPer10Seconds: number;
}

/** Remembers the last ids seen, so a message that reaches this instance twice is delivered once. */
class RecentIds {
  private readonly ids = new Set<number>();
  constructor(private readonly capacity: number) {}

  /** False when `id` was seen already. */
  add(id: number): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}

const textOf = (data: RawData): string => {
  if (Buffer.isBuffer(data)) return data.toString();
  return Array.isArray(data) ? Buffer.concat(data).toString() : Buffer.from(data).toString();
};

/**
 * The rooms of this instance: which sockets are in which room, what a client's
 * frame does, and how a room's events reach this instance's sockets.
 *
 * A message is stored in Postgres first (that gives it its id and time), then
 * published to the room on every instance. Each instance receives it and
 * writes it to its own members' sockets.
 */
export class ChatHub {
  private readonly rooms = new Map<string, Set<ChatConnection>>();
  // Presence changes in flight, awaited at shutdown.
  private readonly pending = new Set<Promise<void>>();
  private readonly delivered = new RecentIds(1_000);
  private pingTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(private readonly deps: ChatHubDeps) {}

  start(): void {
    this.deps.fanout.start((room, payload) => this.deliver(room, payload));
    this.deps.presence.start();
    this.pingTimer ??= setInterval(() => this.pingAll(), PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  /** Takes a socket whose room and name were checked before the upgrade. */
  connect(socket: WebSocket, room: string, name: string): void {
    if (this.closing) {
      socket.on('error', () => undefined);
      socket.close(CloseCode.goingAway, 'Server is shutting down');
      return;
    }
    const limit = this.deps.messagesPer10Seconds;
    const connection = new ChatConnection(
      socket,
      room,
      name,
      new SlidingWindowLimiter(limit, RATE_WINDOW_MS),
      new SlidingWindowLimiter(limit, RATE_WINDOW_MS),
      {
        onFrame: (conn, data, isBinary) => this.handleFrame(conn, data, isBinary),
        onLeave: (conn) => this.disconnect(conn),
      },
      this.deps.logger,
    );
    const members = this.rooms.get(room) ?? new Set<ChatConnection>();
    this.rooms.set(room, members);
    members.add(connection);
    this.deps.logger.debug({ room, name }, 'member joined');
    this.track(this.announce(room, this.deps.presence.join(room, name)));
  }

  /**
   * Writes an event published to `room` (by any instance) to this instance's
   * members. The payload is encoded once and the same bytes go to every socket.
   */
  deliver(room: string, payload: string): void {
    const members = this.rooms.get(room);
    if (!members) return;
    let event: { type?: string; id?: number; name?: string };
    try {
      event = JSON.parse(payload) as typeof event;
    } catch {
      this.deps.logger.warn({ room }, 'ignoring a malformed event from the room channel');
      return;
    }
    if (event.type === 'message' && typeof event.id === 'number' && !this.delivered.add(event.id)) {
      return;
    }
    const data = Buffer.from(payload);
    for (const member of members) {
      // Typing goes to the others: not to any socket of the one who types.
      if (event.type === 'typing' && member.name === event.name) continue;
      member.send(data);
    }
  }

  /** How many sockets this instance serves (for logs and tests). */
  get size(): number {
    let count = 0;
    for (const members of this.rooms.values()) count += members.size;
    return count;
  }

  /**
   * At shutdown: refuses new sockets, closes every socket with 1001 (going
   * away: clients reconnect, to another instance), waits until their last
   * frames are handled and their presence is removed.
   */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.pingTimer);
    const connections = [...this.rooms.values()].flatMap((members) => [...members]);
    for (const connection of connections) {
      connection.close(CloseCode.goingAway, 'Server is shutting down');
    }
    const finished = Promise.all(connections.map((connection) => connection.finished));
    const grace = new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref());
    if ((await Promise.race([finished.then(() => true), grace])) !== true) {
      for (const connection of connections) connection.socket.terminate();
      await finished;
    }
    await Promise.all(this.pending);
  }

  private disconnect(connection: ChatConnection): void {
    const { room, name } = connection;
    const members = this.rooms.get(room);
    members?.delete(connection);
    if (members?.size === 0) this.rooms.delete(room);
    this.deps.logger.debug({ room, name }, 'member left');
    this.track(this.announce(room, this.deps.presence.leave(room, name)));
  }

  /** One frame from a client; frames of one socket are handled one after the other. */
  private async handleFrame(
    connection: ChatConnection,
    data: RawData,
    isBinary: boolean,
  ): Promise<void> {
    if (isBinary) {
      connection.sendFrame(errorFrame('binary_not_supported', 'Frames must be JSON text'));
      return;
    }
    const parsed = parseClientFrame(textOf(data));
    if (!parsed.ok) {
      connection.sendFrame(parsed.error);
      return;
    }
    const { room, name } = connection;
    if (parsed.frame.type === 'typing') {
      // Typing is a hint: past the limit it is dropped without a word.
      if (!connection.typingLimit.tryAcquire()) return;
      const typing: TypingFrame = { type: 'typing', room, name };
      await this.deps.fanout.publish(room, JSON.stringify(typing));
      return;
    }

    if (!connection.messageLimit.tryAcquire()) {
      connection.sendFrame(
        errorFrame(
          'rate_limited',
          `At most ${this.deps.messagesPer10Seconds} messages per 10 seconds: slow down`,
        ),
      );
      return;
    }
    let message: MessageFrame;
    try {
      message = {
        type: 'message',
        ...(await this.deps.messages.insert(room, name, parsed.frame.text)),
      };
    } catch (err) {
      this.deps.logger.error({ err, room }, 'could not store a message');
      connection.sendFrame(errorFrame('unavailable', 'The message could not be stored: try again'));
      return;
    }
    await this.deps.fanout.publish(room, JSON.stringify(message));
  }

  /** Delivers a presence frame here unless it comes back through the subscription. */
  private async announce(room: string, update: Promise<PresenceUpdate>): Promise<void> {
    const { payload, published } = await update;
    if (!published || !this.deps.fanout.subscribed) this.deliver(room, payload);
  }

  private track(work: Promise<void>): void {
    const tracked = work
      .catch((err: unknown) => this.deps.logger.error({ err }, 'presence update failed'))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private pingAll(): void {
    for (const members of this.rooms.values()) {
      for (const member of members) {
        if (!member.alive) {
          member.socket.terminate();
          continue;
        }
        member.alive = false;
        member.socket.ping();
      }
    }
  }
}
