/**
 * Recognises "a dependency is down" in the errors our drivers throw, so it becomes a 503 rather than a 500.
 * Matching is on names and codes, not classes: the errors come from pg, TypeORM and kafkajs, and this library must
 * not depend on how those are imported.
 */

/** Node socket errors seen when a server is down, unreachable or drops the connection. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * PostgreSQL SQLSTATEs meaning "not now" rather than "your query is wrong": class 08 (connection exception),
 * 57P01-57P03 (admin/crash shutdown, cannot connect now), 53300 (too many connections).
 */
const POSTGRES_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;

/** Messages pg itself throws (no code) when a pooled connection dies or cannot be obtained in time. */
const PG_CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
];

/** kafkajs error names for "cannot talk to the broker". */
const KAFKA_UNAVAILABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSLockTimeout',
  'KafkaJSMetadataNotLoaded',
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  dependency?: unknown;
  cause?: unknown;
  originalError?: unknown;
  driverError?: unknown;
}

/** The name of the unavailable dependency (`database`, `kafka`, or what a DependencyUnavailableError says), or null. */
export function unavailableDependencyOf(error: unknown): string | null {
  // Walk the wrapper chain: TypeORM keeps pg's error in driverError, kafkajs in originalError/cause, Node in cause.
  const chain: ErrorLike[] = [];
  for (
    let current: unknown = error;
    isErrorLike(current) && !chain.includes(current);
    current = next(current)
  ) {
    chain.push(current);
  }
  const fromKafka = chain.some((link) => nameOf(link).startsWith('KafkaJS'));
  for (const link of chain) {
    const found = classify(link, fromKafka);
    if (found) return found;
  }
  return null;
}

function classify(error: ErrorLike, fromKafka: boolean): string | null {
  const name = nameOf(error);
  const code = typeof error.code === 'string' ? error.code : '';
  const message = typeof error.message === 'string' ? error.message : '';
  // Our own convention: DependencyUnavailableError, IdentityProviderUnavailableError, ... name what is down.
  if (name.endsWith('UnavailableError') && typeof error.dependency === 'string') return error.dependency;
  if (KAFKA_UNAVAILABLE_NAMES.has(name)) return 'kafka';
  if (NETWORK_ERROR_CODES.has(code)) return fromKafka ? 'kafka' : 'database';
  if (fromKafka) return null;
  if (POSTGRES_UNAVAILABLE.test(code)) return 'database';
  if (PG_CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return 'database';
  return null;
}

function nameOf(error: ErrorLike): string {
  return typeof error.name === 'string' ? error.name : '';
}

function next(error: ErrorLike): unknown {
  return error.driverError ?? error.originalError ?? error.cause;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null;
}
