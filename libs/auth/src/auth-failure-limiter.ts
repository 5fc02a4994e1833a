import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { AppConfig } from '@rcrp/config';

/** Too many requests from one client; the HTTP error filter answers 429 with `Retry-After`. */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

const WINDOW_MS = 60_000;
/** Blocked clients are remembered until their block ends; past this many, expired entries are swept. */
const SWEEP_AT = 10_000;

/**
 * Counts failed authentications per client (IP address) with @nestjs/throttler's storage. Past
 * AUTH_FAILURES_PER_MINUTE the client is blocked for a minute: every request from it is then 429, even one with a
 * valid token, so guessing gains nothing from the block's end being near.
 */
@Injectable()
export class AuthFailureLimiter implements OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();
  private readonly blockedUntil = new Map<string, number>();
  private readonly limit: number;

  constructor(config: AppConfig) {
    this.limit = config.rateLimit.authFailuresPerMinute;
  }

  /** Throws `RateLimitedError` while the client is blocked. */
  assertNotBlocked(client: string, now = Date.now()): void {
    const until = this.blockedUntil.get(client);
    if (until === undefined) return;
    if (until <= now) {
      this.blockedUntil.delete(client);
      return;
    }
    throw blocked(Math.ceil((until - now) / 1000));
  }

  /** Counts one failure; throws `RateLimitedError` once the client is over the limit. */
  async recordFailure(client: string, now = Date.now()): Promise<void> {
    const { isBlocked, timeToBlockExpire } = await this.storage.increment(
      `auth-failures:${client}`,
      WINDOW_MS,
      this.limit,
      WINDOW_MS,
      'auth-failures',
    );
    if (!isBlocked) return;
    if (this.blockedUntil.size >= SWEEP_AT) {
      for (const [key, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(key);
    }
    this.blockedUntil.set(client, now + timeToBlockExpire * 1000);
    throw blocked(timeToBlockExpire);
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }
}

function blocked(retryAfterSeconds: number): RateLimitedError {
  return new RateLimitedError(
    `Too many failed authentications from this client; try again in ${retryAfterSeconds} s`,
    retryAfterSeconds,
  );
}
