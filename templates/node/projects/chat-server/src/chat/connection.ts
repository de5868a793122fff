import { WebSocket, type RawData } from 'ws';
import type { Logger } from '../logger.js';
import type { SlidingWindowLimiter } from './rate-limit.js';

/** A frame larger than this closes the socket with 1009 (the WebSocket server enforces it). */
export const MAX_FRAME_BYTES = 16 * 1024;

/**
 * How much may wait in a socket's send buffer. A client that stops reading
 * (a frozen tab, a dead network) would otherwise make the server buffer every
 * message of the room for it, without bound. Past this it is closed with 1013.
 */
export const MAX_SEND_QUEUE_BYTES = 1024 * 1024;

/** Options for the `ws` WebSocket server, the same in every framework. */
export const WEBSOCKET_SERVER_OPTIONS = {
  maxPayload: MAX_FRAME_BYTES,
  // Compression costs CPU and memory per socket; chat frames are small.
  perMessageDeflate: false,
} as const;

export const CloseCode = {
  goingAway: 1001,
  messageTooBig: 1009,
  tryAgainLater: 1013,
} as const;

// Frames waiting to be handled before the server stops reading from the socket
// (TCP then slows the client down): the inbox stays small whatever a client sends.
const MAX_WAITING_FRAMES = 32;

export interface ConnectionHandlers {
  /** Handles one frame; the next frame waits until the returned promise settles. */
  onFrame: (connection: ChatConnection, data: RawData, isBinary: boolean) => Promise<void>;
  /**
   * Called once, when the member leaves: when the server starts closing the
   * socket, or when the client closed it, whichever comes first.
   */
  onLeave: (connection: ChatConnection) => void;
}

/**
 * One member's socket. It handles the client's frames one at a time, in the
 * order they arrived (an async handler per 'message' event would let a quick
 * second message overtake a first one still being stored), and bounds what
 * waits to be sent to the client.
 */
export class ChatConnection {
  /** Set by the ping loop; false when the client did not answer the last ping. */
  alive = true;
  /** Resolves once the socket has closed and every frame it sent has been handled. */
  readonly finished: Promise<void>;

  private readonly inbox: { data: RawData; isBinary: boolean }[] = [];
  private draining: Promise<void> | undefined;
  private left = false;

  constructor(
    readonly socket: WebSocket,
    readonly room: string,
    readonly name: string,
    readonly messageLimit: SlidingWindowLimiter,
    readonly typingLimit: SlidingWindowLimiter,
    private readonly handlers: ConnectionHandlers,
    private readonly logger: Logger,
  ) {
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('pong', () => {
      this.alive = true;
    });
    // A protocol error (a frame over maxPayload, invalid UTF-8): ws has already
    // started closing the socket with the matching code (1009, 1007).
    socket.on('error', (err) => {
      logger.debug({ err, room, name }, 'websocket protocol error');
    });
    this.finished = new Promise((resolve) => {
      socket.once('close', () => {
        this.leave();
        // Frames that arrived before the close are still handled (a client may
        // send a message and close right away).
        void (this.draining ?? Promise.resolve()).then(() => resolve());
      });
    });
  }

  /**
   * Queues an encoded frame for the client. The same Buffer can go to every
   * member of a room: it is encoded once, not once per socket. Returns false
   * when the socket is closed, or is now being closed because it fell behind.
   */
  send(data: Buffer): boolean {
    if (this.socket.readyState !== WebSocket.OPEN) return false;
    // bufferedAmount: bytes accepted by send() that the kernel has not taken yet.
    if (this.socket.bufferedAmount + data.length > MAX_SEND_QUEUE_BYTES) {
      this.logger.warn(
        { room: this.room, name: this.name, bufferedBytes: this.socket.bufferedAmount },
        'closing a socket that does not keep up with its room',
      );
      this.close(CloseCode.tryAgainLater, 'Too slow: send queue full');
      return false;
    }
    this.socket.send(data, { binary: false });
    return true;
  }

  /** Sends one frame to this client only (an error, for instance). */
  sendFrame(frame: object): boolean {
    return this.send(Buffer.from(JSON.stringify(frame)));
  }

  /**
   * Starts the closing handshake. The member leaves the room now: the close
   * frame may wait behind a full send buffer, and the client may never answer
   * it (the socket is then cut after 30 s).
   */
  close(code: number, reason: string): void {
    this.leave();
    this.socket.close(code, reason);
  }

  private leave(): void {
    if (this.left) return;
    this.left = true;
    this.handlers.onLeave(this);
  }

  private receive(data: RawData, isBinary: boolean): void {
    this.inbox.push({ data, isBinary });
    if (this.inbox.length >= MAX_WAITING_FRAMES) this.socket.pause();
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  private async drain(): Promise<void> {
    for (let next = this.inbox.shift(); next; next = this.inbox.shift()) {
      try {
        await this.handlers.onFrame(this, next.data, next.isBinary);
      } catch (err) {
        this.logger.error({ err, room: this.room }, 'a frame could not be handled');
      }
      if (this.socket.isPaused && this.inbox.length < MAX_WAITING_FRAMES / 2) this.socket.resume();
    }
  }
}
