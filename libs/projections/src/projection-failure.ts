/**
 * Why a projection is not advancing, in terms safe to show and log: the error's class and code, and where in the
 * feed it stopped. Never the error's message: a PostgreSQL message quotes the value it refused
 * (`invalid input syntax for type timestamp: "…"`), and events hold personal data.
 */
export interface ProjectionFailure {
  /** The error's class (`DatabaseError`, `TypeError`…). */
  errorClass: string;
  /** PostgreSQL SQLSTATE or Node error code, when there is one (`23502` not-null violation, `22008`…). */
  errorCode: string | null;
  /** The event being applied when it failed; null when the failure was not in an event (reading, committing). */
  position: string | null;
  eventId: string | null;
  eventType: string | null;
  /** When the current run of failures began. */
  since: Date;
  consecutiveFailures: number;
}

export function errorClassOf(error: unknown): string {
  if (error instanceof Error) return error.constructor.name === 'Error' ? error.name : error.constructor.name;
  return typeof error;
}

export function errorCodeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : null;
}

/** Thrown by a projection's batch when applying one event failed: where, and the original error. */
export class ProjectionApplyError extends Error {
  override readonly name = 'ProjectionApplyError';

  constructor(
    readonly projection: string,
    /** Index of the failing event in its batch: the events before it can still be applied. */
    readonly indexInBatch: number,
    readonly event: { position: string; txId: string; eventId: string; type: string },
    readonly original: unknown,
  ) {
    super(`${projection} could not apply ${event.type} at position ${event.position}`);
  }
}
