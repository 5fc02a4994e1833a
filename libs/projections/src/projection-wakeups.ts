import type { DedicatedSession } from '@rcrp/messaging';

/**
 * One LISTEN on the events channel for all of a service's projections, fanned out: each projection's loop waits on
 * its own `Wakeup`, so a loop that is busy or backing off neither consumes nor delays another loop's wake-up.
 */
export class ProjectionWakeups {
  private readonly wakeups = new Set<Wakeup>();
  private listening: Promise<void> | null = null;
  private listened = false;

  constructor(
    private readonly session: DedicatedSession,
    private readonly channel: string,
  ) {
    session.onNotification((name) => {
      if (name === channel) this.wakeAll();
    });
    session.onLost(() => {
      this.listening = null;
      // Wake every loop so it re-reads (and re-listens) instead of trusting a dead subscription.
      this.wakeAll();
    });
  }

  subscribe(): Wakeup {
    const wakeup = new Wakeup();
    this.wakeups.add(wakeup);
    return wakeup;
  }

  /**
   * (Re)subscribes once for every caller if the session connection was replaced. Callers arriving while the LISTEN
   * is under way share it: a second one would open a second session connection and leak the first.
   */
  ensureListening(): Promise<void> {
    if (this.listening && (!this.listened || this.session.isOpen)) return this.listening;
    this.listened = false;
    const listening = this.session.query(`LISTEN "${this.channel.replace(/"/g, '""')}"`).then(
      () => {
        if (this.listening === listening) this.listened = true;
      },
      (error: unknown) => {
        if (this.listening === listening) this.listening = null;
        throw error;
      },
    );
    this.listening = listening;
    return listening;
  }

  private wakeAll(): void {
    for (const wakeup of this.wakeups) wakeup.wake();
  }
}

/** One loop's wake-up: remembers a notification that came while the loop was busy. */
export class Wakeup {
  private pending = false;
  private resolve: ((notified: boolean) => void) | null = null;

  wake(): void {
    if (this.resolve) this.resolve(true);
    else this.pending = true;
  }

  /** True on a notification (or one already pending), false after `timeoutMs` or when `signal` aborts. */
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
        this.resolve = null;
        this.pending = false;
        resolve(notified);
      };
      const onAbort = (): void => finish(false);
      const timer = setTimeout(() => finish(false), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.resolve = finish;
    });
  }
}
