import { EVENT_COLUMNS } from '../event-rows';

/** Every event of a stream ($1) in version order, as stored, to recompute its hash chain (verify.ts). */
export const selectStreamForVerify = (events: string) => `
  SELECT ${EVENT_COLUMNS} FROM ${events} WHERE stream_id = $1 ORDER BY stream_version`;

/** The first stream id after $1, in order: verifyAll walks the streams one at a time. */
export const selectNextStreamId = (events: string) => `
  SELECT stream_id FROM ${events} WHERE stream_id > $1 ORDER BY stream_id LIMIT 1`;
