import type { DedicatedSession } from './session';

/**
 * Wakes a follower (relay, projection runner) when new events are committed: the events table's trigger
 * NOTIFYs `<schema>_events`. A notification that arrives while the follower is busy is remembered, so the
 * next `wait()` returns at once and no commit is ever slept through. The timeout is the polling fallback
 * (a lost connection, or events held back by an unrelated long transaction, still get picked up).
 */
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

  /** Resolves on the next notification (or one already pending), after `timeoutMs`, or when `signal` aborts. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.pending || signal?.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.wake = null;
        this.pending = false;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
  }
}
