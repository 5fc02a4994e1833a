import type { ExpectedVersion } from './types';

/** The change that moved a stream past the version a caller decided on: who made it, and when it was stored. */
export interface WinningChange {
  actor: { id: string; role: string };
  recordedAt: string;
}

/**
 * The stream is not at the version the caller decided on (HTTP 409 at the edge). The store knows only the stream;
 * the command path adds the incident and the change that won, which is what the person who lost needs to hear.
 * The message (for logs and dead letters) names the stream; the HTTP answer is worded from the fields.
 */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's current version; 0 when the stream does not exist. */
    readonly actual: number,
    /** The incident the stream belongs to, where the caller knows it. */
    readonly incidentId?: string,
    /** The last change of the stream at `actual`, where the caller read it. */
    readonly lastChange?: WinningChange,
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
