import { EVENT_COLUMNS } from '../event-rows';

/**
 * A stream's events in version order (read-stream.ts). $1 stream id, $2 first version, $3 last version (null: to
 * the end), $4 recorded at or before (null: whatever is committed).
 */
export const selectStream = (events: string) => `
  SELECT ${EVENT_COLUMNS} FROM ${events}
   WHERE stream_id = $1
     AND stream_version >= $2
     AND ($3::int IS NULL OR stream_version <= $3)
     AND ($4::timestamptz IS NULL OR recorded_at <= $4)
   ORDER BY stream_version`;
