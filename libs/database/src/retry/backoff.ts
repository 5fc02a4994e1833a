/**
 * Exponential back-off with jitter: the wait between tries after a transient failure (RetryPolicy.backoff), used by
 * the consumer runner, the projection loops and the outbox relay (broker down).
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

// At most 5 s between tries: a database or broker that comes back (a routine restart) is noticed within seconds.
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 5_000 };

export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  /** Delay before the next attempt; grows 2x per failure up to `maxMs`, +-20 % jitter so instances spread out. */
  next(): number {
    const base = Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.attempt);
    this.attempt += 1;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  reset(): void {
    this.attempt = 0;
  }

  get failures(): number {
    return this.attempt;
  }
}

/** Sleeps `ms`, or less when `signal` aborts (so stop() never waits for a full back-off). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
