import { decodeEvents } from './decode-events';
import { IdempotencyConflictError } from './errors';
import type { EventRow } from './event-rows';
import type { PreparedEvent } from './prepare-events';
import type { StoreContext } from './store-context';
import type { AppendResult } from './types';

/** The original result of an append whose event ids are all stored already; anything less is a conflict. */
export async function repeatedAppend(
  ctx: StoreContext,
  streamId: string,
  prepared: readonly PreparedEvent[],
  known: readonly EventRow[],
): Promise<AppendResult> {
  const knownIds = known.map((row) => row.event_id);
  const byId = new Map(known.map((row) => [row.event_id, row]));
  if (known.length !== prepared.length) {
    throw new IdempotencyConflictError(streamId, knownIds, 'the batch mixes stored and new event ids');
  }
  for (const event of prepared) {
    const row = byId.get(event.eventId)!;
    if (row.stream_id !== streamId) {
      throw new IdempotencyConflictError(
        streamId,
        knownIds,
        `event ${row.event_id} is stored in ${row.stream_id}`,
      );
    }
    if (row.type !== event.type) {
      throw new IdempotencyConflictError(
        streamId,
        knownIds,
        `event ${row.event_id} is stored as a ${row.type}`,
      );
    }
  }
  const ordered = [...known].sort((a, b) => a.stream_version - b.stream_version);
  return {
    streamId,
    nextVersion: ordered[ordered.length - 1].stream_version,
    positions: ordered.map((row) => row.position),
    events: await decodeEvents(ctx.options, ordered, { upcast: false }),
    idempotent: true,
  };
}
