import { sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { triageCommandFor } from './intake-commands';

describe('triageCommandFor (what an intake event asks of triage)', () => {
  it('queues a call for a report, at the moment intake recorded it, with its presenting concerns, who and where', () => {
    const event = sampleEnvelope('IncidentReported');
    expect(triageCommandFor(event)).toEqual({
      type: 'QueueCall',
      now: event.recordedAt,
      incidentId: event.incidentId,
      presentingConcerns: event.data.presentingConcerns,
      context: {
        officerId: 'PC-4821',
        force: 'MPS',
        borough: 'Lambeth',
        category: 'concern-for-welfare',
        locationKind: 'public-place',
        sourceSystem: 'met-cad',
        externalRef: 'CAD-20261123-0417',
      },
    });
  });

  it('queues a line call (no external source, no borough) with those as null', () => {
    const event = sampleEnvelope('IncidentReported');
    const { source: _source, ...report } = event.data;
    const lineCall = { ...event, data: { ...report, location: { kind: 'dwelling' as const } } };
    expect(triageCommandFor(lineCall)).toMatchObject({
      context: { borough: null, sourceSystem: null, externalRef: null, locationKind: 'dwelling' },
    });
  });

  it('updates the queued call when an amendment changes the presenting concerns, and only then', () => {
    const changed = sampleEnvelope('IncidentDetailsAmended');
    const withConcerns = {
      ...changed,
      data: { ...changed.data, changes: { presentingConcerns: ['weapon' as const] } },
    };
    expect(triageCommandFor(withConcerns)).toMatchObject({
      type: 'UpdateQueuedCall',
      presentingConcerns: ['weapon'],
    });
    const otherDetails = { ...changed, data: { ...changed.data, changes: { category: 'other' as const } } };
    expect(triageCommandFor(otherDetails)).toBeNull();
    const clearedToNull = { ...changed, data: { ...changed.data, changes: { presentingConcerns: null } } };
    expect(triageCommandFor(clearedToNull)).toBeNull();
  });

  it('withdraws the call when the incident is withdrawn', () => {
    expect(triageCommandFor(sampleEnvelope('IncidentWithdrawn'))).toMatchObject({ type: 'WithdrawCall' });
  });

  it('ignores events that do not concern triage', () => {
    expect(triageCommandFor(sampleEnvelope('SubjectDataErased'))).toBeNull();
    expect(triageCommandFor(sampleEnvelope('CallQueued'))).toBeNull();
  });
});
