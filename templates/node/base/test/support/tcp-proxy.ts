import { once } from 'node:events';
import net from 'node:net';

/**
 * A loopback TCP proxy to a dependency that tests can switch off and on, to see
 * the service lose and regain it without stopping the real server.
 */
export class TcpProxy {
  private server: net.Server | undefined;
  private readonly connections = new Set<net.Socket>();

  private constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {}

  /** A proxy for `serviceUrl` (e.g. the test Redis URL) on a free port, initially down. */
  static async create(serviceUrl: string, defaultPort: number): Promise<TcpProxy> {
    const url = new URL(serviceUrl);
    const probe = net.createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as net.AddressInfo;
    probe.close();
    return new TcpProxy({ host: url.hostname, port: Number(url.port) || defaultPort }, port);
  }

  /** `serviceUrl` pointed at the proxy. */
  urlFor(serviceUrl: string): string {
    const url = new URL(serviceUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async up(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const socket of [client, upstream]) {
        this.connections.add(socket);
        socket.on('close', () => this.connections.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
  }

  /** Refuses new connections and cuts the open ones, like a dependency that went away. */
  async down(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
