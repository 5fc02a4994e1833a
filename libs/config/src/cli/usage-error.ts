/**
 * A command line that cannot be run as given: `runCli` prints the message and the usage lines to stderr and exits 2.
 * The message names flags and known values, never a value the caller typed (it could be personal).
 */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}
