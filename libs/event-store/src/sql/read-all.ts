import { EVENT_COLUMNS } from '../event-rows';

/**
 * The next events of the whole store after the checkpoint ($1 transaction id, $2 position), at most $3, gap-safe
 * (read-all.ts): in (writing transaction, position) order and only from transactions older than every one still
 * running, so an event whose transaction commits late comes after the checkpoint instead of behind it.
 */
export const selectAllAfter = (events: string) => `
  SELECT ${EVENT_COLUMNS} FROM ${events}
   WHERE (tx_id, position) > ($1::xid8, $2::bigint)
     AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
   ORDER BY ${events}.tx_id, ${events}.position -- the columns, not the text aliases of EVENT_COLUMNS
   LIMIT $3`;
