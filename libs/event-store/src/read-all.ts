import { decodeEvents } from './decode-events';
import { envelopeOf, type EventRow } from './event-rows';
import { selectAllAfter } from './sql/read-all';
import type { StoreContext } from './store-context';
import type { Checkpoint, ReadAllOptions, ReadAllResult } from './types';

/**
 * The next events of the whole store after `checkpoint`, gap-safe: ordered by (writing transaction, position)
 * and only from transactions older than every transaction still running, so an event whose transaction commits
 * late is delivered after the checkpoint has passed its position rather than skipped. A long-running write
 * transaction anywhere in the cluster therefore holds the feed back until it ends.
 */
export async function readAll(
  ctx: StoreContext,
  checkpoint: Checkpoint | null,
  limit: number,
  options: ReadAllOptions = {},
): Promise<ReadAllResult> {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const { rows } = await ctx.options.pool.query<EventRow>(selectAllAfter(ctx.events), [
    checkpoint?.txId ?? '0',
    checkpoint?.position ?? '0',
    limit,
  ]);
  const envelopes = options.decode
    ? await decodeEvents(ctx.options, rows, { upcast: true })
    : rows.map(envelopeOf);
  const last = rows[rows.length - 1];
  return {
    events: rows.map((row, index) => ({ position: row.position, txId: row.tx_id, event: envelopes[index] })),
    checkpoint: last ? { txId: last.tx_id, position: last.position } : checkpoint,
  };
}
