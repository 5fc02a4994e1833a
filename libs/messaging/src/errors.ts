import { isTransientError } from '@rcrp/database';

/**
 * How the consumer runner tells a message that can never succeed (dead-letter it and go on) from a
 * failure that will pass (retry the same message, never skip it: partition order must hold).
 */

/** Throw from a handler when retrying can never help: the message goes to `<topic>.dlq` (stage `handle`). */
export class PermanentError extends Error {
  override readonly name: string = 'PermanentError';
  constructor(
    message: string,
    /** The field at fault, if any; copied into the `x-error` header. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export type ErrorKind = 'transient' | 'permanent';

/**
 * Default classification: transient is what the retry policy of libs/database recognises as passing
 * (`isTransientError`); everything else is permanent, so a bug or a domain refusal dead-letters the one message
 * (nothing is lost: the DLQ keeps the original) instead of blocking its partition forever.
 */
export function classifyError(error: unknown): ErrorKind {
  if (error instanceof PermanentError) return 'permanent';
  return isTransientError(error) ? 'transient' : 'permanent';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
