import type { StreamEvent } from '../../api/event-stream-parser';
import type { QueueEntry } from './queue-entry';

/** The waiting calls the screen shows, by incident id, with the time of the snapshot they started from. */
export interface QueueState {
  asOf: string | null;
  entries: ReadonlyMap<string, QueueEntry>;
}

export const EMPTY_QUEUE: QueueState = { asOf: null, entries: new Map() };

/**
 * Triage's queue order (docs/triage.md, "Queue ordering"): most urgent first, then longest waiting, then incident id so
 * the order is total and a row never jumps between two equal ones.
 */
export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const waited = Date.parse(a.queuedAt) - Date.parse(b.queuedAt);
  if (waited !== 0) return waited;
  return a.incidentId < b.incidentId ? -1 : a.incidentId > b.incidentId ? 1 : 0;
}

export function orderedQueue(state: QueueState): QueueEntry[] {
  return [...state.entries.values()].sort(compareQueueEntries);
}

/**
 * One event of the live queue applied: a `snapshot` replaces everything (on connect, or on a resume the server
 * could not serve from its kept changes), `added`/`updated` put an entry, `removed` drops one (answered, abandoned,
 * withdrawn). Anything else leaves the state as it was.
 */
export function applyQueueEvent(state: QueueState, event: StreamEvent): QueueState {
  switch (event.event) {
    case 'snapshot': {
      const snapshot = event.data as { asOf?: string; items?: QueueEntry[] };
      const items = Array.isArray(snapshot.items) ? snapshot.items : [];
      return { asOf: snapshot.asOf ?? null, entries: new Map(items.map((item) => [item.incidentId, item])) };
    }
    case 'added':
    case 'updated': {
      const entry = event.data as QueueEntry;
      if (typeof entry?.incidentId !== 'string') return state;
      const entries = new Map(state.entries);
      entries.set(entry.incidentId, entry);
      return { ...state, entries };
    }
    case 'removed': {
      const key = (event.data as { key?: string })?.key;
      if (typeof key !== 'string' || !state.entries.has(key)) return state;
      const entries = new Map(state.entries);
      entries.delete(key);
      return { ...state, entries };
    }
    default:
      return state;
  }
}
