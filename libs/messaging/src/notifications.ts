import type { DedicatedSession } from './session';

/**
 * Wakes a follower (relay, projection runner) when new events are committed: the events table's trigger
 * NOTIFYs `<schema>_events`. A notification that arrives while the follower is busy is remembered, so the
 * next `wait()` returns at once and no commit is ever slept through. The timeout is the polling fallback
 * (a lost connection still gets picked up).
 *
 * A notified commit can still be invisible to the gap-safe read: it hides everything written by transactions
 * newer than the oldest one running anywhere in the cluster. `HeldBackRecheck` makes a follower look again soon
 * instead of sleeping until the polling fallback.
 */
export class HeldBackRecheck {
  private delayMs = 0;

  constructor(
    private readonly firstDelayMs = 10,
    private readonly maxDelayMs = 1000,
  ) {}

  /**
   * Call after every read with how many events it returned and whether the wait before it was ended by a
   * notification; returns how long to sleep before reading again, or null to wait for the next notification.
   */
  next(found: number, notified: boolean): number | null {
    if (found > 0 || !notified) {
      this.delayMs = 0;
      return null;
    }
    this.delayMs = this.delayMs === 0 ? this.firstDelayMs : this.delayMs * 2;
    if (this.delayMs > this.maxDelayMs) {
      this.delayMs = 0;
      return null;
    }
    return this.delayMs;
  }
}

/** The wake-up half: see above. */
export class CommitNotifications {
  private pending = false;
  private wake: (() => void) | null = null;
  private listening = false;

  constructor(
    private readonly session: DedicatedSession,
    readonly channel: string,
  ) {
    session.onNotification((channel) => {
      if (channel !== this.channel) return;
      this.pending = true;
      this.wake?.();
    });
    session.onLost(() => {
      this.listening = false;
      // Wake the follower so it re-reads (and re-listens) instead of trusting a dead subscription.
      this.pending = true;
      this.wake?.();
    });
  }

  static channelFor(schema: string): string {
    return `${schema}_events`;
  }

  /** (Re)subscribes if the session connection was replaced. Safe to call before every wait. */
  async ensureListening(): Promise<void> {
    if (this.listening && this.session.isOpen) return;
    await this.session.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`);
    this.listening = true;
  }

  /**
   * Resolves on the next notification (or one already pending) with true, or with false after `timeoutMs` or
   * when `signal` aborts.
   */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (signal?.aborted) return Promise.resolve(false);
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const finish = (notified: boolean): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.wake = null;
        this.pending = false;
        resolve(notified);
      };
      const onAbort = (): void => finish(false);
      const timer = setTimeout(() => finish(false), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.wake = () => finish(true);
    });
  }
}
