import type { StreamEvent } from './event-stream-parser';

/**
 * What a live view of the services sends (their `LiveView`: the triage queue, the detention board): a `snapshot`
 * `{ asOf, items }`, then `added` / `updated` (one item) and `removed` `{ key }`. The list the screen keeps, by key.
 */
export interface LiveList<T> {
  asOf: string | null;
  entries: ReadonlyMap<string, T>;
}

export function emptyLiveList<T>(): LiveList<T> {
  return { asOf: null, entries: new Map() };
}

/**
 * One event applied: a `snapshot` replaces everything (on connect, or on a resume the server could not serve from
 * its kept changes), `added`/`updated` put an item, `removed` drops one. Anything else leaves the list as it was.
 */
export function applyLiveListEvent<T>(
  state: LiveList<T>,
  event: StreamEvent,
  keyOf: (item: T) => unknown,
): LiveList<T> {
  switch (event.event) {
    case 'snapshot': {
      const snapshot = event.data as { asOf?: string; items?: T[] };
      const items = Array.isArray(snapshot.items) ? snapshot.items : [];
      return {
        asOf: snapshot.asOf ?? null,
        entries: new Map(items.map((item) => [String(keyOf(item)), item])),
      };
    }
    case 'added':
    case 'updated': {
      const item = event.data as T;
      const key = item === null || typeof item !== 'object' ? undefined : keyOf(item);
      if (typeof key !== 'string') return state;
      const entries = new Map(state.entries);
      entries.set(key, item);
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
