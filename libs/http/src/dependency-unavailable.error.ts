/**
 * A dependency (database, Kafka, identity provider) cannot be reached right now. Maps to 503 naming it, so callers
 * know to retry rather than report a bug. Throw it wherever the failure is recognised; the HTTP error filter also
 * recognises raw pg and kafkajs connection errors, and any error named `*UnavailableError` with a `dependency`
 * (see `unavailableDependencyOf`).
 */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';

  constructor(
    readonly dependency: string,
    cause?: unknown,
  ) {
    super(`${dependency} is unavailable`, { cause });
  }
}
