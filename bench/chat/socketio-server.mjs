// The baseline of `npm run bench:chat`: socket.io 4.8 with the Redis adapter, the same room semantics as
// the chat servers (each message is emitted to the room, on every instance, the sender included).
// PORT, HOST and REDIS_URL as for a generated project; GET /health answers 200 once the adapter is ready.
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const publisher = new Redis(process.env.REDIS_URL);
const subscriber = publisher.duplicate();
await Promise.all([publisher, subscriber].map((client) => new Promise((resolve) => client.once('ready', resolve))));

const http = createServer((request, response) => {
  response.writeHead(request.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
  response.end('{"status":"ok"}');
});
const io = new Server(http, { adapter: createAdapter(publisher, subscriber) });
let nextId = 1;

io.on('connection', (socket) => {
  const { room, name } = socket.handshake.query;
  if (typeof room !== 'string' || typeof name !== 'string') return socket.disconnect(true);
  socket.join(room);
  socket.emit('joined');
  socket.on('message', (frame) => {
    io.to(room).emit('message', { type: 'message', id: nextId++, room, name, text: frame.text, createdAt: new Date().toISOString() });
  });
});

http.listen(Number(process.env.PORT), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => {
  io.close();
  publisher.disconnect();
  subscriber.disconnect();
});
