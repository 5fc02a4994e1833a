import { sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { triageCommandFor } from './intake-commands';

describe('triageCommandFor (what an intake event asks of triage)', () => {
  it('queues a call for a report, at the moment intake recorded it, with its presenting concerns', () => {
    const event = sampleEnvelope('IncidentReported');
    expect(triageCommandFor(event)).toEqual({
      type: 'QueueCall',
      now: event.recordedAt,
      incidentId: event.incidentId,
      presentingConcerns: event.data.presentingConcerns,
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
