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

// PostgreSQL SQLSTATEs that mean "try again": connection exceptions (class 08), serialization failure and
// deadlock (class 40), shutdown / not accepting connections (57P0x), too many connections, lock timeouts.
const TRANSIENT_SQLSTATE_PREFIXES = ['08', '40', '57P', '53'];
const TRANSIENT_SQLSTATES = new Set(['55P03', '55006']);
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /Connection terminated unexpectedly/i,
];

/**
 * Default classification. Only errors we can recognise as passing (database or network unavailable,
 * serialization conflicts, kafkajs retriable errors) are transient; everything else is permanent, so a
 * bug or a domain refusal dead-letters the one message (nothing is lost: the DLQ keeps the original)
 * instead of blocking its partition forever.
 */
export function classifyError(error: unknown): ErrorKind {
  if (error instanceof PermanentError) return 'permanent';
  if (typeof error !== 'object' || error === null) return 'permanent';
  const candidate = error as { code?: unknown; retriable?: unknown; message?: unknown };
  const code = typeof candidate.code === 'string' ? candidate.code : undefined;
  if (code !== undefined) {
    if (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATES.has(code)) return 'transient';
    if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix))) {
      return 'transient';
    }
  }
  if (candidate.retriable === true) return 'transient';
  const message = typeof candidate.message === 'string' ? candidate.message : '';
  if (TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) return 'transient';
  return 'permanent';
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
