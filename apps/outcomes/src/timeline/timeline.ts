import type { Actor, EventEnvelope } from '@rcrp/events';

export type TimelineService = 'intake' | 'triage' | 'outcomes';

/** One event on a case timeline. */
export interface TimelineEntry {
  service: TimelineService;
  eventId: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: Actor;
  streamId: string;
  streamVersion: number;
  correlationId: string;
  causationId: string | null;
  data: unknown;
  /** Personal fields shown as `[withheld]` (another service's, not readable here) or left out (analysts). */
  withheldFields: string[];
}

const SERVICE_ORDER: Record<TimelineService, number> = { intake: 0, triage: 1, outcomes: 2 };

export function serviceOfStream(streamId: string): TimelineService {
  if (streamId.startsWith('incident-')) return 'intake';
  if (streamId.startsWith('triage-')) return 'triage';
  return 'outcomes';
}

/**
 * Merges the streams of one incident into the order things happened. Within a stream, facts are in the order they
 * happened (`occurredAt`, the command's `at`), equal times in stream order: a late entry (DESIGN §4 rule 10) sits
 * where it happened, not where it was recorded. Between streams the earlier `occurredAt` goes first, then the
 * earlier `recordedAt`, then intake before triage before outcomes.
 */
export function mergeStreams(recordedStreams: ReadonlyArray<readonly TimelineEntry[]>): TimelineEntry[] {
  const streams = recordedStreams.map((stream) =>
    stream
      .map((entry, index) => ({ entry, index }))
      .sort((a, b) => Date.parse(a.entry.occurredAt) - Date.parse(b.entry.occurredAt) || a.index - b.index)
      .map(({ entry }) => entry),
  );
  const heads = streams.map(() => 0);
  const merged: TimelineEntry[] = [];
  for (;;) {
    let best = -1;
    for (let index = 0; index < streams.length; index++) {
      const candidate = streams[index][heads[index]];
      if (!candidate) continue;
      if (best === -1 || comesBefore(candidate, streams[best][heads[best]])) best = index;
    }
    if (best === -1) return merged;
    merged.push(streams[best][heads[best]]);
    heads[best] += 1;
  }
}

function comesBefore(a: TimelineEntry, b: TimelineEntry): boolean {
  const byOccurred = Date.parse(a.occurredAt) - Date.parse(b.occurredAt);
  if (byOccurred !== 0) return byOccurred < 0;
  const byRecorded = Date.parse(a.recordedAt) - Date.parse(b.recordedAt);
  if (byRecorded !== 0) return byRecorded < 0;
  return SERVICE_ORDER[a.service] < SERVICE_ORDER[b.service];
}

export function entryOf(event: EventEnvelope, data: unknown, withheldFields: string[]): TimelineEntry {
  return {
    service: serviceOfStream(event.streamId),
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.actor,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    correlationId: event.correlationId,
    causationId: event.causationId,
    data,
    withheldFields,
  };
}
