import { describeCallChanges, type CallView } from './call-view';

const call: CallView = {
  incidentId: 'i-1',
  version: 2,
  status: 'answered',
  priority: 40,
  presentingConcerns: ['suicidal-ideation'],
  queuedAt: '2026-12-01T10:00:00Z',
  context: {
    officerId: 'PC-1',
    force: 'MPS',
    borough: 'Lambeth',
    category: 'concern-for-welfare',
    locationKind: 'public-place',
    sourceSystem: null,
    externalRef: null,
  },
  answer: { answeredAt: '2026-12-01T10:01:00Z', clinicianId: 'RN-1', profession: 'registered-nurse' },
  riskAssessments: [],
  recordsChecks: [],
  advice: [],
  closedAt: null,
  timeToAnswerSeconds: 60,
  timeToAdviceSeconds: null,
};

describe('what changed, after a version conflict', () => {
  it('names what someone else recorded', () => {
    const after: CallView = {
      ...call,
      version: 4,
      riskAssessments: [{ assessedAt: 'x', clinicianId: 'RN-2', level: 'high', factors: [], rationale: 'r' }],
      advice: [
        {
          givenAt: 'x',
          clinicianId: 'RN-2',
          profession: 'registered-nurse',
          recommendation: 'refer-to-crisis-team',
          rationale: 'r',
        },
      ],
    };
    expect(describeCallChanges(call, after)).toEqual([
      '1 new risk assessment by RN-2',
      '1 new advice by RN-2',
    ]);
  });

  it('names a change of status and of the answer', () => {
    const queued: CallView = { ...call, version: 1, status: 'queued', answer: null };
    expect(describeCallChanges(queued, call)).toEqual([
      'the call is now answered (was queued)',
      'answered by RN-1',
    ]);
  });

  it('falls back to the versions when nothing it knows changed', () => {
    expect(describeCallChanges(call, { ...call, version: 3 })).toEqual(['version 3 (was 2)']);
  });
});
