/**
 * Throw from a handler when retrying can never help: the message goes to `<topic>.dlq` (stage `handle`) whatever
 * the retry policy (libs/database) would make of it.
 */
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

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
