import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, VerifyStreamResult } from '@rcrp/event-store';
import { type EventEnvelope, type StreamType, streamIdOf } from '@rcrp/events';
import { analystEventOf, Pseudonymiser } from '@rcrp/personal-data';
import { EVENT_STORE } from './tokens';

/** One service's part of a case record: its stream of the incident, decrypted, and the stream's hash-chain check. */
export interface CaseEvents {
  incidentId: string;
  streamId: string;
  asOf: string | null;
  events: EventEnvelope[];
  /** The whole stream's chain recomputed from the stored columns (not only up to `asOf`). */
  verification: VerifyStreamResult;
}

/**
 * `GET /<service>/:incidentId/events` of every service (issue 16): the case record is answered from each service's
 * own store, so a case review or a court request can be met and checked against tampering, stream by stream.
 */
@Injectable()
export class CaseEventsReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async read(streamType: StreamType, incidentId: string, asOf?: string): Promise<CaseEvents> {
    const streamId = streamIdOf(streamType, incidentId);
    const [events, verification] = await Promise.all([
      this.store.readStream(streamId, { asOf }),
      this.store.verifyStream(streamId),
    ]);
    return { incidentId, streamId, asOf: asOf ?? null, events, verification };
  }
}

/**
 * The answer of an events route: as stored and decrypted for the roles that may read the case, through the analyst
 * rule for analysts (no personal field, pseudonyms, age bands; the stream id of a subject stream pseudonymised).
 */
export function caseEventsAnswer(
  record: CaseEvents,
  role: string,
  pseudonyms: Pseudonymiser,
): CaseEvents | (Omit<CaseEvents, 'events'> & { events: Record<string, unknown>[] }) {
  if (role !== 'analyst') return record;
  return { ...record, events: record.events.map((event) => analystEventOf(event, pseudonyms)) };
}
