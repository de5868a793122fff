import { EventEmitter } from 'node:events';
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { ChatConnection, MAX_SEND_QUEUE_BYTES } from '../../src/chat/connection.js';
import { SlidingWindowLimiter } from '../../src/chat/rate-limit.js';
import { silentLogger } from '../support/config.js';

/** Just enough of a ws WebSocket: what the connection calls, recorded. */
class FakeSocket extends EventEmitter {
  readyState: number = WebSocket.OPEN;
  bufferedAmount = 0;
  isPaused = false;
  sent: string[] = [];
  closedWith: number | undefined;

  send(data: Buffer) {
    this.sent.push(data.toString());
    this.bufferedAmount += data.length;
  }
  close(code: number) {
    this.closedWith = code;
    this.readyState = WebSocket.CLOSING;
  }
  pause() {
    this.isPaused = true;
  }
  resume() {
    this.isPaused = false;
  }
}

function connect(onFrame: (text: string) => Promise<void> = async () => undefined) {
  const socket = new FakeSocket();
  const left: string[] = [];
  const connection = new ChatConnection(
    socket as unknown as WebSocket,
    'room',
    'alice',
    new SlidingWindowLimiter(10, 10_000),
    new SlidingWindowLimiter(10, 10_000),
    {
      onFrame: (_connection, data) => onFrame(String(data)),
      onLeave: (conn) => left.push(conn.name),
    },
    silentLogger,
  );
  return { socket, connection, left };
}

describe('ChatConnection', () => {
  it('handles frames one at a time, in order, however long each takes', async () => {
    const handled: string[] = [];
    let running = 0;
    let maxRunning = 0;
    let allHandled: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (allHandled = resolve));
    const { socket } = connect(async (text) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      // The first frames take longest: with a handler per event they would finish last.
      await new Promise((resolve) => setTimeout(resolve, 30 - Number(text)));
      handled.push(text);
      running--;
      if (handled.length === 10) allHandled();
    });
    for (let i = 0; i < 10; i++) socket.emit('message', Buffer.from(String(i)), false);

    await done;
    expect(handled).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(maxRunning).toBe(1);
  });

  it('stops reading while too many frames wait, and reads again once they are handled', async () => {
    let release: () => void = () => undefined;
    const { socket } = connect(() => new Promise((resolve) => (release = resolve)));
    for (let i = 0; i < 40; i++) socket.emit('message', Buffer.from('x'), false);
    expect(socket.isPaused).toBe(true);
    for (let i = 0; i < 40; i++) {
      release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(socket.isPaused).toBe(false);
  });

  it('sends until about 1 MiB waits for the client, then closes with 1013 and leaves', () => {
    const { socket, connection, left } = connect();
    const frame = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    while (connection.send(frame)) sent++;

    expect(sent).toBe(MAX_SEND_QUEUE_BYTES / frame.length);
    expect(socket.closedWith).toBe(1013);
    expect(left).toEqual(['alice']);
    // Nothing more is queued for it.
    expect(connection.send(frame)).toBe(false);
    expect(socket.sent).toHaveLength(sent);
  });

  it('leaves once, whether the server or the client closes first', () => {
    const { socket, connection, left } = connect();
    connection.close(1001, 'bye');
    socket.emit('close', 1001, Buffer.alloc(0));
    expect(left).toEqual(['alice']);
  });
});
