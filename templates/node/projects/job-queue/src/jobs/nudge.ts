/**
 * A sleep that can be cut short: the worker loop waits on it, and a wake-up, a
 * freed slot or a shutdown calls notify() to end the wait at once.
 */
export class Nudge {
  private wakeWaiter: (() => void) | undefined;

  /** Resolves on the next notify(), or after `ms` when given. */
  wait(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => done(), ms);
      const done = () => {
        clearTimeout(timer);
        this.wakeWaiter = undefined;
        resolve();
      };
      this.wakeWaiter = done;
    });
  }

  /** Ends the current wait, if any. */
  notify(): void {
    this.wakeWaiter?.();
  }
}
