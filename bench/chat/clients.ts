import { io } from 'socket.io-client';
import WebSocket from 'ws';

/** What a load-generator socket reports: each chat text it receives, and anything that went wrong (an error frame, a close it did not ask for). */
export interface ClientHandlers {
  /** Any frame arrived (presence included): the room is not quiet yet. */
  onFrame(): void;
  onText(text: string): void;
  onProblem(reason: string): void;
}

/** One member of the room, on one instance. */
export interface BenchClient {
  /** Resolves when the server has confirmed the join; rejects if the socket closes first. */
  joined: Promise<void>;
  send(text: string): void;
  /** Drops the connection without a closing handshake (the servers are stopped by then). */
  terminate(): void;
}

export type ClientFactory = (baseUrl: string, room: string, name: string, handlers: ClientHandlers) => BenchClient;

/**
 * A client of the chat protocol (chat-server.md) with `ws`. It has joined once a presence frame lists its
 * name. Presence frames after that are skipped without decoding them (during the join they hold up to
 * 1,000 names each, and every join sends one to every member): the load generator's CPU goes to the
 * message frames it measures.
 */
export const chatClient: ClientFactory = (baseUrl, room, name, handlers) => {
  const url = `${baseUrl.replace(/^http/, 'ws')}/ws?room=${room}&name=${name}`;
  const socket = new WebSocket(url, { perMessageDeflate: false });
  let joined = false;
  let stopping = false;
  let resolveJoined!: () => void;
  let rejectJoined!: (error: Error) => void;
  const joinedPromise = new Promise<void>((resolve, reject) => {
    resolveJoined = resolve;
    rejectJoined = reject;
  });
  socket.on('message', (data: Buffer) => {
    handlers.onFrame();
    if (data.indexOf('"presence"') !== -1) {
      if (!joined) {
        const frame = JSON.parse(data.toString()) as { members?: string[] };
        if (frame.members?.includes(name)) {
          joined = true;
          resolveJoined();
        }
      }
      return;
    }
    const frame = JSON.parse(data.toString()) as { type: string; text?: string; code?: string };
    if (frame.type === 'message') handlers.onText(frame.text!);
    else if (frame.type === 'error') handlers.onProblem(`error frame ${frame.code} for ${name}`);
  });
  socket.on('error', (error) => {
    if (!joined) rejectJoined(new Error(`${name}: ${error.message}`));
  });
  socket.on('close', (code, reason) => {
    const why = `${name} closed ${code} ${reason.toString()}`;
    if (!joined) rejectJoined(new Error(why));
    else if (!stopping) handlers.onProblem(why);
  });
  return {
    joined: joinedPromise,
    send: (text) => socket.send(JSON.stringify({ type: 'message', text })),
    terminate() {
      stopping = true;
      socket.terminate();
    },
  };
};

/**
 * A `socket.io-client` of the baseline server (socketio-server.mjs): WebSocket transport only, one
 * connection per client (forceNew: several clients of one URL would otherwise share one connection).
 */
export const socketIoClient: ClientFactory = (baseUrl, room, name, handlers) => {
  const socket = io(baseUrl, { transports: ['websocket'], forceNew: true, reconnection: false, query: { room, name } });
  let joined = false;
  let stopping = false;
  const joinedPromise = new Promise<void>((resolve, reject) => {
    socket.once('joined', () => {
      joined = true;
      resolve();
    });
    socket.once('connect_error', (error) => reject(new Error(`${name}: ${error.message}`)));
  });
  socket.onAny(() => handlers.onFrame());
  socket.on('message', (frame: { text: string }) => handlers.onText(frame.text));
  socket.on('disconnect', (reason) => {
    if (joined && !stopping) handlers.onProblem(`${name} disconnected: ${reason}`);
  });
  return {
    joined: joinedPromise,
    send: (text) => socket.emit('message', { text }),
    terminate() {
      stopping = true;
      socket.disconnect();
    },
  };
};
