import type { Pool } from 'pg';

/** LISTEN on this channel to be woken when events are committed in `schema` (payload empty; read with readAll). */
export function eventsNotifyChannel(schema: string): string {
  return `${schema}_events`;
}

/** Transaction-local setting that tells the `events_notify` trigger the store will wake the relay itself. */
export const NOTIFY_AFTER_COMMIT_SETTING = 'rcrp.events_notify';
export const NOTIFY_AFTER_COMMIT_VALUE = 'after-commit';

/**
 * Wakes the outbox relay (LISTEN `<schema>_events`) after the store's own appends have committed.
 *
 * Why not NOTIFY inside the appending transaction: PostgreSQL takes a database-wide lock for NOTIFY at commit and
 * holds it through the commit's WAL flush, so every concurrent appender queues behind the others and group commit
 * is lost (16 writers were no faster than one). A NOTIFY in its own transaction writes no WAL, so the lock is
 * held for microseconds. Wake-ups are coalesced: at most one NOTIFY in flight and one queued behind it, however
 * many appends commit meanwhile; the relay reads everything new when it wakes, so one wake-up per burst suffices.
 * A failed NOTIFY is dropped on purpose: the relay also polls, so it only delays publishing, never loses events.
 */
export class CommitNotifier {
  private inFlight = false;
  private queued = false;

  constructor(
    private readonly pool: Pool,
    private readonly channel: string,
  ) {}

  wake(): void {
    if (this.inFlight) {
      this.queued = true;
      return;
    }
    this.inFlight = true;
    this.pool
      .query('SELECT pg_notify($1, $2)', [this.channel, ''])
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = false;
        if (this.queued) {
          this.queued = false;
          this.wake();
        }
      });
  }
}
