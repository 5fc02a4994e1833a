import type { EventEnvelope, EventType } from '@rcrp/events';
import { sampleEnvelope } from '@rcrp/events/testing/sample-events';
import { analystRecordOf, type Pseudonymiser } from '@rcrp/personal-data';
import { CALL_VIEW_PERSONAL_PATHS, callViewOf } from './call-view';

const QUEUED_AT = '2026-11-23T21:04:00.000Z';

function stream(...steps: Array<[EventType, Record<string, unknown>]>): EventEnvelope[] {
  return steps.map(([type, data], index) => {
    const sample = sampleEnvelope(type);
    return {
      ...sample,
      streamVersion: index + 1,
      subjectRef: 'subj-1',
      data: { ...(sample.data as object), ...data },
    };
  });
}

describe('callViewOf', () => {
  const events = stream(
    ['CallQueued', { queuedAt: QUEUED_AT, priority: 40, presentingConcerns: ['suicidal-ideation'] }],
    [
      'CallAnswered',
      { answeredAt: '2026-11-23T21:04:30.000Z', clinicianId: 'RN-1', profession: 'registered-nurse' },
    ],
    ['RiskAssessed', { level: 'high', rationale: 'private reasoning' }],
    [
      'AdviceGiven',
      {
        givenAt: '2026-11-23T21:06:00.000Z',
        recommendation: 'refer-to-crisis-team',
        rationale: 'private advice',
      },
    ],
    [
      'AdviceGiven',
      { givenAt: '2026-11-23T21:09:00.000Z', recommendation: 'other', rationale: 'more advice' },
    ],
    ['TriageClosed', { closedAt: '2026-11-23T21:10:00.000Z' }],
  );

  it('folds the steps, measuring time to answer and to the first advice from the moment the call queued', () => {
    const view = callViewOf(events)!;
    expect(view).toMatchObject({
      status: 'closed',
      version: 6,
      priority: 40,
      timeToAnswerSeconds: 30,
      timeToAdviceSeconds: 120,
    });
    expect(view.advice.map((advice) => advice.recommendation)).toEqual(['refer-to-crisis-team', 'other']);
  });

  it('is null for a stream without a queued call, and stands still before it is answered', () => {
    expect(callViewOf([])).toBeNull();
    expect(callViewOf(events.slice(0, 1))).toMatchObject({
      status: 'queued',
      answer: null,
      timeToAnswerSeconds: null,
    });
  });

  it('shows analysts no free text and no subject reference', () => {
    const pseudonyms = { pseudonymFor: () => 'psn-abc' } as unknown as Pseudonymiser;
    const seen = JSON.stringify(analystRecordOf(callViewOf(events)!, CALL_VIEW_PERSONAL_PATHS, pseudonyms));
    for (const text of ['private reasoning', 'private advice', 'subj-1']) expect(seen).not.toContain(text);
    expect(seen).toContain('psn-abc');
    expect(seen).toContain('refer-to-crisis-team');
  });
});
