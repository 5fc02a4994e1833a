import type { Logger } from 'pino';

export type UnhandledKind = 'unhandled-rejection' | 'uncaught-exception';

let installed = false;
const listeners: Array<(kind: UnhandledKind) => void> = [];

/**
 * The last line of defence of a running service (issue 21): an unhandled rejection or an uncaught exception is
 * logged (name, code and stack frames; never the message, which may quote a value) and counted in
 * `rcrp_unhandled_errors_total` instead of ending the process and with it the line. It is not how failures are
 * handled: each known one (a lost database connection, a broker away) is handled where it happens, and a count
 * above zero is a bug to find. Installed once per process by `runService`, not by in-process test boots.
 */
export function installProcessGuard(logger: Logger, onError: (kind: UnhandledKind) => void): void {
  listeners.push(onError);
  if (installed) return;
  installed = true;
  const report = (kind: UnhandledKind, error: unknown): void => {
    const failure = error instanceof Error ? error : new Error(typeof error);
    logger.error(
      {
        kind,
        errorName: failure.name,
        code: (failure as { code?: unknown }).code,
        frames: failure.stack?.split('\n').slice(1, 8).join('\n'),
      },
      `process guard: ${kind} (the process keeps running; this is a bug)`,
    );
    for (const listener of listeners) listener(kind);
  };
  process.on('unhandledRejection', (reason) => report('unhandled-rejection', reason));
  process.on('uncaughtException', (error) => report('uncaught-exception', error));
}
