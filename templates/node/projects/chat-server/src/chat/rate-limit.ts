/**
 * "At most `limit` events in any `windowMs`", exactly, for one socket: it keeps
 * the times of the last `limit` accepted events in a ring, and an event is
 * refused while the oldest of them is still inside the window. Unlike a fixed
 * window, a burst at the end of one window and the start of the next cannot
 * double the rate. It lives in memory because a socket lives on one instance.
 */
export class SlidingWindowLimiter {
  // Grows to `limit` entries at most; once full, `oldest` is the slot to overwrite.
  private readonly times: number[] = [];
  private oldest = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Records the event and returns true, or returns false (nothing recorded) when over the limit. */
  tryAcquire(): boolean {
    const now = this.clock();
    if (this.times.length < this.limit) {
      this.times.push(now);
      return true;
    }
    if (now - this.times[this.oldest]! < this.windowMs) return false;
    this.times[this.oldest] = now;
    this.oldest = (this.oldest + 1) % this.limit;
    return true;
  }
}
