import type { EventEnvelope } from '@rcrp/events';
import { envelopeOf, type EventRow } from './event-rows';
import type { EventStoreOptions } from './types';

/**
 * Stored rows as envelopes: personal fields decrypted (or `[erased]`), and upcast to the current schema version
 * when `upcast` is true (reads; an idempotent repeat answers with the events as they were stored).
 */
export async function decodeEvents(
  options: Pick<EventStoreOptions, 'cipher' | 'upcast'>,
  rows: readonly EventRow[],
  { upcast }: { upcast: boolean },
): Promise<EventEnvelope[]> {
  const envelopes = rows.map(envelopeOf);
  const cipher = options.cipher;
  const data = cipher ? await cipher.decryptMany(envelopes.map((event) => event.data)) : null;
  return envelopes.map((event, index) => {
    const decrypted = data ? { ...event, data: data[index] } : event;
    return upcast && options.upcast ? options.upcast(decrypted) : decrypted;
  });
}
