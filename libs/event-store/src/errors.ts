import type { ExpectedVersion } from './types';

/** The stream is not at the version the caller decided on (HTTP 409 at the edge). */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's current version; 0 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`stream ${streamId} is at version ${actual}, expected ${expected}`);
  }
}

/**
 * Some of the appended event ids are already stored, but the request is not a plain repeat of an earlier append
 * (some ids are new, or the known ones belong to another stream or type): neither "store" nor "no-op" is safe.
 */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';

  constructor(
    readonly streamId: string,
    readonly knownEventIds: readonly string[],
    detail: string,
  ) {
    super(`append to ${streamId} reuses stored event ids (${knownEventIds.join(', ')}): ${detail}`);
  }
}

/** The append request itself is malformed (empty, mixed streams, duplicate ids in one batch…). */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
}

/** The store was configured so that personal data could be stored in clear; refused. */
export class EventStoreConfigurationError extends Error {
  override readonly name = 'EventStoreConfigurationError';
}
