import type { TriageEvent } from '@rcrp/events';
import { deciderSpec } from '../testing/decider-spec';
import { triageDecider, type TriageCommand } from './triage-decider';

const incidentId = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const t0 = '2026-11-23T21:05:00Z';
const t1 = '2026-11-23T21:07:30Z';
const spec = deciderSpec(triageDecider);

const context = {
  officerId: 'PC-4821',
  force: 'MPS',
  borough: 'Lambeth',
  category: 'concern-for-welfare',
  locationKind: 'public-place',
  sourceSystem: 'met-cad',
  externalRef: 'CAD-20261123-0417',
} as const;
const queued: TriageEvent = {
  type: 'CallQueued',
  data: { incidentId, queuedAt: t0, priority: 40, presentingConcerns: ['suicidal-ideation'], ...context },
};
const answered: TriageEvent = {
  type: 'CallAnswered',
  data: { incidentId, answeredAt: t1, clinicianId: 'RN-104', profession: 'registered-nurse' },
};
const advised: TriageEvent = {
  type: 'AdviceGiven',
  data: {
    incidentId,
    givenAt: t1,
    clinicianId: 'RN-104',
    profession: 'registered-nurse',
    recommendation: 'refer-to-crisis-team',
    rationale: 'Calmer, agrees to crisis team visit.',
  },
};
const closed: TriageEvent = { type: 'TriageClosed', data: { incidentId, closedAt: t1 } };
const abandoned: TriageEvent = {
  type: 'CallAbandoned',
  data: { incidentId, abandonedAt: t1, reason: 'caller-disconnected' },
};
const withdrawn: TriageEvent = { type: 'CallWithdrawn', data: { incidentId, withdrawnAt: t1 } };

const c = {
  queue: { type: 'QueueCall', now: t0, incidentId, presentingConcerns: ['suicidal-ideation'], context },
  update: {
    type: 'UpdateQueuedCall',
    now: t1,
    incidentId,
    presentingConcerns: ['suicidal-ideation', 'weapon'],
  },
  withdraw: { type: 'WithdrawCall', now: t1, incidentId },
  answer: { type: 'AnswerCall', now: t1, incidentId, clinicianId: 'RN-104', profession: 'registered-nurse' },
  risk: {
    type: 'AssessRisk',
    now: t1,
    incidentId,
    clinicianId: 'RN-104',
    level: 'moderate',
    factors: ['previous attempts'],
    rationale: 'Engaging, no plan.',
  },
  records: { type: 'CheckRecords', now: t1, incidentId, clinicianId: 'RN-104', knownToServices: false },
  advise: {
    type: 'GiveAdvice',
    now: t1,
    incidentId,
    clinicianId: 'RN-104',
    profession: 'registered-nurse',
    recommendation: 'refer-to-crisis-team',
    rationale: 'Calmer, agrees to crisis team visit.',
  },
  close: { type: 'CloseTriage', now: t1, incidentId },
  abandon: { type: 'AbandonCall', now: t1, incidentId, reason: 'caller-disconnected' },
} satisfies Record<string, TriageCommand>;

describe('triage decider: the happy path', () => {
  it('queues a call with a priority from its concerns', () => spec.given([]).when(c.queue).then([queued]));
  it('re-prioritises a queued call on amendment', () =>
    spec
      .given([queued])
      .when(c.update)
      .then([
        {
          type: 'CallQueueUpdated',
          data: {
            incidentId,
            updatedAt: t1,
            priority: 46,
            presentingConcerns: ['suicidal-ideation', 'weapon'],
          },
        },
      ]));
  it('answers a queued call', () => spec.given([queued]).when(c.answer).then([answered]));
  it('assesses risk', () =>
    spec
      .given([queued, answered])
      .when(c.risk)
      .thenMatches([{ type: 'RiskAssessed', data: { level: 'moderate' } }]));
  it('checks records', () =>
    spec
      .given([queued, answered])
      .when(c.records)
      .then([
        {
          type: 'RecordsChecked',
          data: { incidentId, checkedAt: t1, clinicianId: 'RN-104', knownToServices: false },
        },
      ]));
  it('gives advice, more than once', () =>
    spec.given([queued, answered, advised]).when(c.advise).then([advised]));
  it('closes after advice', () => spec.given([queued, answered, advised]).when(c.close).then([closed]));
  it('abandons a queued or answered call', () => {
    spec.given([queued]).when(c.abandon).then([abandoned]);
    spec.given([queued, answered]).when(c.abandon).then([abandoned]);
  });
  it('takes a withdrawn incident off the queue, or ends its open triage', () => {
    spec.given([queued]).when(c.withdraw).then([withdrawn]);
    spec.given([queued, answered]).when(c.withdraw).then([withdrawn]);
  });
});

describe('triage decider: intake-driven commands never fail on a normal race', () => {
  it('ignores an amendment once answered, or when the concerns did not change', () => {
    spec.given([queued, answered]).when(c.update).thenNothing();
    spec
      .given([queued])
      .when({ ...c.update, presentingConcerns: ['suicidal-ideation'] })
      .thenNothing();
  });
  it('ignores a withdrawal once the triage has ended', () => {
    spec.given([queued, answered, advised, closed]).when(c.withdraw).thenNothing();
    spec.given([queued, abandoned]).when(c.withdraw).thenNothing();
    spec.given([queued, withdrawn]).when(c.withdraw).thenNothing();
  });
});

describe('triage decider: illegal transitions', () => {
  it('TRIAGE-ALREADY-QUEUED', () => spec.given([queued]).when(c.queue).thenThrows('TRIAGE-ALREADY-QUEUED'));
  it('TRIAGE-NOT-QUEUED', () => {
    for (const command of [c.update, c.withdraw, c.answer, c.risk, c.records, c.advise, c.close, c.abandon]) {
      spec.given([]).when(command).thenThrows('TRIAGE-NOT-QUEUED');
    }
  });
  it('TRIAGE-ALREADY-ANSWERED, saying by whom and when', () =>
    spec
      .given([queued, answered])
      .when(c.answer)
      .thenThrows('TRIAGE-ALREADY-ANSWERED', {
        message: `This call was already answered by RN-104 at ${t1}.`,
      }));
  it('TRIAGE-NOT-ANSWERED', () => {
    for (const command of [c.risk, c.records, c.advise, c.close]) {
      spec.given([queued]).when(command).thenThrows('TRIAGE-NOT-ANSWERED');
    }
  });
  it('TRIAGE-CALL-ABANDONED: no advice (or anything else) on an abandoned call', () => {
    for (const command of [c.advise, c.answer, c.risk, c.close, c.abandon]) {
      spec.given([queued, answered, abandoned]).when(command).thenThrows('TRIAGE-CALL-ABANDONED');
    }
  });
  it('TRIAGE-CLOSED', () => {
    for (const command of [c.advise, c.close, c.abandon]) {
      spec.given([queued, answered, advised, closed]).when(command).thenThrows('TRIAGE-CLOSED');
    }
  });
  it('TRIAGE-CALL-WITHDRAWN', () => {
    for (const command of [c.answer, c.advise]) {
      spec.given([queued, withdrawn]).when(command).thenThrows('TRIAGE-CALL-WITHDRAWN');
    }
  });
  it('TRIAGE-CLOSE-WITHOUT-ADVICE', () =>
    spec.given([queued, answered]).when(c.close).thenThrows('TRIAGE-CLOSE-WITHOUT-ADVICE'));
  it('COMMAND-TIME-INVALID', () =>
    spec
      .given([])
      .when({ ...c.queue, now: '' })
      .thenThrows('COMMAND-TIME-INVALID'));
});

describe('triage state', () => {
  it('keeps the measures time-to-answer and time-to-advice can be read from', () => {
    const state = [queued, answered, advised, advised].reduce(
      triageDecider.evolve,
      triageDecider.initialState(),
    );
    expect(state).toMatchObject({ queuedAt: t0, answeredAt: t1, firstAdviceAt: t1, adviceCount: 2 });
  });
});
