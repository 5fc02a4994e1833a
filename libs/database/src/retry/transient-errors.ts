import { DatabaseUnavailableError } from '../check-database';

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
/** What pg itself throws (no code) when a pooled connection dies or cannot be obtained in time. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
];

/**
 * A failure that passes by itself: the database or the network is away (connection refused or lost, a restart,
 * too many connections), or PostgreSQL gave up one transaction so another could go on (serialization failure,
 * deadlock, lock timeout); also anything that says it is `retriable` (kafkajs marks the broker's passing errors so).
 * Only what is recognised as passing counts: everything else is final, so a bug or a refusal is not retried forever.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; retriable?: unknown; message?: unknown };
  const code = typeof candidate.code === 'string' ? candidate.code : undefined;
  if (code !== undefined) {
    if (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && TRANSIENT_SQLSTATE_PREFIXES.some((prefix) => code.startsWith(prefix))) {
      return true;
    }
  }
  if (candidate.retriable === true) return true;
  const message = typeof candidate.message === 'string' ? candidate.message : '';
  return TRANSIENT_MESSAGES.some((pattern) => pattern.test(message));
}
