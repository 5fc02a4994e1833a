import type { EventEnvelope } from '@rcrp/events';

/**
 * The slice of the event store the relay and projection runners follow. `EventStore` from
 * `@rcrp/event-store` satisfies it structurally; tests may pass anything with the same shape.
 */

/** Gap-safe read position: (writing transaction id, global position), both as decimal strings. */
export interface GlobalCheckpoint {
  txId: string;
  position: string;
}

/** One event of the global feed with its own gap-safe position. */
export interface FeedEvent {
  position: string;
  txId: string;
  event: EventEnvelope;
}

export interface ReadAllResult {
  events: ReadonlyArray<FeedEvent>;
  /** The checkpoint after the last returned event (unchanged when nothing was returned). */
  checkpoint: GlobalCheckpoint | null;
}

export interface AllEventsReader {
  /**
   * `decode: false`: exactly as stored (personal fields encrypted, not upcast), what the relay publishes;
   * `decode: true`: decrypted and upcast, for in-process projections.
   */
  readAll(
    checkpoint: GlobalCheckpoint | null,
    limit: number,
    options?: { decode?: boolean },
  ): Promise<ReadAllResult>;
}

/** Orders checkpoints the way readAll does: by transaction id, then position. */
export function compareCheckpoints(a: GlobalCheckpoint | null, b: GlobalCheckpoint | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const byTx = compareDecimal(a.txId, b.txId);
  return byTx !== 0 ? byTx : compareDecimal(a.position, b.position);
}

function compareDecimal(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
