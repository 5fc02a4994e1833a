import { eventHash } from './event-hash';
import { hashedContentOf, type NewEventRow } from './event-rows';
import type { PreparedEvent } from './prepare-events';
import type { StreamHead } from './stream-heads';

/**
 * The rows of an append on top of `head`: consecutive versions after it, one recorded-at time for the batch, and
 * each event's hash over its content and the previous event's hash (DESIGN §2: tampering is detectable).
 */
export function chainEvents(
  streamId: string,
  prepared: readonly PreparedEvent[],
  head: StreamHead,
  now: Date,
): NewEventRow[] {
  // Never earlier than the head: clocks of several instances differ, and asOf reads must see a stream prefix.
  const recordedAt = head.recordedAt && head.recordedAt > now ? head.recordedAt : now;
  let previousHash = head.hash;
  return prepared.map((event, index) => {
    const unhashed = {
      stream_id: streamId,
      stream_version: head.version + index + 1,
      event_id: event.eventId,
      type: event.type,
      schema_version: event.schemaVersion,
      data: event.storedData,
      metadata: event.metadata,
      recorded_at: recordedAt,
    };
    const hash = eventHash(hashedContentOf(unhashed), previousHash);
    previousHash = hash;
    return { ...unhashed, hash };
  });
}
