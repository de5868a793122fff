import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ChatHub } from './chat/chat-hub.js';
import { WEBSOCKET_SERVER_OPTIONS } from './chat/connection.js';
import { ConnectQuery } from './chat/schemas.js';
import { errorBody, type ErrorBody } from './errors.js';
import type { Logger } from './logger.js';
import { issuesToDetails } from './validation.js';

// An incoming id is reused only when it is short and plain, as for HTTP requests.
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The query as an object; a parameter given twice becomes a list (and fails the schema). */
function queryObject(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return query;
}

/**
 * Answers an upgrade request with a plain HTTP error instead of a WebSocket.
 * Nothing was upgraded yet, so this is an ordinary response written on the
 * socket, in the one error shape, and the connection is closed.
 */
function refuse(
  socket: Duplex,
  status: number,
  body: ErrorBody,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
    `X-Request-Id: ${requestId}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${json}`);
}

/**
 * WebSockets on the HTTP server's 'upgrade' event: GET /ws?room=&name= is
 * checked first, and only a valid request is upgraded and handed to the hub.
 * Returns a function that stops accepting upgrades (at shutdown).
 */
export function acceptWebSockets(server: Server, chat: ChatHub, logger: Logger): () => void {
  const sockets = new WebSocketServer({ noServer: true, ...WEBSOCKET_SERVER_OPTIONS });

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Until ws takes the socket over, a client that resets it must not crash the process.
    socket.on('error', () => socket.destroy());
    const incoming = request.headers['x-request-id'];
    const requestId =
      typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const url = new URL(request.url ?? '/', 'http://localhost');
    const log = (statusCode: number) =>
      logger.info({ requestId, method: request.method, url: url.pathname, statusCode }, 'upgrade');

    if (url.pathname !== '/ws') {
      log(404);
      refuse(socket, 404, errorBody('not_found', 'No such route'), requestId);
      return;
    }
    if (request.method !== 'GET') {
      log(405);
      refuse(
        socket,
        405,
        errorBody('method_not_allowed', `${request.method} is not allowed on this path`),
        requestId,
        { Allow: 'GET, HEAD' },
      );
      return;
    }
    const query = ConnectQuery.safeParse(queryObject(url.searchParams));
    if (!query.success) {
      log(400);
      refuse(
        socket,
        400,
        errorBody(
          'validation_error',
          'The request is invalid',
          issuesToDetails(query.error.issues, 'query'),
        ),
        requestId,
      );
      return;
    }
    const { room, name } = query.data;
    sockets.handleUpgrade(request, socket, head, (websocket) => {
      log(101);
      chat.connect(websocket, room, name);
    });
  };

  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
  };
}
