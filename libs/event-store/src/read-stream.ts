import type { EventEnvelope } from '@rcrp/events';
import { decodeEvents } from './decode-events';
import type { EventRow } from './event-rows';
import { selectStream } from './sql/read-stream';
import type { Connection, StoreContext } from './store-context';
import type { ReadStreamOptions } from './types';

/** The stream's events in version order, personal fields decrypted (or erased), upcast to the current schema. */
export async function readStream(
  ctx: StoreContext,
  connection: Connection,
  streamId: string,
  options: ReadStreamOptions = {},
): Promise<EventEnvelope[]> {
  const asOf = options.asOf === undefined ? null : new Date(options.asOf);
  if (asOf !== null && Number.isNaN(asOf.getTime()))
    throw new RangeError(`asOf is not a valid time: ${String(options.asOf)}`);
  const { rows } = await connection.db.query<EventRow>(selectStream(ctx.events), [
    streamId,
    options.fromVersion ?? 1,
    options.toVersion ?? null,
    asOf,
  ]);
  const last = rows[rows.length - 1];
  const toTheEnd = options.toVersion === undefined && asOf === null;
  // Read to the end on committed data, so this is the committed head (or a later one has been committed since:
  // still safe). Not inside a caller's transaction: what it sees may include its own appends, still to roll back.
  if (last && toTheEnd && connection.owner === 'store') {
    ctx.heads.remember(streamId, {
      version: last.stream_version,
      hash: last.hash,
      recordedAt: last.recorded_at,
    });
  }
  return decodeEvents(ctx.options, rows, { upcast: true });
}
