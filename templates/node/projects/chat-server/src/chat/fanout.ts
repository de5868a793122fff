import type { Logger } from '../logger.js';
import { closeRedis, type Redis } from '../redis.js';

/** Every room has its channel; one pattern subscription receives them all. */
export const channelFor = (room: string): string => `chat:${room}`;
const CHANNEL_PATTERN = 'chat:*';
const roomOf = (channel: string): string => channel.slice('chat:'.length);

export type Deliver = (room: string, payload: string) => void;

/**
 * Fan-out across instances with Redis pub/sub. Every instance publishes what
 * happens in a room on `chat:<room>` and, through one pattern subscription,
 * receives what every instance (itself included) published, which it hands to
 * its own members. Redis sends a connection's messages in publish order, so
 * every member of a room sees the same order.
 *
 * Pub/sub delivers to whoever listens at that moment and keeps nothing: an
 * instance that is disconnected misses what was published meanwhile (history
 * in Postgres is the record). While this instance cannot publish, or is not
 * subscribed, it delivers to its own members directly: the room keeps working
 * on one instance, and fan-out resumes when Redis is back.
 */
export class RoomFanout {
  private live = false;
  private deliver: Deliver = () => undefined;
  // A connection of its own: a subscribed connection can do nothing but listen.
  private readonly subscriber: Redis;

  constructor(
    private readonly publisher: Redis,
    private readonly logger: Logger,
  ) {
    // Same URL and fail-fast options; it reconnects by itself like the publisher.
    this.subscriber = publisher.duplicate();
    // The publisher's 'error' listener already logs Redis going away.
    this.subscriber.on('error', (err) => logger.debug({ err }, 'redis subscriber error'));
  }

  /** True while this instance's subscription is up, so its own publishes come back to it. */
  get subscribed(): boolean {
    return this.live;
  }

  /**
   * Subscribes now if the connection is ready, and again after every reconnect:
   * a new connection has no subscriptions, and 'ready' comes after Redis
   * answered the ready check, when a SUBSCRIBE is sure to be accepted.
   */
  start(deliver: Deliver): void {
    this.deliver = deliver;
    this.subscriber.on('ready', () => void this.subscribe());
    this.subscriber.on('close', () => {
      if (this.live) this.logger.warn('redis subscription lost; delivering to local members only');
      this.live = false;
    });
    this.subscriber.on('pmessage', (_pattern: string, channel: string, payload: string) => {
      this.deliver(roomOf(channel), payload);
    });
    if (this.subscriber.status === 'ready') void this.subscribe();
  }

  /** Resolves once subscribed, or after `timeoutMs` (the service starts without Redis too). */
  async waitUntilSubscribed(timeoutMs = 2_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.live && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Sends `payload` to every member of `room` on every instance. */
  async publish(room: string, payload: string): Promise<void> {
    if (this.live) {
      try {
        await this.publisher.publish(channelFor(room), payload);
        return; // it comes back through the subscription, in order with everyone else's
      } catch (err) {
        this.logger.debug({ err, room }, 'publish failed; delivering locally');
      }
      this.deliver(room, payload);
      return;
    }
    // Not subscribed: this instance would not hear its own publish. Deliver here,
    // and still tell the other instances if Redis takes the publish.
    this.deliver(room, payload);
    await this.publisher.publish(channelFor(room), payload).catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.live = false;
    this.subscriber.removeAllListeners('ready');
    await closeRedis(this.subscriber);
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.psubscribe(CHANNEL_PATTERN);
      this.live = true;
      this.logger.info({ pattern: CHANNEL_PATTERN }, 'subscribed to room channels');
    } catch (err) {
      // The connection dropped again; the next 'ready' retries.
      this.logger.warn({ err }, 'redis subscribe failed');
    }
  }
}
