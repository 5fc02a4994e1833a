import type { IncidentDetailsAmended, IncidentReported, IncidentWithdrawn } from '@rcrp/events';
import { SAMPLE_INCIDENT_REPORT } from '@rcrp/events/testing/sample-events';
import { deciderSpec } from '../testing/decider-spec';
import { ageInYears } from './age';
import { incidentDecider, type IncidentCommand } from './incident-decider';

const incidentId = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
const now = '2026-11-23T21:05:00Z';
const spec = deciderSpec(incidentDecider);

const report: IncidentCommand = {
  type: 'ReportIncident',
  now,
  incidentId,
  subjectRef: 'subj-1',
  report: SAMPLE_INCIDENT_REPORT,
};
const reported: IncidentReported = {
  type: 'IncidentReported',
  data: {
    ...SAMPLE_INCIDENT_REPORT,
    incidentId,
    subject: { ...SAMPLE_INCIDENT_REPORT.subject, ref: 'subj-1', ageYears: 36 },
  },
};
const amend: IncidentCommand = {
  type: 'AmendIncidentDetails',
  now,
  incidentId,
  changes: { presentingConcerns: ['weapon'] },
  reason: 'Officer saw a knife',
};
const withdraw: IncidentCommand = { type: 'WithdrawIncident', now, incidentId, reason: 'Reported in error' };
const withdrawn: IncidentWithdrawn = {
  type: 'IncidentWithdrawn',
  data: { incidentId, withdrawnAt: now, reason: 'Reported in error' },
};

describe('incident decider', () => {
  it('records a report with the subject reference and the age at report time', () => {
    spec.given([]).when(report).then([reported]);
  });

  it('records a line call without source, taking the age as given when there is no date of birth', () => {
    const { source: _source, ...ownCall } = SAMPLE_INCIDENT_REPORT;
    const subject = { sex: 'male' as const, ageYears: 17 };
    spec
      .given([])
      .when({ ...report, report: { ...ownCall, subject } })
      .thenMatches([
        { type: 'IncidentReported', data: { subject: { ref: 'subj-1', sex: 'male', ageYears: 17 } } },
      ]);
  });

  it('INCIDENT-REPORTED-AT-INVALID: more than the window in the future or the past', () => {
    const window = { maxFutureMinutes: 2, maxPastDays: 30 };
    const at = (reportedAt: string) => ({
      ...report,
      reportedAtWindow: window,
      report: { ...SAMPLE_INCIDENT_REPORT, reportedAt },
    });
    spec.given([]).when(at('2030-01-01T00:00:00Z')).thenThrows('INCIDENT-REPORTED-AT-INVALID');
    spec.given([]).when(at('2026-11-23T21:07:01Z')).thenThrows('INCIDENT-REPORTED-AT-INVALID');
    spec.given([]).when(at('2026-10-24T21:04:59Z')).thenThrows('INCIDENT-REPORTED-AT-INVALID');
    spec
      .given([])
      .when(at('2026-11-23T21:07:00Z'))
      .thenMatches([{ type: 'IncidentReported' }]);
    spec
      .given([])
      .when(at('2026-10-24T21:05:00Z'))
      .thenMatches([{ type: 'IncidentReported' }]);
    // Without a window (replays of old reports, tests) nothing is checked.
    spec
      .given([])
      .when({ ...report, report: { ...SAMPLE_INCIDENT_REPORT, reportedAt: '2030-01-01T00:00:00Z' } })
      .thenMatches([{ type: 'IncidentReported' }]);
  });

  it('treats a repeated external report as the same incident (no new event)', () => {
    spec.given([reported]).when(report).thenNothing();
  });

  it('refuses a second, different report on the same incident', () => {
    const other = {
      ...report,
      report: { ...SAMPLE_INCIDENT_REPORT, source: { system: 'nhs-111', externalRef: 'X-1' } },
    };
    spec.given([reported]).when(other).thenThrows('INCIDENT-ALREADY-REPORTED');
  });

  it('refuses a date of birth after the report', () => {
    const future = {
      ...report,
      report: { ...SAMPLE_INCIDENT_REPORT, subject: { dateOfBirth: '2027-01-01' } },
    };
    spec.given([]).when(future).thenThrows('INCIDENT-DATE-OF-BIRTH-IN-FUTURE');
  });

  it('refuses a date of birth more than 130 years before the report', () => {
    const ancient = {
      ...report,
      report: {
        ...SAMPLE_INCIDENT_REPORT,
        reportedAt: '2031-06-01T00:00:00Z',
        subject: { dateOfBirth: '1900-01-01' },
      },
    };
    spec.given([]).when(ancient).thenThrows('INCIDENT-SUBJECT-AGE-IMPLAUSIBLE');
  });

  it('refuses a time that is not an instant', () => {
    spec
      .given([])
      .when({ ...report, now: 'yesterday' })
      .thenThrows('COMMAND-TIME-INVALID');
  });

  it('amends details, keeping only what changes', () => {
    const amended: IncidentDetailsAmended = {
      type: 'IncidentDetailsAmended',
      data: {
        incidentId,
        amendedAt: now,
        changes: { presentingConcerns: ['weapon'] },
        reason: 'Officer saw a knife',
      },
    };
    spec.given([reported]).when(amend).then([amended]);
  });

  it('derives the age when an amendment adds a date of birth', () => {
    spec
      .given([reported])
      .when({ ...amend, changes: { subject: { dateOfBirth: '2010-01-01' } } })
      .thenMatches([{ data: { changes: { subject: { dateOfBirth: '2010-01-01', ageYears: 16 } } } }]);
  });

  it('refuses an amendment that changes nothing', () => {
    spec
      .given([reported])
      .when({ ...amend, changes: {} })
      .thenThrows('INCIDENT-AMENDMENT-EMPTY');
  });

  it('refuses amending or withdrawing an incident never reported', () => {
    spec.given([]).when(amend).thenThrows('INCIDENT-NOT-REPORTED');
    spec.given([]).when(withdraw).thenThrows('INCIDENT-NOT-REPORTED');
  });

  it('withdraws a reported incident', () => {
    spec.given([reported]).when(withdraw).then([withdrawn]);
  });

  it('refuses amending a withdrawn incident', () => {
    spec.given([reported, withdrawn]).when(amend).thenThrows('INCIDENT-WITHDRAWN');
  });

  it('refuses withdrawing twice', () => {
    spec.given([reported, withdrawn]).when(withdraw).thenThrows('INCIDENT-ALREADY-WITHDRAWN');
  });

  it('tracks what the other services need from amendments', () => {
    const state = [
      reported,
      {
        type: 'IncidentDetailsAmended',
        data: {
          incidentId,
          amendedAt: now,
          changes: { location: { kind: 'private-dwelling' } },
          reason: 'moved inside',
        },
      } as IncidentDetailsAmended,
    ].reduce(incidentDecider.evolve, incidentDecider.initialState());
    expect(state).toMatchObject({
      status: 'reported',
      locationKind: 'private-dwelling',
      subjectAgeYears: 36,
    });
  });
});

describe('ageInYears', () => {
  it('counts a birthday only once it has come', () => {
    expect(ageInYears('2008-11-24', '2026-11-23T23:00:00Z')).toBe(17);
    expect(ageInYears('2008-11-23', '2026-11-23T00:00:00Z')).toBe(18);
  });
});
