import { eventHash } from './event-hash';
import { hashedContentOf, type EventRow } from './event-rows';
import { selectNextStreamId, selectStreamForVerify } from './sql/verify';
import type { StoreContext } from './store-context';
import type { VerifyAllResult, VerifyStreamResult } from './types';

/** Recomputes the stream's hash chain from the stored columns and names the first event that does not match. */
export async function verifyStream(ctx: StoreContext, streamId: string): Promise<VerifyStreamResult> {
  const { rows } = await ctx.options.pool.query<EventRow>(selectStreamForVerify(ctx.events), [streamId]);
  let previousHash: Buffer | null = null;
  for (const [index, row] of rows.entries()) {
    const expectedVersion = index + 1;
    if (row.stream_version !== expectedVersion) {
      return { ok: false, firstBrokenVersion: expectedVersion, eventId: null, reason: 'version-gap' };
    }
    if (!eventHash(hashedContentOf(row), previousHash).equals(row.hash)) {
      return {
        ok: false,
        firstBrokenVersion: row.stream_version,
        eventId: row.event_id,
        reason: 'hash-mismatch',
      };
    }
    previousHash = row.hash;
  }
  return { ok: true, events: rows.length };
}

/** `verifyStream` for every stream, one at a time (memory stays bounded by the largest stream). */
export async function verifyAll(ctx: StoreContext): Promise<VerifyAllResult> {
  const result: VerifyAllResult = { ok: true, streams: 0, events: 0, broken: [] };
  let after = '';
  for (;;) {
    const { rows } = await ctx.options.pool.query<{ stream_id: string }>(selectNextStreamId(ctx.events), [
      after,
    ]);
    if (rows.length === 0) return result;
    after = rows[0].stream_id;
    const verdict = await verifyStream(ctx, after);
    result.streams += 1;
    if (verdict.ok) {
      result.events += verdict.events;
    } else {
      result.ok = false;
      const { firstBrokenVersion, eventId, reason } = verdict;
      result.broken.push({ streamId: after, firstBrokenVersion, eventId, reason });
    }
  }
}
