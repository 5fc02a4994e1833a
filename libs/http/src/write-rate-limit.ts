import { ExecutionContext, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import { AppConfig } from '@rcrp/config';

/** The requests the write limit does not count. */
export const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const WINDOW_MS = 60_000;

/** Too many requests from one client; the HTTP error filter answers 429 with `Retry-After` (matched by name). */
class WriteRateLimitedError extends Error {
  override readonly name = 'RateLimitedError';

  constructor(readonly retryAfterSeconds: number) {
    super(`Too many writes from this client; try again in ${retryAfterSeconds} s`);
  }
}

/**
 * Writes are limited per client (IP address) across all routes, not per route: a client flooding one endpoint and
 * one spreading the same load over nineteen are the same client. Reads are not limited here.
 */
@Injectable()
export class WriteRateLimitGuard extends ThrottlerGuard {
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new WriteRateLimitedError(detail.timeToBlockExpire);
  }
}

/** RATE_LIMIT_WRITES_PER_MINUTE per client, with @nestjs/throttler; imported once per service by `startService`. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // The 'default' name makes the guard's header plain `Retry-After`.
        throttlers: [{ name: 'default', ttl: WINDOW_MS, limit: config.rateLimit.writesPerMinute }],
        skipIf: (context: ExecutionContext) =>
          context.getType() !== 'http' ||
          READ_METHODS.has(context.switchToHttp().getRequest<{ method: string }>().method),
        // Only Retry-After on a 429: X-RateLimit-* on every write would only tell a flood how far it may go.
        setHeaders: false,
      }),
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: WriteRateLimitGuard }],
})
export class WriteRateLimitModule {}
