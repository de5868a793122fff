import { connect } from 'node:net';

/** Empties the logical database a redis:// URL names (FLUSHDB), so one run's keys (rate-limit windows) never reach the next step. */
export function resetRedisDatabase(url: string): Promise<void> {
  const parsed = new URL(url);
  const db = parsed.pathname.slice(1) || '0';
  const command = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
  const commands = [
    ...(parsed.password ? [command('AUTH', ...(parsed.username ? [decodeURIComponent(parsed.username)] : []), decodeURIComponent(parsed.password))] : []),
    command('SELECT', db),
    command('FLUSHDB'),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(parsed.port || 6379), parsed.hostname);
    let replies = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error(`redis at ${parsed.host} did not answer`)));
    socket.on('error', reject);
    socket.on('connect', () => socket.write(commands.join('')));
    socket.on('data', (chunk) => {
      replies += chunk.toString();
      const lines = replies.split('\r\n').filter(Boolean);
      const error = lines.find((line) => line.startsWith('-'));
      if (error) socket.destroy(new Error(`redis: ${error.slice(1)}`));
      else if (lines.length >= commands.length) {
        socket.end();
        resolve();
      }
    });
  });
}
