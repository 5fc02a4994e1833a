import type { StreamEvent } from '../../api/event-stream-parser';
import { applyLiveListEvent, emptyLiveList, type LiveList } from '../../api/live-list';
import type { QueueEntry } from './queue-entry';

/** The waiting calls the screen shows, by incident id, with the time of the snapshot they started from. */
export type QueueState = LiveList<QueueEntry>;

export const EMPTY_QUEUE: QueueState = emptyLiveList();

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

/** One event of the live queue applied (the services' live view: snapshot, added, updated, removed). */
export function applyQueueEvent(state: QueueState, event: StreamEvent): QueueState {
  return applyLiveListEvent(state, event, (entry: QueueEntry) => entry.incidentId);
}
