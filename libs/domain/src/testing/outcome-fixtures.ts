import type { OutcomeEvent } from '@rcrp/events';
import { addHours, addMinutes } from '../time';
import type { IncidentContext } from '../outcome/incident-context';
import type { OutcomeCommand } from '../outcome/outcome-decider';

/** Events and commands for the outcome decider's tests. Times count from T0 (a current-law date). */
export const incidentId = '0192f3a4-5b6c-7d8e-9f01-23456789abcd';
export const adviceEventId = '0192f3a4-5b6c-7d8e-9f01-23456789abce';
export const T0 = '2026-11-23T21:00:00.000Z';
export const at = (minutes: number) => addMinutes(T0, minutes);
export const atHours = (hours: number) => addHours(T0, hours);

export const adultContext: IncidentContext = {
  locationKind: 'public-place',
  subjectAgeYears: 36,
  advice: [{ eventId: adviceEventId, clinicianId: 'RN-104', profession: 'registered-nurse', givenAt: T0 }],
};
export const noAdviceContext: IncidentContext = { ...adultContext, advice: [] };

/** Every regulation 2 condition (SI 2017/1036) of a police station for an adult. */
export const policeStationAuthorisation = {
  inspectorId: 'INSP-9',
  imminentRiskReason: 'Violent, no HBPoS can hold',
  noOtherPlaceReason: 'Both HBPoS in the borough full',
  healthcareProfessionalPresent: true,
};

type CommandOf<T extends OutcomeCommand['type']> = Extract<OutcomeCommand, { type: T }>;
type Rest<T extends OutcomeCommand['type']> = Omit<CommandOf<T>, 'type' | 'incidentId' | 'now'>;
export function command<T extends OutcomeCommand['type']>(type: T, now: string, rest: Rest<T>): CommandOf<T> {
  return { type, incidentId, now, ...rest } as unknown as CommandOf<T>;
}

export const ev = {
  consulted: (now = at(1)): OutcomeEvent => ({
    type: 'Section136ConsultationRecorded',
    data: {
      incidentId,
      consultedAt: now,
      clinicianId: 'AMHP-22',
      profession: 'amhp',
      notPracticableReason: null,
    },
  }),
  detained: (
    now = at(5),
    subjectAgeYears: number | null = 36,
    ruleSetId = 'england-wales-2017-12-11',
  ): OutcomeEvent => ({
    type: 'Section136Detained',
    data: {
      incidentId,
      detainedAt: now,
      officerId: 'PC-4821',
      locationKind: 'public-place',
      ruleSetId,
      consultationBasis: 'line-advice',
      adviceEventId,
      subjectAgeYears,
    },
  }),
  chosen: (
    now = at(10),
    kind: 'health-based-place-of-safety' | 'police-station' = 'health-based-place-of-safety',
    keptWhereFound = false,
    subjectAgeYears: number | null = 36,
  ): OutcomeEvent => ({
    type: 'PlaceOfSafetyChosen',
    data: {
      incidentId,
      chosenAt: now,
      kind,
      name: null,
      keptWhereFound,
      policeStationAuthorisation: kind === 'police-station' ? policeStationAuthorisation : null,
      subjectAgeYears,
    },
  }),
  conveyed: (now = at(20), lateEntryReason?: string): OutcomeEvent => ({
    type: 'ConveyanceRecorded',
    data: {
      incidentId,
      conveyedAt: now,
      mode: 'police-vehicle',
      policeVehicleReason: { code: 'ambulance-delayed', detail: null },
      ...(lateEntryReason ? { lateEntry: true, lateEntryReason } : {}),
    },
  }),
  welfareCheck: (now: string): OutcomeEvent => ({
    type: 'WelfareCheckRecorded',
    data: { incidentId, checkedAt: now, checkedBy: 'RN-104', profession: 'registered-nurse' },
  }),
  overdue: (sinceAt: string, dueAt: string, noticedAt: string): OutcomeEvent => ({
    type: 'WelfareCheckOverdue',
    data: { incidentId, sinceAt, dueAt, noticedAt, intervalMinutes: 30 },
  }),
  limitExceeded: (noticedAt: string, deadline: string): OutcomeEvent => ({
    type: 'DetentionLimitExceeded',
    data: { incidentId, deadline, noticedAt },
  }),
  arrived: (now = at(60)): OutcomeEvent => ({
    type: 'ArrivedAtPlaceOfSafety',
    data: { incidentId, arrivedAt: now },
  }),
  extended: (now: string, hours: number, newDeadline: string): OutcomeEvent => ({
    type: 'DetentionExtended',
    data: {
      incidentId,
      extendedAt: now,
      hours,
      authorisedBy: { clinicianId: 'GMC-7012345', profession: 'registered-medical-practitioner' },
      superintendentId: null,
      reason: 'Too intoxicated to be assessed',
      newDeadline,
    },
  }),
  ended: (now: string): OutcomeEvent => ({
    type: 'DetentionEnded',
    data: { incidentId, endedAt: now, reason: 'assessment-completed' },
  }),
  disposition: (now: string): OutcomeEvent => ({
    type: 'DispositionRecorded',
    data: { incidentId, recordedAt: now, disposition: 'no-further-action', notes: null },
  }),
  closed: (now: string): OutcomeEvent => ({ type: 'CaseClosed', data: { incidentId, closedAt: now } }),
};

/** Detained at T0+5min, chosen a HBPoS, arrived at T0+60min: the period ends at T0+60min+24h. */
export const atPlaceOfSafety = (): OutcomeEvent[] => [ev.detained(), ev.chosen(), ev.arrived()];
export const DEADLINE = addHours(at(60), 24);
