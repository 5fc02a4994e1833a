import { EVENT_DEFINITIONS, validateEnvelope, type EventType } from '@rcrp/events';
import { sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { checkReplayEnvelope } from './envelope-check';

const fresh = (value: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(value));

describe('checkReplayEnvelope', () => {
  it.each(Object.keys(EVENT_DEFINITIONS) as EventType[])(
    'accepts a valid %s unchanged, as validateEnvelope does',
    (type) => {
      const event = sampleEnvelope(type);
      const checked = checkReplayEnvelope(fresh(event));
      expect(checked).toEqual({ ok: true, event });
      expect(validateEnvelope(fresh(event)).ok).toBe(true);
    },
  );

  it('fills absent nullable fields with null', () => {
    const { causationId: _c, traceparent: _t, subjectRef: _s, ...event } = sampleEnvelope('CallWithdrawn');
    const checked = checkReplayEnvelope(fresh(event));
    expect(
      checked.ok && [checked.event.causationId, checked.event.traceparent, checked.event.subjectRef],
    ).toEqual([null, null, null]);
  });

  // Every envelope defect validateEnvelope refuses, this refuses too.
  it.each<[string, Record<string, unknown>]>([
    ['eventId', { eventId: 'not-a-uuid' }],
    ['type', { type: 'lowercase' }],
    ['type', { type: 'NoSuchEvent' }],
    ['schemaVersion', { schemaVersion: 0 }],
    ['schemaVersion', { schemaVersion: 99 }],
    ['schemaVersion', { schemaVersion: '1' }],
    ['incidentId', { incidentId: 42 }],
    ['streamId', { streamId: 'case-1' }],
    ['streamVersion', { streamVersion: 1.5 }],
    ['occurredAt', { occurredAt: '2026-01-01' }],
    ['recordedAt', { recordedAt: null }],
    ['actor', { actor: 'PC-1' }],
    ['actor.role', { actor: { id: 'x', role: 'admin' } }],
    ['actor.extra', { actor: { id: 'x', role: 'officer', extra: 1 } }],
    ['correlationId', { correlationId: '' }],
    ['causationId', { causationId: 7 }],
    ['traceparent', { traceparent: 'nope' }],
    ['subjectRef', { subjectRef: 'x'.repeat(101) }],
    ['data', { data: [] }],
    ['somethingElse', { somethingElse: true }],
  ])('refuses a bad %s (%j)', (field, change) => {
    const event = { ...fresh(sampleEnvelope('AdviceGiven')), ...change };
    const checked = checkReplayEnvelope(fresh(event));
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.reason).toMatch(new RegExp(`^${field.split('.')[0]}`));
    expect(validateEnvelope(fresh(event)).ok).toBe(false);
  });

  it('refuses what is not an object', () => {
    expect(checkReplayEnvelope([1]).ok).toBe(false);
    expect(checkReplayEnvelope('x').ok).toBe(false);
    expect(checkReplayEnvelope(null).ok).toBe(false);
  });
});
