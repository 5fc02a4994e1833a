/*
 * Why this lives in libs/database: it is the lowest library that every writer and follower already depends on
 * (libs/event-store, libs/messaging, libs/projections, libs/runtime), and what it classifies is a transaction's
 * failure. The event store's `ConcurrencyError` is recognised by its name, not its class: libs/event-store depends
 * on this library, so importing the class here would be a cycle, and the name is already the store's contract with
 * the one HTTP error mapping (`case 'ConcurrencyError'`: 409). libs/event-store's `errors.spec.ts` pins the name.
 */
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { isTransientError } from './transient-errors';

/**
 * The one retry policy of every write path and consumer (issue 19), in the spirit of Emmett's command handler
 * `retry` option (`retries`, `shouldRetryError: isExpectedVersionConflictError`). It sorts a failure into one of
 * three kinds, and each kind is owed one thing everywhere:
 *
 * - `version-conflict`: another writer appended to the stream between our read and our append. Tried again at
 *   once, on a fresh read of the stream (decide again on what is there now), at most `conflictAttempts` tries in
 *   all; the conflict that is left after them is final (HTTP 409, or the record's dead letter).
 * - `transient`: the database or the broker is away, or PostgreSQL dropped one transaction so another could go on.
 *   A consumer or a background loop tries again after `backoff`, for as long as it lasts: a record is never
 *   skipped and never dead-lettered for it. A request path does not wait: the client gets a 503 and tries again.
 * - `final`: everything else (a domain refusal, an invalid event, a bug): never tried again.
 *
 * Two conflicts are never retried, whatever the policy says:
 * - a stale `If-Match`: the client decided on the version it named, so only the client can decide again (409);
 * - one inside a caller's transaction: what the transaction did before may rest on the read that lost the race,
 *   and only its owner knows what to redo. The conflict propagates and the owner tries the whole transaction again
 *   (the consumer runner the whole record, the subject service the whole request).
 *
 * A projection applies every event in order and can skip none, so it waits out any failure on `backoff` (a final
 * one stalls it, and readiness says so).
 */
export type FailureKind = 'version-conflict' | 'transient' | 'final';

export interface RetryPolicy {
  /** Tries of one operation that keeps losing races to other writers, the first included. */
  readonly conflictAttempts: number;
  /** The wait between tries after a transient failure. */
  readonly backoff: BackoffOptions;
  classify(error: unknown): FailureKind;
}

/**
 * As many tries as writers may race on one stream at once: every lost race is another writer's success, so n
 * writers racing each other all land within n tries. A stream busier than that is a design problem, not a retry
 * problem.
 */
export const DEFAULT_CONFLICT_ATTEMPTS = 10;

/** The event store's name for a version conflict (see above: recognised by name, not by class). */
const VERSION_CONFLICT_ERROR_NAME = 'ConcurrencyError';

export function isVersionConflict(error: unknown): boolean {
  return error instanceof Error && error.name === VERSION_CONFLICT_ERROR_NAME;
}

/** The default classification: a version conflict, a transient failure (`isTransientError`), or final. */
export function classifyFailure(error: unknown): FailureKind {
  if (isVersionConflict(error)) return 'version-conflict';
  if (isTransientError(error)) return 'transient';
  return 'final';
}

/** The default policy with some of it replaced (tests shorten the back-off or count tries). */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = {
    conflictAttempts: overrides.conflictAttempts ?? DEFAULT_CONFLICT_ATTEMPTS,
    backoff: overrides.backoff ?? DEFAULT_BACKOFF,
    classify: overrides.classify ?? classifyFailure,
  };
  if (!Number.isSafeInteger(policy.conflictAttempts) || policy.conflictAttempts < 1) {
    throw new RangeError(`conflictAttempts must be a positive integer, got ${policy.conflictAttempts}`);
  }
  return Object.freeze(policy);
}

/** What every service uses unless a test passes another (Nest: the RETRY_POLICY provider of libs/runtime). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = retryPolicy();

/**
 * Runs `work` again at once while it fails with a version conflict, at most `policy.conflictAttempts` times in all;
 * any other failure, and the last conflict, is thrown. For request paths that own their transaction: `work` must
 * read the stream afresh each time (it is given the try's number, from 1).
 */
export async function retryOnConflict<T>(
  policy: RetryPolicy,
  work: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= policy.conflictAttempts || policy.classify(error) !== 'version-conflict') throw error;
    }
  }
}

/** After a failed try: again at once (a conflict), again after a wait (transient), or not at all (final). */
export type RetryStep = { retry: 'now' } | { retry: 'after'; delayMs: number } | { retry: 'no' };

/**
 * The tries of one operation that waits out outages, such as one consumed record: counts its conflicts against
 * `conflictAttempts` and grows its back-off with each transient failure. One per operation (per record).
 */
export class RetryAttempts {
  private conflicts = 0;
  private readonly backoff: Backoff;

  constructor(private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY) {
    this.backoff = new Backoff(policy.backoff);
  }

  /** What to do after a try failed with `error`. */
  after(error: unknown): RetryStep {
    switch (this.policy.classify(error)) {
      case 'version-conflict':
        this.conflicts += 1;
        return this.conflicts < this.policy.conflictAttempts ? { retry: 'now' } : { retry: 'no' };
      case 'transient':
        return { retry: 'after', delayMs: this.backoff.next() };
      case 'final':
        return { retry: 'no' };
    }
  }

  /** The wait before trying again after a failure that must be waited out whatever it is (the dead-letter topic is away). */
  wait(): number {
    return this.backoff.next();
  }

  /** Failures waited out so far. */
  get waits(): number {
    return this.backoff.failures;
  }
}
