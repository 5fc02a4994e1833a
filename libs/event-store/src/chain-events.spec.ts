import { chainEvents } from './chain-events';
import { eventHash } from './event-hash';
import { hashedContentOf } from './event-rows';
import type { PreparedEvent } from './prepare-events';

const prepared = (eventId: string): PreparedEvent => ({
  eventId,
  type: 'IncidentNoted',
  schemaVersion: 1,
  storedData: { note: eventId },
  plainData: { note: eventId },
  metadata: {
    incidentId: 'i',
    occurredAt: '2026-11-23T21:04:00.000Z',
    actor: { id: 'PC-1', role: 'officer' },
    correlationId: 'c',
    causationId: null,
    traceparent: null,
    subjectRef: null,
  },
});

describe('chainEvents', () => {
  const now = new Date('2026-11-23T22:00:00.000Z');

  it('numbers a new stream from 1 and links each hash to the one before', () => {
    const rows = chainEvents(
      'incident-i',
      [prepared('a'), prepared('b')],
      { version: 0, hash: null, recordedAt: null },
      now,
    );
    expect(rows.map((row) => row.stream_version)).toEqual([1, 2]);
    expect(rows[0].hash).toEqual(eventHash(hashedContentOf(rows[0]), null));
    expect(rows[1].hash).toEqual(eventHash(hashedContentOf(rows[1]), rows[0].hash));
  });

  it('continues after the head, chained to its hash, never recorded earlier than it', () => {
    const head = { version: 4, hash: Buffer.alloc(32, 7), recordedAt: new Date('2026-11-23T23:00:00.000Z') };
    const [row] = chainEvents('incident-i', [prepared('c')], head, now);
    expect(row.stream_version).toBe(5);
    expect(row.recorded_at).toEqual(head.recordedAt);
    expect(row.hash).toEqual(eventHash(hashedContentOf(row), head.hash));
  });
});
