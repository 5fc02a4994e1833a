import type { QueueEntry } from './queue-entry';
import { applyQueueEvent, compareQueueEntries, EMPTY_QUEUE, orderedQueue } from './queue-order';

const entry = (incidentId: string, priority: number, queuedAt: string): QueueEntry => ({
  incidentId,
  priority,
  queuedAt,
  presentingConcerns: ['distress'],
  waitingSeconds: 0,
  version: 1,
  officerId: 'PC-1',
  force: 'MPS',
  borough: 'Lambeth',
  category: 'concern-for-welfare',
  locationKind: 'public-place',
  sourceSystem: null,
  externalRef: null,
});

describe('queue order', () => {
  it('puts the most urgent first, then the longest waiting, then the incident id', () => {
    const calls = [
      entry('c', 10, '2026-12-01T10:00:00Z'),
      entry('b', 40, '2026-12-01T10:05:00Z'),
      entry('a', 10, '2026-12-01T10:00:00Z'),
      entry('d', 40, '2026-12-01T10:01:00Z'),
      entry('e', 10, '2026-12-01T09:59:00.500Z'),
    ];
    expect([...calls].sort(compareQueueEntries).map((call) => call.incidentId)).toEqual([
      'd',
      'b',
      'e',
      'a',
      'c',
    ]);
  });

  it('compares times as instants, not as text', () => {
    const later = entry('x', 10, '2026-12-01T10:00:00.000Z');
    const earlier = entry('y', 10, '2026-12-01T11:00:00+02:00');
    expect(compareQueueEntries(earlier, later)).toBeLessThan(0);
  });
});

describe('the live queue', () => {
  const snapshot = {
    id: '1',
    event: 'snapshot',
    data: { asOf: '2026-12-01T10:10:00Z', items: [entry('a', 10, '2026-12-01T10:00:00Z')] },
  };

  it('starts from the snapshot', () => {
    const state = applyQueueEvent(EMPTY_QUEUE, snapshot);
    expect(state.asOf).toBe('2026-12-01T10:10:00Z');
    expect(orderedQueue(state).map((call) => call.incidentId)).toEqual(['a']);
  });

  it('shows an added call in its place', () => {
    const state = [
      snapshot,
      { id: '2', event: 'added', data: entry('b', 40, '2026-12-01T10:09:00Z') },
    ].reduce(applyQueueEvent, EMPTY_QUEUE);
    expect(orderedQueue(state).map((call) => call.incidentId)).toEqual(['b', 'a']);
  });

  it('moves an updated call to its new place', () => {
    const state = [
      snapshot,
      { id: '2', event: 'added', data: entry('b', 40, '2026-12-01T10:09:00Z') },
      { id: '3', event: 'updated', data: entry('a', 50, '2026-12-01T10:00:00Z') },
    ].reduce(applyQueueEvent, EMPTY_QUEUE);
    expect(orderedQueue(state).map((call) => [call.incidentId, call.priority])).toEqual([
      ['a', 50],
      ['b', 40],
    ]);
  });

  it('drops a removed call and ignores a removal of one it does not hold', () => {
    const state = [
      snapshot,
      { id: '2', event: 'removed', data: { key: 'a' } },
      { id: '3', event: 'removed', data: { key: 'never-seen' } },
    ].reduce(applyQueueEvent, EMPTY_QUEUE);
    expect(orderedQueue(state)).toEqual([]);
  });

  it('replaces everything with a later snapshot (a resume the server could not serve)', () => {
    const state = [
      snapshot,
      { id: '2', event: 'added', data: entry('b', 40, '2026-12-01T10:09:00Z') },
      { id: '9', event: 'snapshot', data: { asOf: '2026-12-01T10:20:00Z', items: [] } },
    ].reduce(applyQueueEvent, EMPTY_QUEUE);
    expect(state).toEqual({ asOf: '2026-12-01T10:20:00Z', entries: new Map() });
  });

  it('leaves the state alone for an event it does not know', () => {
    const state = applyQueueEvent(EMPTY_QUEUE, snapshot);
    expect(applyQueueEvent(state, { id: '2', event: 'error', data: { message: 'x' } })).toBe(state);
  });
});
